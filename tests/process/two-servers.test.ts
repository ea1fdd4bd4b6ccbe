/**
 * PREREQUISITE: a production build in .next (`npm run build`); this suite never builds.
 * Run: `scripts/with-postgres.sh npm run test:process` (TEST_DATABASE_URL is required).
 *
 * Two real `next start` processes on one PostgreSQL (two ports, one database), both running
 * the batch engine's worker loop. A batch is started; the process holding leases on its
 * running items (found through the worker id in batch_items.lease_owner, whose pid is mapped
 * to the spawned process group through /proc/<pid>/stat) is killed with SIGKILL; the other
 * one alone finishes the batch, taking over the dead one's items when their leases expire,
 * and every item has exactly one conversation.
 */
import { describe, expect, it } from "vitest";
import { getBatch, pidOfWorker, postBatch, topics, waitForBatch } from "./support/api";
import { psql } from "./support/database";
import { killServer, processesInGroup, serverOwningPid, type AppServer } from "./support/server";
import { freshDatabaseForFile, startEngineServer } from "./support/fixture";

const ITEMS = 30;
const MAX_IN_FLIGHT = 4;

const db = freshDatabaseForFile("two");

function start(name: string): Promise<AppServer> {
  return startEngineServer(name, db().url, { maxInFlight: MAX_IN_FLIGHT, ratePerMinute: 10_000, latencyMs: 300 });
}

describe("two next start processes on one PostgreSQL", () => {
  it("the survivor finishes the batch alone after the working one is killed with SIGKILL", async () => {
    // Started together: both apply the migrations at start-up, under the migration lock.
    const servers = await Promise.all([start("server-a"), start("server-b")]);
    const [a, b] = servers as [AppServer, AppServer];
    expect(a.port).not.toBe(b.port);

    const jobId = await postBatch(a.url, {
      name: "Two servers",
      items: topics(ITEMS),
      config: { provider: "offline" },
    });

    // Some work done, and a running item whose lease names the process that holds it.
    const details = await waitForBatch(
      b.url,
      jobId,
      (d) =>
        d.progress.completedItems >= 4 && d.items.some((item) => item.status === "running" && item.leaseOwner !== null),
      { timeoutMs: 120_000, intervalMs: 50, what: "4 completed items and one running under a lease" },
    );
    const owners = [
      ...new Set(
        details.items.flatMap((item) => (item.status === "running" && item.leaseOwner ? [item.leaseOwner] : [])),
      ),
    ];
    const ownerServers = owners.map((owner) => serverOwningPid(servers, pidOfWorker(owner)));
    // Every lease belongs to a worker inside one of the two spawned process groups.
    for (const [i, server] of ownerServers.entries()) expect(server, `lease owner ${owners[i]}`).toBeDefined();
    const victim = ownerServers[0] as AppServer;
    const survivor = victim === a ? b : a;
    const victimWorkers = owners.filter((_, i) => ownerServers[i] === victim);

    await killServer(victim);
    expect(processesInGroup(victim.pid)).toEqual([]);
    const killedAt = Date.now();
    // What the dead process held at the kill: still running under its leases, which only
    // run out BATCH_LEASE_MS (3 s) after its last renewal.
    const victimItemIds = (
      await psql(
        db().url,
        `select id from public.batch_items
            where job_id = '${jobId}' and status = 'running' and lease_owner = any('{${victimWorkers.join(",")}}'::text[])`,
      )
    ).map(([id]) => id);
    const [[completedAtKill] = []] = await psql(
      db().url,
      `select count(*) from public.batch_items where job_id = '${jobId}' and status = 'completed'`,
    );
    expect(Number(completedAtKill)).toBeLessThan(ITEMS);

    // Nobody asks for anything but progress now: the survivor's worker loop does the rest.
    const done = await waitForBatch(
      survivor.url,
      jobId,
      (d) => d.job.status !== "pending" && d.job.status !== "running",
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: "the survivor to finish the batch",
      },
    );
    console.info(
      `two-servers: killed ${victim.name} (group ${victim.pid}, worker ${victimWorkers.join(", ")}, ${victimItemIds.length} item(s) in flight) ` +
        `with ${completedAtKill}/${ITEMS} completed; ${survivor.name} finished in ${Date.now() - killedAt} ms`,
    );
    expect(done.job.status).toBe("completed");
    expect(done.progress).toMatchObject({ completedItems: ITEMS, failedItems: 0, pendingItems: 0 });
    expect(survivor.exited()).toBe(false);

    // What the dead process held was taken over: a second attempt, and it still completed once.
    const takenOver = done.items.filter((item) => victimItemIds.includes(item.id));
    expect(takenOver.length).toBe(victimItemIds.length);
    for (const item of takenOver) {
      expect(item.status).toBe("completed");
      expect(item.attempts).toBeGreaterThanOrEqual(2);
    }

    // One conversation per item, read with the real psql.
    const perItem = await psql(
      db().url,
      `select i.id, i.status, i.attempts, count(c.id)
           from public.batch_items i left join public.conversations c on c.batch_item_id = i.id
          where i.job_id = '${jobId}'
          group by i.id, i.status, i.attempts`,
    );
    expect(perItem).toHaveLength(ITEMS);
    for (const [, status, attempts, conversations] of perItem) {
      expect(status).toBe("completed");
      expect(Number(attempts)).toBeLessThanOrEqual(2);
      expect(conversations).toBe("1");
    }
    const [[total] = []] = await psql(
      db().url,
      `select count(*) from public.conversations where batch_job_id = '${jobId}'`,
    );
    expect(total).toBe(String(ITEMS));

    // The survivor's API reports it done: its worker is alive, so nothing shows "interrupted".
    const final = await getBatch(survivor.url, jobId);
    expect(final.job.displayStatus).toBe("completed");
  }, 300_000);
});
