import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { gone, notFound } from "@/lib/errors";
import type { BatchJobStatus } from "./types";

export interface HeartbeatInput {
  db?: Database;
  userId: string;
  jobId: string;
  runnerId: string;
  /** How long this heartbeat keeps the runner "running elsewhere" for other tabs. */
  ttlMs?: number;
}

/** 404 for a job that is missing or not the user's; 410 for one that no longer runs. */
export async function assertJobRunnable(db: Database, userId: string, jobId: string): Promise<void> {
  const [job] = await db.query<{ status: BatchJobStatus }>(
    "select status from public.batch_jobs where id = $1 and user_id = $2",
    [jobId, userId],
  );
  if (!job) throw notFound("Batch", { jobId });
  if (job.status === "cancelled") throw gone("This batch was discarded.", { jobId });
  if (job.status === "completed" || job.status === "completed_with_errors") {
    throw gone("This batch is already finished; there is nothing left to run.", { jobId, status: job.status });
  }
}

/**
 * A runner's sign of life: keeps it listed as running (the resume dialog's "running
 * elsewhere"). It renews no item lease on purpose: a lease is kept alive only by the call
 * generating the item (generateItemOnce renews its own). A runner outliving one of its
 * generations (a tab whose request died with a restarted server, a process whose save
 * failed) would otherwise hold that orphaned item forever and wait on it itself.
 */
export async function heartbeat(input: HeartbeatInput): Promise<void> {
  const db = input.db ?? (await getDb());
  const ttlMs = input.ttlMs ?? config.batch.runnerTtlMs;
  const rows = await db.query(
    `insert into public.batch_runners (job_id, runner_id, user_id, heartbeat_until)
     select j.id, $3, j.user_id, now() + $4::int * interval '1 millisecond'
       from public.batch_jobs j
      where j.id = $1 and j.user_id = $2 and j.status in ('pending', 'running', 'paused')
     on conflict (job_id, runner_id) do update set heartbeat_until = excluded.heartbeat_until
     returning job_id`,
    [input.jobId, input.userId, input.runnerId, ttlMs],
  );
  if (rows.length === 0) await assertJobRunnable(db, input.userId, input.jobId);
}

export interface ReleaseRunnerInput {
  db?: Database;
  userId: string;
  jobId: string;
  runnerId: string;
}

/** A runner that stops on purpose (pause, end of run) stops counting as "running elsewhere" at once. */
export async function releaseRunner(input: ReleaseRunnerInput): Promise<void> {
  const db = input.db ?? (await getDb());
  await db.query("delete from public.batch_runners where job_id = $1 and user_id = $2 and runner_id = $3", [
    input.jobId,
    input.userId,
    input.runnerId,
  ]);
}
