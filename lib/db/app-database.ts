/**
 * The app's database: one instance per process, opened (and migrated) on first use.
 * Import it from "@/lib/db" in the app; this module carries no `server-only` marker so that
 * instrumentation.ts and scripts run with tsx can use the same singleton.
 *
 * Kept on globalThis, not in a module variable: Next.js bundles route handlers and server
 * components separately and each bundle gets its own copy of this module, which would open
 * PGlite twice on one data dir. The start-up promise is stored, so concurrent first calls
 * share one opening; a failed opening (e.g. the data dir is locked) is retried next call.
 */
import { createDatabase, databaseOptionsFromEnv } from "./create-database";
import { migrationStatus } from "./migrate";
import type { Database, EngineName } from "./types";

interface DatabaseState {
  opening?: Promise<Database>;
  override?: Database;
}

const STATE_KEY = Symbol.for("training-data-studio.database");
type GlobalWithDatabase = typeof globalThis & { [STATE_KEY]?: DatabaseState };

function state(): DatabaseState {
  const g = globalThis as GlobalWithDatabase;
  g[STATE_KEY] ??= {};
  return g[STATE_KEY];
}

/** The process-wide database (or the one a test installed with setDatabaseForTesting). */
export function getDb(): Promise<Database> {
  const s = state();
  if (s.override) return Promise.resolve(s.override);
  if (!s.opening) {
    const opening = createDatabase(databaseOptionsFromEnv());
    s.opening = opening;
    opening.catch(() => {
      if (s.opening === opening) s.opening = undefined;
    });
  }
  return s.opening;
}

/**
 * Makes getDb() return `db`; undefined restores the configured database.
 * @internal For tests: they run the real code on their own PGlite or PostgreSQL schema.
 */
export function setDatabaseForTesting(db: Database | undefined): void {
  state().override = db;
}

/**
 * Closes the process-wide database; the next getDb() reopens it.
 * Only tests close it: the app keeps its database open for the life of the process.
 */
export async function closeDb(): Promise<void> {
  const s = state();
  const opening = s.opening;
  s.opening = undefined;
  if (opening) await (await opening.catch(() => undefined))?.close();
}

export interface DatabaseDescription {
  engine: EngineName;
  /** Applied migrations, in order. */
  migrations: string[];
  /** Migration files not applied yet. */
  pending: string[];
}

/** For GET /api/health: which engine serves the app and where its schema stands. */
export async function describeDatabase(): Promise<DatabaseDescription> {
  const db = await getDb();
  const status = await migrationStatus(db);
  return { engine: db.engine, migrations: status.applied, pending: status.pending };
}
