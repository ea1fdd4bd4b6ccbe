/** A row as returned by either engine: column name -> value. */
export type Row = Record<string, unknown>;

/**
 * What queries run against: the database itself or an open transaction.
 * SQL uses $1, $2 ... placeholders on both engines. Pass JSON as a string and cast it
 * (`$1::jsonb`); int8 columns may come back as string (postgres.js) or number (PGlite),
 * so map rows with Number() where a count is read.
 */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export type EngineName = "pglite" | "postgres";

export interface Database extends Queryable {
  readonly engine: EngineName;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs raw SQL that may hold several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
