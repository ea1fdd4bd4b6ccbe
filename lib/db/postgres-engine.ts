/**
 * The server engine: any PostgreSQL (Supabase first of all) through postgres.js.
 *
 * `prepare: false` because Supabase's pooler in transaction mode (port 6543) hands each
 * transaction to whichever server connection is free, where a named prepared statement from
 * an earlier transaction does not exist. Values are parsed like PGlite parses them, so code
 * and tests see the same rows on both engines (see types.ts).
 */
import postgres from "postgres";
import {
  assertOutsideTransaction,
  isolationStatement,
  runInTransactionScope,
  runTransaction,
  translateErrors,
} from "./transaction";
import type { Database, Row, Transaction, TransactionOptions } from "./types";

export interface PostgresDatabaseOptions {
  url: string;
  /** Pool size. Keep it small on serverless hosts, where every instance has its own pool. */
  max?: number;
  /** Seconds an unused connection stays open. */
  idleTimeoutSeconds?: number;
  /** Seconds to wait for a connection before failing with ERR_DB_CONNECTION. */
  connectTimeoutSeconds?: number;
  applicationName?: string;
}

const OID = { int8: 20, json: 114, jsonb: 3802 } as const;

/**
 * PGlite returns int8 as a number and accepts a JSON string for a json/jsonb parameter;
 * postgres.js by default returns int8 as a string and JSON-encodes a string parameter again
 * (storing a JSON string scalar instead of the object). Align postgres.js with PGlite.
 * int8 values here are counts and byte sizes, far below 2^53.
 */
const types = {
  int8: {
    to: OID.int8,
    from: [OID.int8],
    serialize: (value: unknown) => String(value),
    parse: (raw: string) => Number(raw),
  },
  json: {
    to: OID.jsonb,
    from: [OID.json, OID.jsonb],
    serialize: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
    parse: (raw: string): unknown => JSON.parse(raw),
  },
};

type Sql = ReturnType<typeof postgres>;
// postgres.js types parameters by its own value unions; ours are unknown values it serialises.
type Params = Parameters<Sql["unsafe"]>[1];

async function runQuery<T extends Row>(sql: Sql | postgres.TransactionSql, text: string, params: readonly unknown[]) {
  const rows = await translateErrors(() => sql.unsafe(text, params as Params));
  // A plain array: postgres.js's RowList carries extra properties (count, command...).
  return Array.from(rows) as unknown as T[];
}

function wrapTransaction(tx: postgres.TransactionSql): Transaction {
  return {
    query: <T extends Row = Row>(text: string, params: readonly unknown[] = []) => runQuery<T>(tx, text, params),
    async exec(text: string) {
      // No parameters: postgres.js uses the simple protocol, which allows several statements.
      await translateErrors(() => tx.unsafe(text).simple());
    },
  };
}

class PostgresDatabase implements Database {
  readonly engine = "postgres" as const;
  private closing: Promise<void> | undefined;

  constructor(private readonly sql: Sql) {}

  async query<T extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    assertOutsideTransaction(this, "query()");
    return runQuery<T>(this.sql, text, params);
  }

  async exec(text: string): Promise<void> {
    assertOutsideTransaction(this, "exec()");
    await translateErrors(() => this.sql.unsafe(text).simple());
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    assertOutsideTransaction(this, "transaction()");
    return runTransaction<postgres.TransactionSql, T>(
      async (body) => (await this.sql.begin((tx) => body(tx))) as T,
      (pgTx) =>
        runInTransactionScope(this, async () => {
          const tx = wrapTransaction(pgTx);
          if (options.isolationLevel) await tx.query(isolationStatement(options.isolationLevel));
          return fn(tx);
        }),
    );
  }

  close(): Promise<void> {
    this.closing ??= this.sql.end({ timeout: 5 });
    return this.closing;
  }
}

/** Connects lazily: the first query opens the first connection. Does not migrate. */
export function createPostgresDatabase(options: PostgresDatabaseOptions): Database {
  const sql = postgres(options.url, {
    prepare: false,
    max: options.max ?? 10,
    idle_timeout: options.idleTimeoutSeconds ?? 20,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    // NOTICEs ("relation already exists, skipping") are noise in the app's logs.
    onnotice: () => {},
    types,
    connection: { application_name: options.applicationName ?? "training-data-studio" },
  });
  return new PostgresDatabase(sql);
}
