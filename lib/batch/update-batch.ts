import "server-only";
import { validate } from "@/lib/errors/validation";
import { getDb } from "@/lib/db";
import { assertModelAllowed } from "@/lib/limits";
import type { Database } from "@/lib/db/types";
import { conflict, gone, notFound } from "@/lib/errors";
import { JOB_COLUMNS, toJob, type JobRow } from "./rows";
import { FINISHED_JOB_STATUSES } from "./status";
import { isAnyWorkerAlive } from "./workers";
import { batchConfigSchema, type BatchConfigInput } from "./schemas";
import type { BatchJob, BatchJobStatus } from "./types";

/** Earlier configs kept per job: enough for "what changed", bounded against a runaway client. */
const MAX_CONFIG_HISTORY = 20;

/**
 * "Modify settings": replaces the job's config before it is resumed. The config it
 * replaces is appended to config_history with the number of items completed so far, so the
 * resume dialog can show what changed against what the finished items were made with.
 * Only while the batch is open: 409 once finished, 410 once discarded.
 */
export async function updateBatchConfig(input: {
  db?: Database;
  userId: string;
  jobId: string;
  config: BatchConfigInput;
}): Promise<BatchJob> {
  const nextConfig = validate(batchConfigSchema, input.config, "config", "The config has invalid fields");
  assertModelAllowed(nextConfig.model);
  const db = input.db ?? (await getDb());
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2 for update",
      [input.jobId, input.userId],
    );
    if (!current) throw notFound("Batch", { jobId: input.jobId });
    if (current.status === "cancelled") throw gone("This batch was discarded; its settings can no longer change.");
    if ((FINISHED_JOB_STATUSES as readonly BatchJobStatus[]).includes(current.status)) {
      throw conflict("This batch is already finished; its settings can no longer change.", { status: current.status });
    }

    const [row] = await tx.query<JobRow>(
      `with counts as (
         select count(*)::int as completed from public.batch_items
          where job_id = $1 and user_id = $2 and status = 'completed'
       )
       update public.batch_jobs j
          set config = $3::jsonb,
              config_history = case
                when j.config = $3::jsonb then j.config_history
                else (
                  select coalesce(jsonb_agg(e order by ord), '[]'::jsonb)
                    from jsonb_array_elements(
                           j.config_history || jsonb_build_array(jsonb_build_object(
                             'config', j.config,
                             'replacedAt', to_jsonb(now()),
                             'completedItems', (select completed from counts)))
                         ) with ordinality as h(e, ord)
                   where ord > jsonb_array_length(j.config_history) + 1 - $4::int
                )
              end
        where j.id = $1 and j.user_id = $2
       returning ${JOB_COLUMNS}`,
      [input.jobId, input.userId, JSON.stringify(nextConfig), MAX_CONFIG_HISTORY],
    );
    if (!row) throw notFound("Batch", { jobId: input.jobId });
    return toJob(row, await isAnyWorkerAlive(tx));
  });
}
