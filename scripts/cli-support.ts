/**
 * What the operator commands (npm run batch, export, worker, db:migrate) share: reading the
 * .env files as Next.js does, wording an error for an operator, and telling bad usage apart.
 */
import fs from "node:fs";
import { EnvError } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Thrown for bad arguments: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** Like Next.js: .env.local, then .env; variables already set in the environment win. */
export function loadEnvFiles(): void {
  for (const file of [".env.local", ".env"]) {
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}

/**
 * An error in an operator's words: the error's own text (who holds the PGlite lock and what
 * to do instead) helps more than the sentence written for end users.
 */
export function explain(err: unknown): string {
  if (err instanceof EnvError) return err.message;
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Our UsageError or node:util parseArgs' own refusal (an unknown flag, a missing value). */
export function isUsageError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
  );
}
