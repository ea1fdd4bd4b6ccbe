/**
 * What the operator commands (npm run batch, export, worker, db:migrate) share: reading the
 * .env files as Next.js does, wording an error for an operator, telling bad usage apart, and
 * (runCommand) the open-run-report-close frame of the commands that take arguments.
 */
import fs from "node:fs";
import { createDatabase, databaseOptionsFromEnv } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { EnvError } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";

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
  if (err instanceof AppError) {
    // The driver's words (sanitized by the error layer) help an operator more than ours.
    const driverMessage = err.context.driverMessage;
    const detail =
      typeof driverMessage === "string" && !err.message.includes(driverMessage) ? ` (${driverMessage})` : "";
    return `${err.code}: ${err.message}${detail}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Our UsageError or node:util parseArgs' own refusal (an unknown flag, a missing value). */
export function isUsageError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
  );
}

/** One line of output: the JSON event with --json, else the sentence. */
export type Emit = (event: Record<string, unknown>, text: string) => void;

export interface CommandSpec<C extends { json: boolean }> {
  /** The command's name, prefixed to its error lines ("export failed: ..."). */
  name: string;
  usage: string;
  parse: (argv: string[]) => C;
  run: (db: Database, cli: C, emit: Emit) => Promise<number>;
  /** The exit code for a failure with this AppError code (undefined: not an AppError). */
  exitCodeFor: (code: ErrorCode | undefined) => number;
  /** Undo what a failed run left behind (a partial file). */
  cleanUp?: (cli: C) => void;
}

/**
 * What every operator command does around its own work: bad usage prints the reason and the
 * usage (exit 2); the .env files are read; the database is opened (on PGlite this takes the
 * data dir's lock, and while the app holds it the lock's message says who and the ways out);
 * a failure is one error line and the exit code the command picks; the database is closed
 * whatever happened.
 */
export async function runCommand<C extends { json: boolean }>(spec: CommandSpec<C>): Promise<number> {
  let cli: C;
  try {
    cli = spec.parse(process.argv.slice(2));
  } catch (err) {
    if (!isUsageError(err)) throw err;
    if (err.message) console.error(`${spec.name}: ${err.message}`);
    console.error(spec.usage);
    return 2;
  }
  loadEnvFiles();
  const emit: Emit = (event, text) => console.log(cli.json ? JSON.stringify(event) : text);
  let db: Database | undefined;
  try {
    db = await createDatabase(databaseOptionsFromEnv());
    return await spec.run(db, cli, emit);
  } catch (err) {
    spec.cleanUp?.(cli);
    const code = err instanceof AppError ? err.code : undefined;
    emit({ event: "error", code, message: explain(err) }, `${spec.name} failed: ${explain(err)}`);
    return spec.exitCodeFor(code);
  } finally {
    await db?.close().catch(() => undefined);
  }
}
