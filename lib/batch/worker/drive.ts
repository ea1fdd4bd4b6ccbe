import "server-only";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import type { ServerEnv } from "@/lib/env";
import { getGenerator } from "@/lib/generation";
import { unfinishedItemSql } from "../item-predicates";
import { BatchWorker } from "./batch-worker";
import { budgetFromEnv } from "./worker-options";

/** Where a drive hands over to a fresh invocation: the cron route, authorised by CRON_SECRET. */
export const DRIVE_PATH = "/api/cron/drive-batches";
export interface DriveResult {
  workerId: string;
  /** Work was left when the drive's time was up, and a fresh invocation was asked to continue. */
  handedOver: boolean;
}

/**
 * True while a queued or running batch has work no live worker holds: runnable now, parked
 * until later, or leased by a worker that died. Items leased by a live worker (another drive)
 * are its to finish and hand over; a hand-over for them would only start idle invocations.
 */
async function unheldWorkRemains(db: Database, maxAttempts: number): Promise<boolean> {
  const [row] = await db.query<{ remains: boolean }>(
    `select exists (
       select 1 from public.batch_jobs j
        join public.batch_items i on i.job_id = j.id and i.user_id = j.user_id
       where j.status in ('pending', 'running') and ${unfinishedItemSql("i", "$1::int")}
         and not (i.status = 'running' and i.lease_until >= now())
     ) as remains`,
    [maxAttempts],
  );
  return row?.remains === true;
}

/**
 * Where a drive hands over: APP_URL, else Vercel's production or deployment URL. Never a
 * request's Host header: the hand-over carries CRON_SECRET.
 */
export function driveOrigin(env: ServerEnv): string | undefined {
  if (env.APP_URL) return env.APP_URL;
  const host = env.VERCEL_PROJECT_PRODUCTION_URL ?? env.VERCEL_URL;
  return host ? `https://${host}` : undefined;
}

/**
 * One serverless drive (Vercel keeps no process between requests): the same worker as a
 * long-lived process, bounded in time. It stops claiming before BATCH_DRIVE_MAX_MS, lets its
 * items finish, and, when work remains, calls the drive route so a fresh invocation carries
 * on. A drive with nothing to do ends after a few idle seconds.
 */
export async function runDrive(input: { db: Database; env: ServerEnv }): Promise<DriveResult> {
  const { db, env } = input;
  const graceMs = Math.min(config.batch.shutdownGraceMs, Math.floor(env.BATCH_DRIVE_MAX_MS / 4));
  const worker = new BatchWorker({
    db,
    kind: "drive",
    budget: budgetFromEnv(env),
    leaseMs: env.BATCH_LEASE_MS,
    stopClaimingAfterMs: env.BATCH_DRIVE_MAX_MS - graceMs,
    stopWhenIdleForMs: 3_000,
    // The provider as the given environment configures it (the same as the process's in the app).
    generatorFor: (batchConfig) => getGenerator({ config: batchConfig, env }),
  });
  await worker.start();
  await worker.finished();
  await worker.stop(graceMs);

  if (!(await unheldWorkRemains(db, config.batch.maxItemAttempts))) return { workerId: worker.id, handedOver: false };
  const origin = driveOrigin(env);
  if (!origin || !env.CRON_SECRET) {
    errorLogger.warn("A serverless drive ran out of time with work left, but cannot hand over", {
      reason: !env.CRON_SECRET ? "CRON_SECRET is not set" : "APP_URL is not set (nor VERCEL_URL)",
      hint: "The next page view of the batch or the cron continues it.",
    });
    return { workerId: worker.id, handedOver: false };
  }
  try {
    // The drive route answers at once (its work runs after the response): wait only for that.
    await fetch(new URL(DRIVE_PATH, origin), {
      method: "POST",
      headers: { authorization: `Bearer ${env.CRON_SECRET}` },
      signal: AbortSignal.timeout(10_000),
    });
    return { workerId: worker.id, handedOver: true };
  } catch (error) {
    errorLogger.warn(error, { stage: "drive handover" });
    return { workerId: worker.id, handedOver: false };
  }
}
