/**
 * The migration runner: applies supabase/migrations/*.sql in filename order, each exactly
 * once, and records (name, sha256, applied_at) in public.schema_migrations.
 *
 * - Each migration runs in its own transaction together with its record: it is applied
 *   completely or not at all, and a crash never leaves it half-recorded. So a migration
 *   must not hold statements that refuse to run in a transaction (CREATE INDEX
 *   CONCURRENTLY, VACUUM) nor its own BEGIN/COMMIT.
 * - Concurrent runners (two app instances starting, a deploy and `npm run db:migrate`) take a
 *   transaction-scoped advisory lock and re-check the record under it, so each migration is
 *   applied once. Transaction-scoped, not session-scoped: behind Supabase's transaction-mode
 *   pooler a session lock could be taken on one server connection and released on another.
 * - An applied migration whose file has changed fails loudly (ERR_DB_MIGRATION_FAILED,
 *   naming the file): edit schema with a new migration, never by rewriting an old one.
 * - On engines without Supabase Auth (PGlite, plain Postgres) the local auth shim
 *   (supabase/local/auth-shim.sql) is applied first; on Supabase (auth.users exists) never.
 *
 * Files are read with node:fs at run time relative to process.cwd() (Next.js and the
 * scripts run from the project root), not imported. The reads are marked turbopackIgnore
 * because their paths are dynamic (tests pass their own dirs), which otherwise makes
 * `next build` trace the whole project into the server output; next.config.ts ships the
 * SQL files with every route instead (outputFileTracingIncludes).
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { AppError, DatabaseError, ErrorCode } from "@/lib/errors";
import type { Database, Queryable, Transaction } from "./types";

export interface MigrationFile {
  /** The file name, e.g. 20261128120000_initial_schema.sql. */
  name: string;
  /** SHA-256 (hex) of the file with line endings normalised to \n. */
  checksum: string;
  sql: string;
}

export interface MigrateOptions {
  /** Default: <cwd>/supabase/migrations. */
  migrationsDir?: string;
  /** Default: <cwd>/supabase/local/auth-shim.sql. */
  localShimPath?: string;
}

export interface MigrateResult {
  /** Migrations this run applied, in order. */
  applied: string[];
  /** Every applied migration afterwards, in order. */
  all: string[];
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export const MIGRATIONS_TABLE = "public.schema_migrations";

/** Supabase CLI naming: a 14-digit timestamp, an underscore, a name. */
const MIGRATION_NAME = /^\d{14}_[A-Za-z0-9_-]+\.sql$/;

/** An arbitrary constant that every runner of this app locks on. */
const ADVISORY_LOCK_KEY = "7627891835873899634";

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "supabase", "migrations");
}

export function defaultLocalShimPath(): string {
  return path.join(process.cwd(), "supabase", "local", "auth-shim.sql");
}

function migrationFailed(message: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
  const cause = options.cause;
  return new DatabaseError(ErrorCode.DB_MIGRATION_FAILED, message, {
    cause,
    context: options.context,
    sqlState: cause instanceof DatabaseError ? cause.sqlState : undefined,
    userMessage: "The database could not be prepared. An administrator needs to look at the server logs.",
  });
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n"), "utf8").digest("hex");
}

/** The migration files in the order they apply. */
export async function loadMigrations(migrationsDir: string = defaultMigrationsDir()): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(/*turbopackIgnore: true*/ migrationsDir);
  } catch (cause) {
    throw migrationFailed(`Cannot read the migrations directory ${migrationsDir}.`, { cause });
  }
  const sqlNames = names.filter((name) => name.endsWith(".sql")).sort();
  const misnamed = sqlNames.filter((name) => !MIGRATION_NAME.test(name));
  if (misnamed.length > 0) {
    // Skipping them silently would leave the schema behind without anyone noticing.
    throw migrationFailed(
      `Migration file name(s) not in the form <14-digit timestamp>_<name>.sql: ${misnamed.join(", ")} (in ${migrationsDir}).`,
    );
  }
  return Promise.all(
    sqlNames.map(async (name) => {
      const file = path.join(/*turbopackIgnore: true*/ migrationsDir, name);
      const sql = await fs.readFile(/*turbopackIgnore: true*/ file, "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

async function lock(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${ADVISORY_LOCK_KEY})`);
}

/** Supabase provides Auth's schema and tables; anything else gets the local shim. */
async function hasSupabaseAuth(tx: Queryable): Promise<boolean> {
  const rows = await tx.query<{ present: boolean }>(`select to_regclass('auth.users') is not null as present`);
  return rows[0]?.present === true;
}

async function bootstrap(db: Database, localShimPath: string): Promise<void> {
  try {
    await bootstrapInTransaction(db, localShimPath);
  } catch (err) {
    if (isPassThrough(err)) throw err;
    const detail = err instanceof AppError ? describeCause(err) : String(err);
    throw migrationFailed(`Preparing the database for migrations failed: ${detail}`, { cause: err });
  }
}

async function bootstrapInTransaction(db: Database, localShimPath: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lock(tx);
    if (!(await hasSupabaseAuth(tx))) {
      let shim: string;
      try {
        shim = await fs.readFile(/*turbopackIgnore: true*/ localShimPath, "utf8");
      } catch (cause) {
        throw migrationFailed(`Cannot read the local auth shim ${localShimPath}.`, { cause });
      }
      await tx.exec(shim);
    }
    await tx.exec(`
      create table if not exists ${MIGRATIONS_TABLE} (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      );
      -- In Supabase's public schema every table is reachable through the Data API: with RLS
      -- on and no policy, only the owner (this runner) can read or write it.
      alter table ${MIGRATIONS_TABLE} enable row level security;
    `);
  });
}

interface AppliedRow extends Record<string, unknown> {
  name: string;
  checksum: string;
}

async function readApplied(db: Queryable): Promise<AppliedRow[]> {
  return db.query<AppliedRow>(`select name, checksum from ${MIGRATIONS_TABLE} order by name`);
}

function assertUnchanged(file: MigrationFile, recordedChecksum: string): void {
  if (file.checksum !== recordedChecksum) {
    throw migrationFailed(
      `Migration ${file.name} was changed after it was applied (checksum ${recordedChecksum.slice(0, 12)}… ` +
        `recorded, ${file.checksum.slice(0, 12)}… on disk). Restore the applied version and put the change ` +
        `in a new migration file.`,
      { context: { migration: file.name, recordedChecksum, fileChecksum: file.checksum } },
    );
  }
}

/** Applies one migration with its record, unless another runner has meanwhile. True if applied. */
async function applyOne(db: Database, file: MigrationFile): Promise<boolean> {
  try {
    return await db.transaction(async (tx: Transaction) => {
      await lock(tx);
      const [recorded] = await tx.query<AppliedRow>(`select name, checksum from ${MIGRATIONS_TABLE} where name = $1`, [
        file.name,
      ]);
      if (recorded) {
        assertUnchanged(file, recorded.checksum);
        return false;
      }
      await tx.exec(file.sql);
      await tx.query(`insert into ${MIGRATIONS_TABLE} (name, checksum) values ($1, $2)`, [file.name, file.checksum]);
      return true;
    });
  } catch (err) {
    if (isPassThrough(err)) throw err;
    const detail = err instanceof AppError ? describeCause(err) : String(err);
    throw migrationFailed(`Migration ${file.name} failed and was rolled back: ${detail}`, {
      cause: err,
      context: { migration: file.name },
    });
  }
}

/**
 * Errors that keep their own verdict: ours, and retryable ones (a dropped connection, a
 * serialization failure) that say "try again", not "the migration is broken".
 */
function isPassThrough(err: unknown): boolean {
  return err instanceof AppError && (err.code === ErrorCode.DB_MIGRATION_FAILED || err.isRecoverable);
}

/** The driver's own words (kept for operators; the route layer never shows them to users). */
function describeCause(err: AppError): string {
  const driverMessage = err.context.driverMessage;
  return typeof driverMessage === "string" ? driverMessage : err.message;
}

/** Applies every pending migration. Safe to run again (nothing to do) and concurrently. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const files = await loadMigrations(options.migrationsDir);
  await bootstrap(db, options.localShimPath ?? defaultLocalShimPath());

  const recorded = new Map((await readApplied(db)).map((row) => [row.name, row.checksum]));
  for (const file of files) {
    const checksum = recorded.get(file.name);
    if (checksum !== undefined) assertUnchanged(file, checksum);
  }

  const applied: string[] = [];
  for (const file of files) {
    if (recorded.has(file.name)) continue;
    if (await applyOne(db, file)) applied.push(file.name);
  }

  const all = (await readApplied(db)).map((row) => row.name);
  return { applied, all };
}

/** What has been applied and what is waiting (for GET /api/health). Changes nothing. */
export async function migrationStatus(db: Queryable, options: Pick<MigrateOptions, "migrationsDir"> = {}) {
  const files = await loadMigrations(options.migrationsDir);
  const [table] = await db.query<{ present: boolean }>(
    `select to_regclass('${MIGRATIONS_TABLE}') is not null as present`,
  );
  const applied = table?.present ? (await readApplied(db)).map((row) => row.name) : [];
  const appliedSet = new Set(applied);
  const status: MigrationStatus = { applied, pending: files.map((f) => f.name).filter((n) => !appliedSet.has(n)) };
  return status;
}
