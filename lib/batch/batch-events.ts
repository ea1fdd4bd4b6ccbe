import "server-only";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { notFound } from "@/lib/errors";
import { getBatch, listBatches } from "./batch-queries";
import { progressFromCounts } from "./processor";
import { JOB_COLUMNS, itemColumns, toItem, toJob, type ItemRow, type JobRow } from "./rows";
import { isTerminalJobStatus } from "./status";
import type { BatchEventPayload, BatchJob, OpenBatchesPayload } from "./types";
import { isAnyWorkerAlive } from "./workers";

/*
 * What the live views stream (GET /api/batches/:id/events, GET /api/batches/events). Each
 * connection keeps a cursor: its first read is the whole batch, later reads only what changed.
 */

/**
 * Items are re-read this far back from the newest change seen: a transaction's updated_at is
 * its start time, so one that started earlier can commit after a later one was read. Batch
 * transactions last milliseconds; ten seconds is a wide margin.
 */
const OVERLAP = "10 seconds";

/** updated_at as fixed-width UTC text with microseconds: exact, and ordered as text. */
const VERSION_SQL = `to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface VersionRow extends Record<string, unknown> {
  id: string;
  version: string;
}

function jobSignature(job: BatchJob): string {
  return `${job.updatedAt}|${job.displayStatus}`;
}

/** Follows one batch for one connection. 404 (thrown) when it is not the user's. */
export class BatchEventCursor {
  private readonly itemVersions = new Map<string, string>();
  private jobSignature: string | undefined;
  private newest: string | null = null;
  finished = false;

  constructor(private readonly input: { db: Database; userId: string; jobId: string }) {}

  /** The next message: the whole batch first, then the changes; null when nothing changed. */
  async next(): Promise<BatchEventPayload | null> {
    const { db, userId, jobId } = this.input;
    if (this.jobSignature === undefined) {
      const details = await getBatch({ db, userId, jobId });
      const versions = await db.query<VersionRow>(
        `select id, ${VERSION_SQL} as version from public.batch_items where job_id = $1 and user_id = $2`,
        [jobId, userId],
      );
      for (const row of versions) this.remember(row);
      this.jobSignature = jobSignature(details.job);
      this.finished = isTerminalJobStatus(details.job.status);
      return { ...details, full: true };
    }

    return db.transaction(
      async (tx) => {
        const [jobRow] = await tx.query<JobRow>(
          `select ${JOB_COLUMNS} from public.batch_jobs j where j.id = $1 and j.user_id = $2`,
          [jobId, userId],
        );
        if (!jobRow) throw notFound("Batch", { jobId });
        const job = toJob(jobRow, await isAnyWorkerAlive(tx));
        const candidates = await tx.query<VersionRow>(
          `select id, ${VERSION_SQL} as version from public.batch_items
            where job_id = $1 and user_id = $2
              and ($3::timestamptz is null or updated_at > $3::timestamptz - interval '${OVERLAP}')`,
          [jobId, userId, this.newest],
        );
        const changed = candidates.filter((row) => this.itemVersions.get(row.id) !== row.version);
        const signature = jobSignature(job);
        if (changed.length === 0 && signature === this.jobSignature) return null;

        const items =
          changed.length === 0
            ? []
            : await tx.query<ItemRow>(
                `select ${itemColumns()} from public.batch_items
                  where job_id = $1 and user_id = $2 and id = any($3::uuid[]) order by item_index`,
                [jobId, userId, changed.map((row) => row.id)],
              );
        const [counts] = await tx.query<{ completed: number; failed: number }>(
          `select count(*) filter (where status = 'completed')::int as completed,
                  count(*) filter (where status = 'failed')::int as failed
             from public.batch_items where job_id = $1 and user_id = $2`,
          [jobId, userId],
        );
        for (const row of changed) this.remember(row);
        this.jobSignature = signature;
        this.finished = isTerminalJobStatus(job.status);
        return {
          job,
          progress: progressFromCounts({
            totalItems: job.totalItems,
            completed: Number(counts?.completed ?? 0),
            failed: Number(counts?.failed ?? 0),
          }),
          items: items.map((row) => toItem(row, config.batch.maxItemAttempts)),
          full: false,
        };
      },
      // One snapshot: the job, the items and the counts agree with each other.
      { isolationLevel: "repeatable read" },
    );
  }

  private remember(row: VersionRow): void {
    this.itemVersions.set(row.id, row.version);
    if (this.newest === null || row.version > this.newest) this.newest = row.version;
  }
}

/** Follows the user's open batches (the header indicator): a message whenever the list changed. */
export class OpenBatchesCursor {
  private last: string | undefined;

  constructor(private readonly input: { db: Database; userId: string }) {}

  async next(): Promise<OpenBatchesPayload | null> {
    const batches = await listBatches({ db: this.input.db, userId: this.input.userId, openOnly: true });
    const signature = JSON.stringify(batches);
    if (signature === this.last) return null;
    this.last = signature;
    return { batches };
  }
}
