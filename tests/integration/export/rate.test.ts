/**
 * Export requests are limited per user (config.exports.rate): each reads the user's whole
 * selection, so a loop of previews or downloads is load. Local mode: the local user.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/exports/preview/route";
import { config } from "@/lib/config";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db.close();
});

const preview = () =>
  previewRoute(
    new Request("http://localhost/api/exports/preview", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ selection: { kind: "all" }, options: { format: "messages" } }),
    }),
    { params: Promise.resolve({}) },
  );

describe("export requests per user", () => {
  it(`allow ${config.exports.rate.limit} a minute, then 429 with Retry-After naming the limit`, async () => {
    // A fixed-minute window: a run across a minute boundary gets at most twice the limit through.
    let accepted = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 2 * config.exports.rate.limit + 1 && !refused; i++) {
      const response = await preview();
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        accepted += 1;
      }
    }
    if (!refused) throw new Error("never refused");
    expect(accepted).toBeGreaterThanOrEqual(config.exports.rate.limit);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { details: unknown } }).error.details).toMatchObject({
      limit: "exports.rate",
    });
  });
});
