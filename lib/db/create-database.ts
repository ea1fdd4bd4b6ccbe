/**
 * Opens a database on the engine the configuration asks for, migrated unless told not to.
 *
 * Plain Node (no `server-only` marker) so that scripts run with tsx (db:migrate, the batch
 * runner) can open a database too; the app itself goes through the singleton in index.ts.
 */
import { serverEnv, type ServerEnv } from "@/lib/env";
import { migrate, type MigrateOptions } from "./migrate";
import { createPgliteDatabase, isMemoryDataDir } from "./pglite-engine";
import { createPostgresDatabase, type PostgresDatabaseOptions } from "./postgres-engine";
import type { Database } from "./types";

export interface CreateDatabaseOptions {
  /** A postgres:// URL selects PostgreSQL; without one the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite's data directory, or "memory://". Default: .data/pglite. */
  pgliteDir?: string;
  /** Apply pending migrations before returning. Default: true. */
  migrate?: boolean;
  migrations?: MigrateOptions;
  /** Pool settings for PostgreSQL. */
  postgres?: Omit<PostgresDatabaseOptions, "url">;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/** The options the environment asks for: DATABASE_URL, else PGLITE_DIR. */
export function databaseOptionsFromEnv(env: ServerEnv = serverEnv()): CreateDatabaseOptions {
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR };
}

export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? createPostgresDatabase({ ...options.postgres, url: options.databaseUrl })
    : await createPgliteDatabase({ dataDir: options.pgliteDir ?? DEFAULT_PGLITE_DIR });

  if (options.migrate !== false) {
    try {
      await migrate(db, options.migrations);
    } catch (err) {
      // Release the connection pool or the data dir's lock: the caller never gets the handle.
      await db.close().catch(() => undefined);
      throw err;
    }
  }
  if (db.engine === "pglite" && !isMemoryDataDir(options.pgliteDir ?? DEFAULT_PGLITE_DIR)) {
    // PGlite has no autovacuum, so nothing ever gathers planner statistics: without them
    // every keyset page (exports, lists) is planned as a scan of all remaining rows plus a
    // sort. One ANALYZE per open (and one a day, lib/maintenance/daily-cleanup.ts) keeps
    // those pages on the index.
    await db.exec("analyze");
  }
  return db;
}
