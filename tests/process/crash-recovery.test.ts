/**
 * PREREQUISITE: a production build in .next (`npm run build`); this suite never builds.
 * Run: `scripts/with-postgres.sh npm run test:process` (TEST_DATABASE_URL is required).
 *
 * One real `next start` on PostgreSQL, killed with SIGKILL twice while a 30-item batch runs
 * and started again each time. The batch must finish by itself (no request after the POST
 * that created it), and the real psql must find every item completed exactly once: one
 * conversation per item, and extra attempts only for items that were in flight at a kill.
 */
import { describe, expect, it } from "vitest";
import { getBatch, pidOfWorker, postBatch, topics, waitForBatch } from "./support/api";
import { psql } from "./support/database";
import { killServer, processesInGroup, serverOwningPid, type AppServer } from "./support/server";
import { freshDatabaseForFile, startEngineServer } from "./support/fixture";

const ITEMS = 30;
const MAX_IN_FLIGHT = 3;

const db = freshDatabaseForFile("crash");

function start(name: string): Promise<AppServer> {
  return startEngineServer(name, db().url, { maxInFlight: MAX_IN_FLIGHT, ratePerMinute: 10_000, latencyMs: 200 });
}

async function completedCount(jobId: string): Promise<number> {
  const [row] = await psql(
    db().url,
    `select count(*) from public.batch_items where job_id = '${jobId}' and status = 'completed'`,
  );
  return Number(row?.[0]);
}

/** After a kill: a conversation exists for an item if and only if the item is completed. */
async function expectConsistent(jobId: string): Promise<void> {
  const rows = await psql(
    db().url,
    `select i.status, count(c.id)
       from public.batch_items i left join public.conversations c on c.batch_item_id = i.id
      where i.job_id = '${jobId}'
      group by i.id, i.status`,
  );
  expect(rows).toHaveLength(ITEMS);
  for (const [status, conversations] of rows) expect(Number(conversations)).toBe(status === "completed" ? 1 : 0);
}

/** Pids of the servers killed so far: a running item may still name one until its lease is taken over. */
const deadPids: number[] = [];

/** Kills the server once at least `atLeast` items are completed, checking the work was its own. */
async function killMidBatch(server: AppServer, jobId: string, atLeast: number): Promise<number> {
  const details = await waitForBatch(server.url, jobId, (d) => d.progress.completedItems >= atLeast, {
    timeoutMs: 120_000,
    intervalMs: 50,
    what: `${atLeast} completed items on ${server.name}`,
  });
  // The worker in this server's process group holds the running items (or a dead server's
  // worker still does, until their leases run out).
  const owners = details.items.flatMap((item) =>
    item.status === "running" && item.leaseOwner ? [item.leaseOwner] : [],
  );
  const live = owners.filter((owner) => !deadPids.includes(pidOfWorker(owner)));
  for (const owner of live) expect(serverOwningPid([server], pidOfWorker(owner))?.name).toBe(server.name);

  await killServer(server);
  expect(processesInGroup(server.pid)).toEqual([]);
  deadPids.push(server.pid, ...live.map(pidOfWorker));
  const completed = await completedCount(jobId);
  expect(completed).toBeGreaterThanOrEqual(atLeast);
  // Mid-batch: the kill interrupted work.
  expect(completed).toBeLessThan(ITEMS);
  await expectConsistent(jobId);
  return completed;
}

describe("a next start process killed with SIGKILL mid-batch, twice", () => {
  it("finishes the batch by itself after each restart, every item completed exactly once", async () => {
    const first = await start("server-1");
    const jobId = await postBatch(first.url, {
      name: "Crash recovery",
      items: topics(ITEMS),
      config: { provider: "offline" },
    });

    const afterFirstKill = await killMidBatch(first, jobId, 5);
    const completedBeforeFirstKill = await psql(
      db().url,
      `select id from public.batch_items where job_id = '${jobId}' and status = 'completed'`,
    );

    const second = await start("server-2");
    const afterSecondKill = await killMidBatch(second, jobId, afterFirstKill + 5);

    // The third start: nothing but the server's own worker loop drives the batch now.
    const third = await start("server-3");
    const startedAt = Date.now();
    const done = await waitForBatch(third.url, jobId, (d) => d.job.status !== "pending" && d.job.status !== "running", {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: "the batch to finish after the second restart",
    });
    console.info(
      `crash-recovery: ${afterFirstKill} items completed at the 1st kill, ${afterSecondKill} at the 2nd; ` +
        `the 3rd server finished the rest in ${Date.now() - startedAt} ms`,
    );
    expect(done.job.status).toBe("completed");
    expect(done.progress).toMatchObject({ totalItems: ITEMS, completedItems: ITEMS, failedItems: 0, pendingItems: 0 });

    // The database, read with the real psql.
    const [job] = await psql(db().url, `select status, total_items from public.batch_jobs where id = '${jobId}'`);
    expect(job).toEqual(["completed", String(ITEMS)]);

    const items = await psql(
      db().url,
      `select id, status, attempts, lease_owner is null, conversation_id is not null
           from public.batch_items where job_id = '${jobId}' order by item_index`,
    );
    expect(items).toHaveLength(ITEMS);
    for (const [, status, attempts, leaseCleared, hasConversation] of items) {
      expect(status).toBe("completed");
      expect(Number(attempts)).toBeGreaterThanOrEqual(1);
      expect(Number(attempts)).toBeLessThanOrEqual(3);
      expect(leaseCleared).toBe("t");
      expect(hasConversation).toBe("t");
    }
    // Items saved before the first kill were never generated again.
    const firstIds = new Set(completedBeforeFirstKill.map(([id]) => id));
    for (const [id, , attempts] of items) if (firstIds.has(id)) expect(Number(attempts)).toBe(1);
    // Only what was in flight at a kill (at most MAX_IN_FLIGHT each time) took a second attempt.
    const extraAttempts = items.reduce((sum, [, , attempts]) => sum + Number(attempts) - 1, 0);
    expect(extraAttempts).toBeLessThanOrEqual(2 * MAX_IN_FLIGHT);

    // Exactly one conversation per item, and it is the one the item points at.
    const perItem = await psql(
      db().url,
      `select c.batch_item_id, count(*)
           from public.conversations c join public.batch_items i on i.id = c.batch_item_id
          where i.job_id = '${jobId}'
          group by c.batch_item_id`,
    );
    expect(perItem).toHaveLength(ITEMS);
    for (const [, count] of perItem) expect(count).toBe("1");
    const [[total] = []] = await psql(
      db().url,
      `select count(*) from public.conversations where batch_job_id = '${jobId}'`,
    );
    expect(total).toBe(String(ITEMS));
    const [[mismatched] = []] = await psql(
      db().url,
      `select count(*) from public.batch_items i join public.conversations c on c.id = i.conversation_id
          where i.job_id = '${jobId}' and c.batch_item_id <> i.id`,
    );
    expect(mismatched).toBe("0");

    // The API agrees, from the server that finished the batch.
    const final = await getBatch(third.url, jobId);
    expect(final.items.every((item) => item.status === "completed" && item.conversationId !== null)).toBe(true);
  }, 300_000);
});
