import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createBackupRoute } from "@/app/api/backup/create/route";
import { POST as createBatchRoute } from "@/app/api/batches/route";
import { POST as bulkDeleteRoute } from "@/app/api/conversations/bulk-delete/route";
import { GET as listConversationsRoute } from "@/app/api/conversations/route";
import { z } from "zod";
import { errorToResponse } from "@/lib/http/route-error-response";
import { validate } from "@/lib/errors/validation";
import type { RouteHandler } from "@/lib/http/route-handler";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { setDatabaseForTesting } from "@/lib/db";
import { classifyPostgresError } from "@/lib/db/postgres-errors";
import { ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { NO_PARAMS, seedConversation } from "./seed";

/*
 * Issue 9, finding 8: a NUL character or an unpaired surrogate in any string of a request
 * (body or query) is a 400 naming the field, checked centrally in lib/errors/validation, and
 * nothing is written. Postgres cannot store NUL (22021 / 22P05); it silently replaces a lone
 * surrogate in text and refuses it in jsonb. Local mode: every request is the local user.
 */

let db: TestDatabase;
let conversationId: string;

interface ErrorBody {
  error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> }; errorId?: string };
}

const MESSAGE = "must not contain NUL characters or unpaired surrogates";

function post(handler: RouteHandler, path: string, body: string): Promise<Response> {
  return handler(
    new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body }),
    NO_PARAMS,
  );
}

/** A JSON text whose string escapes become the bad characters once parsed (raw UTF-8 cannot carry them). */
function jsonWith(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("NUL!", "\\u0000")
    .replaceAll("HIGH!", "\\ud83d")
    .replaceAll("LOW!", "\\ude00");
}

async function fingerprint(): Promise<string> {
  const [row] = await db.query<{ f: string }>(
    `select concat_ws('|',
       (select count(*) from public.batch_jobs), (select count(*) from public.batch_items),
       (select count(*) from public.conversations), (select count(*) from public.backup_exports)) as f`,
  );
  return row?.f ?? "";
}

async function expect400(response: Response, field: string): Promise<ErrorBody["error"]> {
  const text = await response.text();
  expect(response.status, text).toBe(400);
  const error = (JSON.parse(text) as ErrorBody).error;
  expect(error.code).toBe("ERR_VAL_INVALID_INPUT");
  expect(error.details?.fieldErrors?.[field]).toContain(MESSAGE);
  expect(error.message).toContain(field);
  return error;
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
  conversationId = await seedConversation(db, { userId: LOCAL_USER_ID });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("bad text in a request", () => {
  it.each([
    ["a NUL in a topic", { items: [{ topic: "Refund NUL! request" }] }, "items.0.topic"],
    ["a NUL in the third topic", { items: [{ topic: "a" }, { topic: "b" }, { topic: "cNUL!" }] }, "items.2.topic"],
    ["a lone high surrogate in a topic", { items: [{ topic: "Smile HIGH!" }] }, "items.0.topic"],
    ["a lone low surrogate in the name", { name: "LOW!batch", items: [{ topic: "a" }] }, "name"],
    [
      "a NUL in a nested parameter",
      { items: [{ topic: "a", parameters: { persona: "tenantNUL!" } }] },
      "items.0.parameters.persona",
    ],
    ["a NUL in the model", { items: [{ topic: "a" }], config: { model: "claudeNUL!" } }, "config.model"],
  ])("POST /api/batches with %s -> 400 naming the field, nothing written", async (_name, body, field) => {
    const before = await fingerprint();
    await expect400(await post(createBatchRoute, "/api/batches", jsonWith(body)), field);
    expect(await fingerprint()).toBe(before);
  });

  it("a well-formed surrogate pair (an emoji) is fine: only broken ones are refused", () => {
    // 😀 as an escaped pair parses to one valid character; the check passes it (the batch
    // itself is not created here: that is the batch routes' business).
    expect(JSON.parse(jsonWith({ t: "HIGH!LOW!" }))).toEqual({ t: "😀" });
  });

  it("POST /api/backup/create with an unpaired surrogate in the reason -> 400 naming reason, no backup", async () => {
    const before = await fingerprint();
    await expect400(
      await post(
        createBackupRoute,
        "/api/backup/create",
        jsonWith({ conversationIds: [conversationId], reason: "before cleanup HIGH!" }),
      ),
      "reason",
    );
    expect(await fingerprint()).toBe(before);
  });

  it("POST /api/conversations/bulk-delete with a NUL in the backup id -> 400 naming backupId, nothing deleted", async () => {
    const before = await fingerprint();
    await expect400(
      await post(
        bulkDeleteRoute,
        "/api/conversations/bulk-delete",
        jsonWith({ ids: [conversationId], backupId: "bkp_12345678NUL!" }),
      ),
      "backupId",
    );
    expect(await fingerprint()).toBe(before);
  });

  it("names a bad key too (shown with U+FFFD in the path)", async () => {
    const before = await fingerprint();
    await expect400(
      await post(
        createBatchRoute,
        "/api/batches",
        jsonWith({ items: [{ topic: "a", parameters: { "perNUL!sona": "x" } }] }),
      ),
      "items.0.parameters.per\uFFFDsona",
    );
    expect(await fingerprint()).toBe(before);
  });

  it("walks a hostile, deeply nested body without overflowing the stack or taking long", () => {
    const depth = 200_000;
    const nested = JSON.parse(`${"[".repeat(depth)}"x\\u0000"${"]".repeat(depth)}`) as unknown;
    const started = Date.now();
    const error = (() => {
      try {
        validate(z.unknown(), nested, "body", "bad");
      } catch (e) {
        return e;
      }
    })();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(ValidationError);
    // The field is named, cut in the middle: a hostile body does not make a 400 kB field name.
    const [field] = Object.keys((error as ValidationError).fieldErrors);
    expect(field).toBe(`${"0.".repeat(16)}…${".0".repeat(16)}`);
  });

  it("GET /api/conversations?cursor=%00 -> 400 naming cursor", async () => {
    const response = await listConversationsRoute(
      new Request("http://localhost/api/conversations?cursor=ab%00cd"),
      NO_PARAMS,
    );
    await expect400(response, "cursor");
  });
});

describe("bad text that reaches the database anyway", () => {
  it.each(["22P05", "22021"])("SQLSTATE %s answers 400 ERR_VAL_INVALID_INPUT, not a 500", async (code) => {
    const driverError = new postgres.PostgresError({
      code,
      message: "unsupported Unicode escape sequence",
    } as unknown as string);
    const response = errorToResponse(classifyPostgresError(driverError));
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("ERR_VAL_INVALID_INPUT");
    expect(body.error.errorId).toMatch(/^err_/);
  });

  it("a real NUL insert on this engine is classified that way", async () => {
    const error = await db
      .query("insert into public.conversations (id, user_id, title) values ($1, $2, $3)", [
        randomUUID(),
        LOCAL_USER_ID,
        "a\u0000b",
      ])
      .catch((e: unknown) => e);
    expect(errorToResponse(error).status).toBe(400);
  });
});
