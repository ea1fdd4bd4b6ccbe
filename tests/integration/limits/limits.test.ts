/**
 * Per-user limits on expensive work, over the routes in Supabase mode with several users
 * (tokens minted with the test secret): batches at once (429), items a day (403), the rate of
 * requests that start paid work (429), backups by count and by bytes (403), and the model
 * allow-list (400). One user over a limit never affects another.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createRoute } from "@/app/api/batches/route";
import { POST as pauseRoute } from "@/app/api/batches/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/batches/[id]/resume/route";
import { POST as backupRoute } from "@/app/api/backup/create/route";
import type { RouteHandler } from "@/lib/http/route-handler";
import { config } from "@/lib/config";
import { setDatabaseForTesting } from "@/lib/db";
import { errorLogger } from "@/lib/errors";
import { SUPABASE_TEST_VARS, mintToken } from "@/tests/support/auth-tokens";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { seedConversation } from "../routes/seed";
import { batchFingerprint } from "../batch/support";

let db: TestDatabase;

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown> & { fieldErrors?: Record<string, string[]> };
  };
}

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  errorLogger.setMinLevel("debug");
  await db?.close();
});

async function as(userId: string) {
  const token = await mintToken({ sub: userId });
  const call = (handler: RouteHandler, path: string, params: Record<string, string>, body?: unknown) =>
    handler(
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve(params) },
    );
  return {
    create: (items: number, extra: Record<string, unknown> = {}) =>
      call(
        createRoute,
        "/api/batches",
        {},
        { items: Array.from({ length: items }, (_, i) => ({ topic: `T${i}` })), ...extra },
      ),
    pause: (id: string) => call(pauseRoute, `/api/batches/${id}/pause`, { id }),
    resume: (id: string) => call(resumeRoute, `/api/batches/${id}/resume`, { id }),
    backup: (conversationIds: string[]) => call(backupRoute, "/api/backup/create", {}, { conversationIds }),
  };
}

async function jobIdOf(response: Response): Promise<string> {
  expect(response.status).toBe(201);
  return ((await response.json()) as { jobId: string }).jobId;
}

describe("batches", () => {
  it(`runs at most ${config.limits.maxActiveBatches} at once per user (429 naming the limit); pausing one makes room; others are unaffected`, async () => {
    const alice = await as(randomUUID());
    const ids: string[] = [];
    for (let i = 0; i < config.limits.maxActiveBatches; i++) ids.push(await jobIdOf(await alice.create(2)));
    const before = await batchFingerprint(db);
    const refused = await alice.create(2);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe("ERR_API_RATE_LIMIT");
    expect(body.error.details).toMatchObject({ limit: "limits.maxActiveBatches", max: config.limits.maxActiveBatches });
    expect(body.error.message).toMatch(/at most 5 run at once/);
    expect(await batchFingerprint(db)).toBe(before);

    // Another user is unaffected.
    await jobIdOf(await (await as(randomUUID())).create(2));

    // A paused batch does not count; resuming it while five run again is refused.
    expect((await alice.pause(ids[0] as string)).status).toBe(200);
    await jobIdOf(await alice.create(2));
    const resume = await alice.resume(ids[0] as string);
    expect(resume.status).toBe(429);
    expect(((await resume.json()) as ErrorBody).error.details).toMatchObject({ limit: "limits.maxActiveBatches" });
  });

  it(`takes at most ${config.limits.maxItemsPerDay} items a day per user (403 naming the quota)`, async () => {
    const bob = await as(randomUUID());
    const full = config.batch.maxItems;
    for (let made = 0; made < config.limits.maxItemsPerDay; made += full) {
      const id = await jobIdOf(await bob.create(full));
      // Paused, so the batches-at-once limit stays out of the way.
      expect((await bob.pause(id)).status).toBe(200);
    }
    const refused = await bob.create(1);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe("ERR_API_FORBIDDEN");
    expect(body.error.details).toMatchObject({ limit: "limits.maxItemsPerDay", max: config.limits.maxItemsPerDay });
    expect(body.error.message).toMatch(/daily quota/);
    await jobIdOf(await (await as(randomUUID())).create(1));
  });

  it(`allows ${config.limits.paidWork.limit} requests that start paid work per minute per user, then 429`, async () => {
    const carol = await as(randomUUID());
    const id = await jobIdOf(await carol.create(1));
    expect((await carol.pause(id)).status).toBe(200);
    // The create counted once; resumes count too. The window is a fixed minute, so a run
    // that crosses a minute boundary may get up to twice the limit through, never more.
    let accepted = 1;
    let refused: Response | undefined;
    for (let i = 0; i < 2 * config.limits.paidWork.limit && !refused; i++) {
      const response = await carol.resume(id);
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        accepted += 1;
      }
    }
    if (!refused) throw new Error("never refused");
    expect(accepted).toBeGreaterThanOrEqual(config.limits.paidWork.limit);
    expect(refused.headers.get("retry-after")).not.toBeNull();
    expect(((await refused.json()) as ErrorBody).error.details).toMatchObject({ limit: "limits.paidWork" });
    await jobIdOf(await (await as(randomUUID())).create(1));
  });

  it("accepts only the models on the allow-list (400 naming config.model)", async () => {
    const dave = await as(randomUUID());
    const before = await batchFingerprint(db);
    const refused = await dave.create(1, { config: { model: "gpt-5-turbo" } });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as ErrorBody;
    expect(Object.keys(body.error.details?.fieldErrors ?? {})).toEqual(["config.model"]);
    expect(await batchFingerprint(db)).toBe(before);
    await jobIdOf(await dave.create(1, { config: { model: config.generation.allowedModels[0] } }));
  });
});

describe("backups", () => {
  it(`keeps at most ${config.limits.maxBackups} unexpired backups and ${config.limits.maxBackupBytes} bytes per user (403 naming the quota)`, async () => {
    const erin = randomUUID();
    const client = await as(erin);
    const conversation = await seedConversation(db, { userId: erin, turns: 2 });
    // Fill the count quota with rows (their content does not matter to the count).
    await db.query(
      `insert into public.backup_exports (backup_id, user_id, conversation_ids, conversation_count, size_bytes, sha256, expires_at)
       select 'bkp_quota_' || g, $1, '{}'::uuid[], 0, 10, repeat('a', 64), now() + interval '7 days'
         from generate_series(1, $2::int) g`,
      [erin, config.limits.maxBackups],
    );
    const refused = await client.backup([conversation]);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).error.details).toMatchObject({ limit: "limits.maxBackups" });

    // Expired ones do not count; then the bytes quota: one huge backup leaves no room.
    await db.query(`update public.backup_exports set expires_at = now() - interval '1 second' where user_id = $1`, [
      erin,
    ]);
    const created = await client.backup([conversation]);
    expect(created.status).toBe(201);
    await db.query(
      `insert into public.backup_exports (backup_id, user_id, conversation_ids, conversation_count, size_bytes, sha256, expires_at)
       values ('bkp_quota_big', $1, '{}'::uuid[], 0, $2, repeat('b', 64), now() + interval '7 days')`,
      [erin, config.limits.maxBackupBytes],
    );
    const before = await db.query(`select count(*)::int as n from public.backup_exports where user_id = $1`, [erin]);
    const tooBig = await client.backup([conversation]);
    expect(tooBig.status).toBe(403);
    expect(((await tooBig.json()) as ErrorBody).error.details).toMatchObject({ limit: "limits.maxBackupBytes" });
    expect(await db.query(`select count(*)::int as n from public.backup_exports where user_id = $1`, [erin])).toEqual(
      before,
    );

    // Another user's backups are unaffected.
    const frank = randomUUID();
    const theirs = await seedConversation(db, { userId: frank, turns: 1 });
    expect((await (await as(frank)).backup([theirs])).status).toBe(201);
  });
});
