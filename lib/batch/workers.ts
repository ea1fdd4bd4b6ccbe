import "server-only";
import type { Queryable } from "@/lib/db/types";

/*
 * The batch_workers table: which worker processes are alive. A worker refreshes its row
 * every few seconds; a crashed one simply stops. The rows are what separates "running"
 * from "interrupted" for a user, whichever process serves the page.
 */

export interface WorkerRegistration {
  id: string;
  hostname: string;
  pid: number;
  kind: "loop" | "drive";
  ttlMs: number;
}

/** Registers or refreshes a worker: alive for ttlMs from now. */
export async function recordWorkerHeartbeat(db: Queryable, worker: WorkerRegistration): Promise<void> {
  await db.query(
    `insert into public.batch_workers (id, hostname, pid, kind, heartbeat_until)
     values ($1, $2, $3::int, $4, now() + $5::int * interval '1 millisecond')
     on conflict (id) do update set heartbeat_until = excluded.heartbeat_until`,
    [worker.id, worker.hostname, worker.pid, worker.kind, worker.ttlMs],
  );
  // Rows of workers long dead are of no use to anyone: keep the table small.
  await db.query("delete from public.batch_workers where heartbeat_until < now() - interval '1 hour'");
}

/** A worker that stops on purpose stops counting as alive at once. */
export async function removeWorker(db: Queryable, workerId: string): Promise<void> {
  await db.query("delete from public.batch_workers where id = $1", [workerId]);
}

/** True while at least one worker of the deployment is alive (then open batches are not "interrupted"). */
export async function isAnyWorkerAlive(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ alive: boolean }>(
    "select exists (select 1 from public.batch_workers where heartbeat_until > now()) as alive",
  );
  return row?.alive === true;
}
