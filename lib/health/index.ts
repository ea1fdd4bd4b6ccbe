import "server-only";
import { describeDatabase } from "@/lib/db";
import { clientEnv } from "@/lib/client-env";
import { isSupabaseConfigured, serverEnv, type ServerEnv } from "@/lib/env";
import { AppError, DatabaseError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

export interface HealthReport {
  status: "ok";
  engine: "pglite" | "postgres";
  migrations: { applied: string[]; pending: string[] };
  generator: "offline" | "anthropic";
  auth: "local" | "supabase";
  version: string;
}

/**
 * What GET /api/health reports. Names only, never values: no URL, key or data dir, so the
 * route can stay public. A database that cannot be reached is a 503 (DB_CONNECTION).
 */
export async function healthReport(env: ServerEnv = serverEnv()): Promise<HealthReport> {
  let database: Awaited<ReturnType<typeof describeDatabase>>;
  try {
    database = await describeDatabase();
  } catch (error) {
    // A migration failure keeps its own code; anything else means "not reachable".
    if (error instanceof DatabaseError && error.code === ErrorCode.DB_MIGRATION_FAILED) throw error;
    throw new DatabaseError(ErrorCode.DB_CONNECTION, "The database is unreachable.", {
      cause: error,
      isRecoverable: true,
      context: { reason: error instanceof AppError ? error.code : "open or query failed" },
    });
  }
  return {
    status: "ok",
    engine: database.engine,
    migrations: { applied: database.migrations, pending: database.pending },
    generator: env.ANTHROPIC_API_KEY ? "anthropic" : "offline",
    auth: isSupabaseConfigured(env) ? "supabase" : "local",
    version: clientEnv.appVersion,
  };
}
