import "server-only";
import { validate } from "@/lib/errors/validation";
import { getDb } from "@/lib/db";
import { assertBatchQuotas, assertModelAllowed, lockUserQuotas } from "@/lib/limits";
import type { Database } from "@/lib/db/types";
import { createBatchSchema, type CreateBatchInput } from "./schemas";
import type { BatchJobStatus, CreateBatchResult } from "./types";

export type CreateBatchArgs = { db?: Database; userId: string } & CreateBatchInput;

function defaultName(count: number): string {
  return `Batch of ${count} conversation${count === 1 ? "" : "s"}`;
}

/**
 * Creates a job, one row per item and the job's checkpoint, in one transaction, within the
 * user's limits (batches at once, items a day, allowed models): a batch exists whole or not at all, and it is resumable (listed by GET /api/checkpoints) from the
 * moment it exists, even if its tab closes before the first item runs.
 */
export async function createBatch(args: CreateBatchArgs): Promise<CreateBatchResult> {
  const { db: given, userId, ...raw } = args;
  // The route validated already; the headless runner and tests call this directly.
  const input = validate(createBatchSchema, raw, "body", "The batch has invalid fields");
  assertModelAllowed(input.config?.model);
  const db = given ?? (await getDb());
  const items = input.items.map((item) => ({ topic: item.topic, parameters: item.parameters ?? {} }));

  return db.transaction(async (tx) => {
    await lockUserQuotas(tx, userId);
    await assertBatchQuotas(tx, { userId, newItems: items.length });
    const [job] = await tx.query<{ id: string; status: BatchJobStatus }>(
      `insert into public.batch_jobs (user_id, name, status, config, total_items)
       values ($1, $2, 'pending', $3::jsonb, $4::int)
       returning id, status`,
      [userId, input.name || defaultName(items.length), JSON.stringify(input.config ?? {}), items.length],
    );
    if (!job) throw new Error("insert into batch_jobs returned no row");

    // One statement for every item: a 1,000-item batch is one round trip, not a thousand.
    await tx.query(
      `insert into public.batch_items (job_id, user_id, item_index, topic, parameters)
       select $1, $2, (t.ord - 1)::int, t.e->>'topic', coalesce(t.e->'parameters', '{}'::jsonb)
         from jsonb_array_elements($3::jsonb) with ordinality as t(e, ord)`,
      [job.id, userId, JSON.stringify(items)],
    );
    await tx.query("insert into public.batch_checkpoints (job_id, user_id, total_items) values ($1, $2, $3::int)", [
      job.id,
      userId,
      items.length,
    ]);
    return { jobId: job.id, totalItems: items.length, status: job.status };
  });
}
