import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import type { ServerEnv } from "@/lib/env";

/**
 * Who may run the cron routes: a caller presenting `Authorization: Bearer $CRON_SECRET`
 * (what Vercel Cron sends when CRON_SECRET is set on the project).
 *
 * - No CRON_SECRET in production: 500 ERR_CONFIG_INVALID. The job must not be left open to
 *   anyone, and it is a deployment mistake someone must fix, not a caller's error.
 * - No CRON_SECRET elsewhere (development, test): every call is a 401; set one to run it.
 * - Missing or wrong token: 401.
 */
export function authorizeCron(request: Request, env: Pick<ServerEnv, "CRON_SECRET" | "NODE_ENV">): void {
  const secret = env.CRON_SECRET;
  if (secret === undefined) {
    if (env.NODE_ENV === "production") {
      throw new AppError(
        ErrorCode.CONFIG_INVALID,
        "CRON_SECRET is not set: the scheduled clean-up refuses to run unprotected. Set CRON_SECRET (16+ characters) in the deployment's environment.",
      );
    }
    throw unauthorized("CRON_SECRET is not set; set it to run this job outside production.");
  }
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  if (!match?.[1] || !constantTimeEquals(match[1], secret)) {
    throw unauthorized("Send Authorization: Bearer <CRON_SECRET> to run this job.");
  }
}

/** Compares digests (equal length whatever the input), so the time taken reveals nothing. */
function constantTimeEquals(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

function unauthorized(message: string): AppError {
  return new AppError(ErrorCode.AUTH_REQUIRED, message);
}
