/**
 * `npm run db:migrate`: applies pending migrations to the configured database
 * (DATABASE_URL, else the PGlite data dir in PGLITE_DIR) and prints what it applied.
 *
 * On the embedded engine this respects the data dir's lock: while `npm run dev` holds it,
 * this refuses with a message saying what to do (the app migrates PGlite on first use
 * anyway). Exit code 0 on success, 1 on any failure.
 */
import { explain, loadEnvFiles } from "./cli-support";
import { createDatabase, databaseOptionsFromEnv } from "@/lib/db/create-database";
import { migrate } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";

/** Where the database is, without credentials. */
function describeTarget(databaseUrl: string | undefined, pgliteDir: string | undefined): string {
  if (!databaseUrl) return `PGlite in ${pgliteDir}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

async function main(): Promise<number> {
  loadEnvFiles();
  let db: Database | undefined;
  try {
    const options = databaseOptionsFromEnv();
    console.log(`Migrating ${describeTarget(options.databaseUrl, options.pgliteDir)}`);
    db = await createDatabase({ ...options, migrate: false });
    const result = await migrate(db);
    if (result.applied.length === 0) {
      console.log(`Already up to date (${result.all.length} migration(s) applied).`);
    } else {
      for (const name of result.applied) console.log(`  applied ${name}`);
      console.log(`Applied ${result.applied.length} migration(s); ${result.all.length} in total.`);
    }
    return 0;
  } catch (err) {
    console.error(`db:migrate failed: ${explain(err)}`);
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

process.exitCode = await main();
