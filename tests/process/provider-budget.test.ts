/**
 * PREREQUISITE: a production build in .next (`npm run build`); this suite never builds.
 * Run: `scripts/with-postgres.sh npm run test:process` (TEST_DATABASE_URL is required).
 *
 * The deployment's provider budget, seen from the provider: two real `next start` processes
 * on one PostgreSQL generate with the Anthropic provider against a local server speaking the
 * Messages protocol (each answer held back 150 ms), under GENERATION_MAX_IN_FLIGHT=2 and
 * GENERATION_RATE_PER_MINUTE=12. Two batches created at once through the two servers, 14
 * items in all: the fake provider must never see more than 2 requests open at once nor more
 * than 12 arriving in any 60 s, so the 13th and 14th wait for the window (>= 60 s after the
 * first), and both batches still complete with one conversation per item.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startMessagesApiServer, type MessagesApiServer } from "@/tests/integration/generation/messages-api-server";
import { postBatch, topics, waitForBatch } from "./support/api";
import { psql } from "./support/database";
import { type AppServer } from "./support/server";
import { freshDatabaseForFile, startEngineServer } from "./support/fixture";

const RATE_PER_MINUTE = 12;
const MAX_IN_FLIGHT = 2;
const ITEMS_PER_BATCH = 7;
const TOTAL = 2 * ITEMS_PER_BATCH;
const WINDOW_MS = 60_000;

let provider: MessagesApiServer;

beforeAll(async () => {
  provider = await startMessagesApiServer({ responseDelayMs: 150 });
});

const db = freshDatabaseForFile("budget", async () => {
  await provider?.close();
});

function start(name: string): Promise<AppServer> {
  return startEngineServer(name, db().url, {
    maxInFlight: MAX_IN_FLIGHT,
    ratePerMinute: RATE_PER_MINUTE,
    env: { ANTHROPIC_API_KEY: "sk-ant-process-test-key", ANTHROPIC_BASE_URL: provider.baseUrl("ok") },
  });
}

/** The most arrivals in any window [t, t + windowMs) starting at an arrival (where a maximum is always found). */
function busiestWindow(arrivals: readonly number[], windowMs: number): number {
  let best = 0;
  for (const t of arrivals) best = Math.max(best, arrivals.filter((u) => u >= t && u < t + windowMs).length);
  return best;
}

describe("two next start processes sharing one provider budget", () => {
  it("never exceed the in-flight and per-minute limits at the provider, and finish both batches", async () => {
    const [a, b] = (await Promise.all([start("server-a"), start("server-b")])) as [AppServer, AppServer];

    const [first, second] = await Promise.all([
      postBatch(a.url, { name: "Budget A", items: topics(ITEMS_PER_BATCH, "A"), config: { provider: "anthropic" } }),
      postBatch(b.url, { name: "Budget B", items: topics(ITEMS_PER_BATCH, "B"), config: { provider: "anthropic" } }),
    ]);

    // 12 calls go out at once (2 at a time); the last 2 wait ~61 s for the rate window.
    const finished = (d: { job: { status: string } }) => d.job.status !== "pending" && d.job.status !== "running";
    const [doneA, doneB] = await Promise.all([
      waitForBatch(a.url, first, finished, { timeoutMs: 200_000, intervalMs: 500, what: "batch A to finish" }),
      waitForBatch(b.url, second, finished, { timeoutMs: 200_000, intervalMs: 500, what: "batch B to finish" }),
    ]);
    expect(doneA.job.status).toBe("completed");
    expect(doneB.job.status).toBe("completed");

    const calls = provider.requests.filter((request) => request.scenario === "ok" && request.path === "/v1/messages");
    const arrivals = calls.map((request) => request.receivedAt).sort((x, y) => x - y);
    const busiest = busiestWindow(arrivals, WINDOW_MS);
    const firstAt = arrivals[0] ?? 0;
    console.info(
      `provider-budget: ${calls.length} calls, at most ${provider.maxInFlight} in flight, busiest 60 s window ${busiest}; ` +
        `arrivals (s after the first): ${arrivals.map((t) => ((t - firstAt) / 1000).toFixed(2)).join(", ")}`,
    );

    // One call per item: nothing failed, nothing was generated twice.
    expect(calls).toHaveLength(TOTAL);
    expect(provider.requests).toHaveLength(TOTAL);
    // The in-flight cap, across both processes.
    expect(provider.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    for (const request of calls) expect(request.inFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    // The rate cap, across both processes, in every 60 s window...
    expect(busiest).toBeLessThanOrEqual(RATE_PER_MINUTE);
    // ...and it binds: the calls past the first 12 waited for the window to move on.
    for (const late of arrivals.slice(RATE_PER_MINUTE)) expect(late - firstAt).toBeGreaterThanOrEqual(WINDOW_MS);
    // The key reached the provider as the header (the SDK sends it as a bearer token), never anywhere else.
    for (const request of calls) expect(request.headers.authorization).toBe("Bearer sk-ant-process-test-key");

    // Both batches completed with one Anthropic conversation per item, read with the real psql.
    const rows = await psql(
      db().url,
      `select i.job_id, i.status, count(c.id), min(c.metadata->>'provider')
           from public.batch_items i left join public.conversations c on c.batch_item_id = i.id
          where i.job_id in ('${first}', '${second}')
          group by i.id, i.job_id, i.status`,
    );
    expect(rows).toHaveLength(TOTAL);
    for (const [jobId, status, conversations, providerName] of rows) {
      expect([first, second]).toContain(jobId);
      expect(status).toBe("completed");
      expect(conversations).toBe("1");
      expect(providerName).toBe("anthropic");
    }
    const [[total] = []] = await psql(
      db().url,
      `select count(*) from public.conversations where batch_job_id in ('${first}', '${second}')`,
    );
    expect(total).toBe(String(TOTAL));
  }, 300_000);
});
