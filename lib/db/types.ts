/** A row as returned by either engine: column name -> value. */
export type Row = Record<string, unknown>;

/**
 * What queries run against: the database itself or an open transaction.
 * SQL uses $1, $2 ... placeholders on both engines, one statement per call.
 *
 * Values come back the same on both engines: int8 (count(*), bigint columns) as number,
 * numeric as string, timestamptz as Date, json/jsonb parsed, arrays (uuid[], text[]) as
 * arrays. Parameters: JS arrays bind to array types (`$1::uuid[]`); for json/jsonb pass
 * either a JSON string or an object (`$1::jsonb`), both engines accept both.
 * Every failure is thrown as DatabaseError (lib/errors), classified by SQLSTATE.
 */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** An open transaction: queries, plus multi-statement SQL (migrations use it). */
export interface Transaction extends Queryable {
  /** Runs raw SQL that may hold several statements; no parameters. */
  exec(sql: string): Promise<void>;
}

export type EngineName = "pglite" | "postgres";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export interface TransactionOptions {
  /** Default: the server's (read committed). E.g. "repeatable read" for a consistent snapshot. */
  isolationLevel?: IsolationLevel;
}

export interface Database extends Queryable {
  readonly engine: EngineName;
  /**
   * Runs fn in one transaction: committed when fn resolves, rolled back when it throws (what
   * fn threw reaches the caller unchanged). Inside fn use `tx`, never this database: calling
   * `db.query()` or `db.transaction()` from inside fn throws (on the embedded engine it would
   * wait forever for the transaction that waits for it).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs raw SQL that may hold several statements; no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
