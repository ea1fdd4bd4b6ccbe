/**
 * Checkpoint cost: what saving progress after one item costs at item 100 of a 100-item
 * batch against item 10,000 of a 10,000-item batch, for the app's design and for the
 * seed's, on the same engine in one run.
 *
 * - The app: the real completeItem transaction (conversation + turns + item + the
 *   checkpoint's counters + the "anything left?" check), and, on its own, the checkpoint
 *   counter UPDATE it performs. Per-item state lives in rows, so both should cost the same
 *   at any depth (target: ratio under 1.5).
 * - The seed's design (baseline): one checkpoint row holding the completed ids as a jsonb
 *   array, the whole array sent and rewritten on every save (its saveCheckpoint upsert), in a
 *   scratch table this bench creates and drops. Its cost grows with the array.
 *
 * Each figure is the median of the last `samples` saves of the batch (items N-samples+1..N),
 * each save its own transaction, on a batch whose earlier items are already completed with
 * their conversations and turns.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { claimItem } from "@/lib/batch/claim-item";
import { completeItem } from "@/lib/batch/complete-item";
import { recordCheckpoint } from "@/lib/batch/job-progress";
import type { Database } from "@/lib/db/types";
import { formatMs, median } from "./timing";

export interface CheckpointCostOptions {
  small?: number;
  large?: number;
  /** Saves measured near the end of each batch. */
  samples?: number;
}

export interface CheckpointCostRow {
  label: string;
  smallMs: number;
  largeMs: number;
  ratio: number;
}

export interface CheckpointCostResult {
  small: number;
  large: number;
  rows: CheckpointCostRow[];
}

const conversation = {
  title: "Bench conversation",
  turns: [
    { role: "user" as const, content: "A question about the lease." },
    { role: "assistant" as const, content: "An answer about the lease." },
  ],
};

/** A running batch of `total` items whose first `done` items are completed with a conversation and two turns. */
async function seedBatch(db: Database, userId: string, total: number, done: number): Promise<string> {
  const jobId = randomUUID();
  await db.query(
    "insert into public.batch_jobs (id, user_id, name, status, total_items) values ($1, $2, $3, 'running', $4::int)",
    [jobId, userId, `Checkpoint bench ${total}`, total],
  );
  await db.query(
    `insert into public.batch_items (job_id, user_id, item_index, topic, status, attempts, completed_at)
     select $1, $2, g - 1, 'Bench topic ' || g,
            case when g <= $4::int then 'completed' else 'pending' end,
            case when g <= $4::int then 1 else 0 end,
            case when g <= $4::int then now() end
       from generate_series(1, $3::int) g`,
    [jobId, userId, total, done],
  );
  await db.query(
    `insert into public.conversations (user_id, title, topic, status, batch_job_id, batch_item_id)
     select $2, 'Conversation ' || i.item_index, i.topic, 'completed', $1, i.id
       from public.batch_items i where i.job_id = $1 and i.status = 'completed'`,
    [jobId, userId],
  );
  await db.query(
    `update public.batch_items i set conversation_id = c.id
       from public.conversations c where c.batch_item_id = i.id and i.job_id = $1`,
    [jobId],
  );
  await db.query(
    `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
     select c.id, $2, t, case when t = 0 then 'user' else 'assistant' end, 'Turn ' || t
       from public.conversations c cross join generate_series(0, 1) t
      where c.batch_job_id = $1`,
    [jobId, userId],
  );
  await db.query(
    `insert into public.batch_checkpoints (job_id, user_id, total_items, completed_count, progress_percentage)
     values ($1, $2, $3::int, $4::int, floor($4::int * 100.0 / $3::int))`,
    [jobId, userId, total, done],
  );
  return jobId;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The app: completeItem for each of the batch's last `samples` items (the last one completes the job). */
async function oursCompleteItem(
  db: Database,
  userId: string,
  total: number,
  samples: number,
): Promise<{ complete: number; counter: number }> {
  const jobId = await seedBatch(db, userId, total, total - samples);
  await db.query("analyze");

  // The counter UPDATE alone (a zero increment still writes a new row version, as a save does).
  for (let i = 0; i < 5; i++)
    await db.transaction((tx) => recordCheckpoint(tx, { userId, jobId, completedDelta: 0, failedDelta: 0 }));
  const counter: number[] = [];
  for (let i = 0; i < samples; i++) {
    counter.push(
      await timed(() =>
        db.transaction((tx) => recordCheckpoint(tx, { userId, jobId, completedDelta: 0, failedDelta: 0 })),
      ),
    );
  }

  const workerId = randomUUID();
  const complete: number[] = [];
  for (let i = 0; i < samples; i++) {
    const claimed = await claimItem({ db, userId, jobId, workerId });
    if (!claimed) throw new Error(`nothing to claim at sample ${i}`);
    complete.push(
      await timed(() =>
        completeItem({ db, userId, jobId, itemId: claimed.item.id, workerId, attempt: claimed.attempt, conversation }),
      ),
    );
  }
  const [job] = await db.query<{ status: string }>("select status from public.batch_jobs where id = $1", [jobId]);
  if (job?.status !== "completed") throw new Error(`the bench batch did not complete (${job?.status})`);
  return { complete: median(complete), counter: median(counter) };
}

/** The seed's saveCheckpoint: upsert the whole completed/failed arrays on every save. */
async function seedDesign(db: Database, table: string, total: number, samples: number): Promise<number> {
  const jobId = randomUUID();
  const completed = Array.from({ length: total - samples }, () => randomUUID());
  const save = () =>
    db.query(
      `insert into ${table} (job_id, completed_items, failed_items, progress_percentage, last_checkpoint_at, updated_at)
       values ($1, $2::jsonb, $3::jsonb, $4::int, now(), now())
       on conflict (job_id) do update
         set completed_items = excluded.completed_items, failed_items = excluded.failed_items,
             progress_percentage = excluded.progress_percentage,
             last_checkpoint_at = excluded.last_checkpoint_at, updated_at = excluded.updated_at`,
      [jobId, JSON.stringify(completed), "[]", Math.round((completed.length * 100) / total)],
    );
  await save();
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) {
    completed.push(randomUUID());
    durations.push(await timed(save));
  }
  return median(durations);
}

export async function benchCheckpointCost(
  db: Database,
  options: CheckpointCostOptions = {},
): Promise<CheckpointCostResult> {
  const small = options.small ?? 100;
  const large = options.large ?? 10_000;
  const samples = Math.min(options.samples ?? 20, small);
  const userId = randomUUID();
  // A scratch table (not TEMP: on PostgreSQL each pooled connection would see its own).
  const table = `public.bench_seed_checkpoints_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await db.exec(
    `create table ${table} (
       job_id uuid primary key,
       completed_items jsonb not null,
       failed_items jsonb not null,
       progress_percentage integer not null,
       last_checkpoint_at timestamptz not null,
       updated_at timestamptz not null
     )`,
  );

  try {
    // Open the pool's connections first (postgres.js opens them lazily, and a first use
    // costs a connection set-up that has nothing to do with checkpoints).
    await Promise.all(Array.from({ length: 10 }, () => db.transaction((tx) => tx.query("select pg_sleep(0.02)"))));
    const oursSmall = await oursCompleteItem(db, userId, small, samples);
    const oursLarge = await oursCompleteItem(db, userId, large, samples);
    const seedSmall = await seedDesign(db, table, small, samples);
    const seedLarge = await seedDesign(db, table, large, samples);

    const rows: CheckpointCostRow[] = [
      {
        label: "ours: completeItem transaction",
        smallMs: oursSmall.complete,
        largeMs: oursLarge.complete,
        ratio: oursLarge.complete / oursSmall.complete,
      },
      {
        label: "ours: checkpoint counter update",
        smallMs: oursSmall.counter,
        largeMs: oursLarge.counter,
        ratio: oursLarge.counter / oursSmall.counter,
      },
      { label: "seed: rewrite jsonb arrays", smallMs: seedSmall, largeMs: seedLarge, ratio: seedLarge / seedSmall },
    ];

    const head = (text: string, width: number) => text.padStart(width);
    const smallLabel = `item ${small.toLocaleString("en-US")}/${small.toLocaleString("en-US")}`;
    const largeLabel = `item ${large.toLocaleString("en-US")}/${large.toLocaleString("en-US")}`;
    console.log(`\nCheckpoint save cost on ${db.engine}: median of the last ${samples} saves of each batch`);
    console.log(`  ${"".padEnd(34)}${head(smallLabel, 16)}${head(largeLabel, 22)}${head("ratio", 10)}`);
    for (const row of rows) {
      console.log(
        `  ${row.label.padEnd(34)}${head(formatMs(row.smallMs), 16)}${head(formatMs(row.largeMs), 22)}${head(`${row.ratio.toFixed(2)}x`, 10)}`,
      );
    }
    const ours = rows[0] as CheckpointCostRow;
    const seed = rows[2] as CheckpointCostRow;
    console.log(
      `  ratio ${large.toLocaleString("en-US")} vs ${small}: ours ${ours.ratio.toFixed(2)}x (target < 1.5: ${ours.ratio < 1.5 ? "met" : "MISSED"}), ` +
        `seed design ${seed.ratio.toFixed(2)}x; at ${large.toLocaleString("en-US")} items the seed's save costs ` +
        `${(seed.largeMs / ours.largeMs).toFixed(1)}x our whole completeItem transaction`,
    );
    return { small, large, rows };
  } finally {
    await db.exec(`drop table if exists ${table}`);
    // The bench batches are not needed afterwards; their conversations go with them below.
    await db.query("delete from public.conversations where user_id = $1", [userId]);
    await db.query("delete from public.batch_jobs where user_id = $1", [userId]);
  }
}
