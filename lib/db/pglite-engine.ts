/**
 * The embedded engine: PGlite, a real Postgres compiled to WASM, in this process.
 *
 * PGlite has one connection. Its query() and exec() wait for a running transaction() to
 * finish (they share one mutex), so requests served concurrently never interleave into each
 * other's transactions. A data dir on disk is locked for this process (data-dir-lock.ts).
 */
import path from "node:path";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import {
  assertOutsideTransaction,
  isolationStatement,
  runInTransactionScope,
  runTransaction,
  translateErrors,
} from "./transaction";
import type { Database, Row, Transaction, TransactionOptions } from "./types";

export const MEMORY_DATA_DIR = "memory://";

export interface PgliteDatabaseOptions {
  /** A directory (relative to the working directory) or "memory://" (the default). */
  dataDir?: string;
}

export function isMemoryDataDir(dataDir: string | undefined): boolean {
  return dataDir === undefined || dataDir === "" || dataDir.startsWith(MEMORY_DATA_DIR);
}

// PGlite types its parameters as any[]; ours are unknown values it serialises itself.
type PgliteParams = Parameters<PGlite["query"]>[1];

function wrapTransaction(tx: PgliteTransaction): Transaction {
  return {
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      return translateErrors(async () => (await tx.query<T>(sql, params as PgliteParams)).rows);
    },
    async exec(sql: string) {
      await translateErrors(() => tx.exec(sql));
    },
  };
}

class PgliteDatabase implements Database {
  readonly engine = "pglite" as const;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pg: PGlite,
    private readonly lock: DataDirLock | undefined,
  ) {}

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    assertOutsideTransaction(this, "query()");
    return translateErrors(async () => (await this.pg.query<T>(sql, params as PgliteParams)).rows);
  }

  async exec(sql: string): Promise<void> {
    assertOutsideTransaction(this, "exec()");
    await translateErrors(() => this.pg.exec(sql));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    assertOutsideTransaction(this, "transaction()");
    return runTransaction<PgliteTransaction, T>(
      (body) => this.pg.transaction(body),
      (pgTx) =>
        runInTransactionScope(this, async () => {
          const tx = wrapTransaction(pgTx);
          if (options.isolationLevel) await tx.query(isolationStatement(options.isolationLevel));
          return fn(tx);
        }),
    );
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.pg.closed) await this.pg.close();
      } finally {
        this.lock?.release();
      }
    })();
    return this.closing;
  }
}

/**
 * Opens PGlite on `dataDir`, taking the data dir's lock first (a second process gets
 * ERR_DB_LOCKED instead of silently corrupting the data). Does not migrate.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  if (isMemoryDataDir(options.dataDir)) {
    const pg = await translateErrors(() => PGlite.create());
    return new PgliteDatabase(pg, undefined);
  }

  // turbopackIgnore: a run-time data dir, not a file the build should trace (it would
  // otherwise trace the whole project into the server output).
  const dataDir = path.resolve(/*turbopackIgnore: true*/ options.dataDir as string);
  const lock = await acquireDataDirLock(dataDir);
  try {
    const pg = await translateErrors(() => PGlite.create(dataDir));
    return new PgliteDatabase(pg, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}
