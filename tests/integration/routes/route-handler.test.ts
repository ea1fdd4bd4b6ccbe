import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { jsonResponse, parseJsonBody, parseQuery, withRoute } from "@/lib/http/route-handler";
import { APIError, AppError, DatabaseError, GenerationError, ValidationError, notFound } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { errorLogger, type LogEntry } from "@/lib/errors";
import { classifyPostgresError } from "@/lib/db/postgres-errors";
import { NO_PARAMS } from "./seed";

/*
 * withRoute and its parse helpers, driven through real Request objects the way Next.js
 * calls a route handler. Local mode: authentication always yields the local user here.
 */

interface ErrorShape {
  error: { code: string; message: string; details?: Record<string, unknown>; errorId: string };
}

const bodySchema = z.object({
  title: z.string().min(1),
  items: z.array(z.object({ topic: z.string().min(3) })).max(3),
});

const echoRoute = withRoute({
  parse: (request) => parseJsonBody(request, bodySchema, { maxBytes: 200 }),
  handle: ({ input, user }) => jsonResponse({ input, userId: user.id }, { status: 201 }),
});

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<Response> {
  return echoRoute(
    new Request("http://localhost/api/echo", { method: "POST", body, headers, duplex: "half" } as RequestInit),
    NO_PARAMS,
  );
}

async function errorOf(response: Response): Promise<ErrorShape["error"]> {
  const body = (await response.json()) as ErrorShape;
  expect(Object.keys(body)).toEqual(["error"]);
  return body.error;
}

function throwing(error: unknown) {
  return withRoute(() => {
    throw error;
  });
}

async function call(route: ReturnType<typeof withRoute>): Promise<Response> {
  return route(new Request("http://localhost/api/x?token=abc"), NO_PARAMS);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parseJsonBody through withRoute", () => {
  it("passes a valid JSON body to the handler", async () => {
    const response = await post(JSON.stringify({ title: "t", items: [{ topic: "abc" }] }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ input: { title: "t", items: [{ topic: "abc" }] } });
  });

  it("accepts application/json with a charset", async () => {
    const response = await post(JSON.stringify({ title: "t", items: [] }), {
      "content-type": "application/json; charset=utf-8",
    });
    expect(response.status).toBe(201);
  });

  it.each([
    ["no content type", {}],
    ["text/plain", { "content-type": "text/plain" }],
    ["form data", { "content-type": "application/x-www-form-urlencoded" }],
    ["a lookalike", { "content-type": "application/jsonx" }],
  ])("rejects %s with 415", async (_label, headers) => {
    const response = await post(JSON.stringify({ title: "t", items: [] }), headers);
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe("ERR_VAL_UNSUPPORTED_MEDIA_TYPE");
  });

  it("rejects a body whose Content-Length is over the limit without reading it", async () => {
    const response = await post(JSON.stringify({ title: "x".repeat(300), items: [] }), {
      "content-type": "application/json",
      "content-length": "5000",
    });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("ERR_VAL_PAYLOAD_TOO_LARGE");
  });

  it("rejects an oversized body streamed without Content-Length (bytes are counted, not trusted)", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode(`"${"x".repeat(64)}",`));
      },
    });
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("ERR_VAL_PAYLOAD_TOO_LARGE");
    // It stopped reading soon after the cap instead of draining the whole stream.
    expect(pulled).toBeLessThan(20);
  });

  it("rejects a body larger than a Content-Length that lied", async () => {
    const response = await post(JSON.stringify({ title: "x".repeat(500), items: [] }), {
      "content-type": "application/json",
      "content-length": "10",
    });
    expect(response.status).toBe(413);
  });

  it.each([
    ["an empty body", ""],
    ["whitespace", "   \n"],
    ["truncated JSON", '{"title": "t", "items": ['],
    ["single quotes", "{'title': 't'}"],
    ["trailing garbage", '{"title":"t","items":[]} x'],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])("rejects %s with 400 ERR_VAL_MALFORMED_JSON", async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("ERR_VAL_MALFORMED_JSON");
  });

  it("names every invalid field by its path", async () => {
    const response = await post(JSON.stringify({ title: "", items: [{ topic: "ok!" }, { topic: "x" }, {}] }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("ERR_VAL_INVALID_INPUT");
    const fieldErrors = (error.details as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["items.1.topic", "items.2.topic", "title"]);
    expect(error.message).toContain("title");
  });

  it("names the body itself when it is not an object", async () => {
    const error = await errorOf(await post("[1,2,3]"));
    expect(error.code).toBe("ERR_VAL_INVALID_INPUT");
    expect(Object.keys((error.details as { fieldErrors: object }).fieldErrors)).toEqual(["body"]);
  });
});

describe("withRoute and cross-site requests", () => {
  const body = JSON.stringify({ title: "t", items: [] });

  it("refuses a cross-site POST with 403 before parsing or running the handler", async () => {
    let ran = false;
    const route = withRoute(() => {
      ran = true;
      return jsonResponse({ ok: true });
    });
    const response = await route(
      new Request("http://localhost/api/x", {
        method: "POST",
        headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      }),
      NO_PARAMS,
    );
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("ERR_API_FORBIDDEN");
    expect(ran).toBe(false);
  });

  it("accepts the same POST from the app's own pages", async () => {
    const response = await post(body, { "content-type": "application/json", "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(201);
  });

  it("still serves cross-site GETs (they change nothing)", async () => {
    const route = withRoute(() => jsonResponse({ ok: true }));
    const response = await route(
      new Request("http://localhost/api/x", { headers: { "sec-fetch-site": "cross-site" } }),
      NO_PARAMS,
    );
    expect(response.status).toBe(200);
  });
});

describe("parseQuery", () => {
  const schema = z.object({ q: z.string().optional(), n: z.string().regex(/^\d+$/).optional() });
  it("keeps known keys, drops unknown ones and empty values", () => {
    expect(parseQuery("http://x/?q=hi&n=&zzz=1", schema)).toEqual({ q: "hi" });
  });
  it("rejects a repeated key the schema wants once", () => {
    expect(() => parseQuery(new URL("http://x/?q=a&q=b"), schema)).toThrow(ValidationError);
  });
});

describe("a client that goes away mid-request", () => {
  it("is not logged as a fault: a cancelled upload is info under its id, answered 499", async () => {
    const errors = vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(errorLogger, "info").mockImplementation(() => undefined);
    const client = new AbortController();
    // The body stalls after its first bytes; then the client closes the connection.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"title":'));
        client.signal.addEventListener("abort", () => controller.error(new Error("aborted")));
      },
    });
    const pending = echoRoute(
      new Request("http://localhost/api/echo", {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
        signal: client.signal,
        duplex: "half",
      } as RequestInit),
      NO_PARAMS,
    );
    client.abort();
    const response = await pending;
    expect(response.status).toBe(499);
    expect((await errorOf(response)).code).toBe("ERR_NET_ABORTED");
    expect(errors).not.toHaveBeenCalled();
    expect(infos.mock.calls[0]?.[1]).toMatchObject({ method: "POST", path: "/api/echo", errorId: expect.any(String) });
  });
});

describe("withRoute error mapping", () => {
  it("maps AppErrors to their status and code with their own message", async () => {
    const response = await call(throwing(notFound("Conversation")));
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toEqual({
      code: "ERR_NOT_FOUND",
      message: "Conversation not found",
      errorId: expect.stringMatching(/^err_/),
    });
  });

  it("sets Retry-After on a 429 and says it in details", async () => {
    const response = await call(
      throwing(
        new GenerationError(ErrorCode.GEN_RATE_LIMIT, "Anthropic said: rate_limit_error org-123", { retryAfter: 12.2 }),
      ),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("13");
    const error = await errorOf(response);
    expect(error.details).toEqual({ retryAfter: 13 });
  });

  it("gives a 429 without a known wait a default Retry-After", async () => {
    const response = await call(throwing(new APIError(ErrorCode.API_RATE_LIMIT, "slow down", { status: 429 })));
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("turns an unknown error into a 500 with an errorId and nothing of the original text", async () => {
    const spy = vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const secretText = "select * from users where password = 'hunter2' -- sk-ant-api03-AAAAAAAAAAAAAAAAAAAA";
    const response = await call(throwing(new Error(secretText)));
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe("ERR_INTERNAL");
    expect(error.errorId).toMatch(/^err_/);
    const text = JSON.stringify(error);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("select");
    expect(text).not.toContain("sk-ant");
    expect(text).not.toMatch(/at .*\.ts/);
    // Logged server-side under the same id, so support can find it.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[1]).toMatchObject({
      errorId: error.errorId,
      status: 500,
      method: "GET",
      path: "/api/x",
    });
  });

  it("never sends a database error's driver text, whatever its SQLSTATE", async () => {
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const driverError = Object.assign(
      new Error('duplicate key value violates unique constraint "conversations_pkey"'),
      {
        code: "23505",
        detail: "Key (id)=(123) already exists.",
        query: "insert into public.conversations ...",
      },
    );
    const response = await call(throwing(classifyPostgresError(driverError)));
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe("ERR_DB_QUERY_FAILED");
    expect(error.errorId).toMatch(/^err_/);
    expect(JSON.stringify(error)).not.toMatch(/duplicate|conversations_pkey|insert|Key \(id\)/);
  });

  it("keeps a retryable database outage as 503 with its code", async () => {
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const outage = new DatabaseError(ErrorCode.DB_CONNECTION, "connect ECONNREFUSED 10.0.0.5:5432", {
      isRecoverable: true,
    });
    const response = await call(throwing(outage));
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe("ERR_DB_CONNECTION");
    expect(error.errorId).toBe(outage.errorId);
    expect(error.message).not.toContain("10.0.0.5");
  });

  it("does not pass a provider's text through on a 5xx AppError", async () => {
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const response = await call(
      throwing(
        new GenerationError(
          ErrorCode.GEN_PROVIDER_ERROR,
          "upstream said: internal_error req_abc123 x-api-key=sk-ant-zzz",
        ),
      ),
    );
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe("ERR_GEN_PROVIDER_ERROR");
    expect(error.message).not.toMatch(/upstream|req_abc123|sk-ant/);
    expect(error.errorId).toMatch(/^err_/);
  });

  it("catches a rejected promise as well as a throw, and non-Error values", async () => {
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const rejecting = withRoute(async () => Promise.reject("plain string"));
    expect((await call(rejecting)).status).toBe(500);
    expect((await call(throwing(null))).status).toBe(500);
  });

  it("returns the handler's response untouched on success", async () => {
    const route = withRoute(({ user }) => jsonResponse({ who: user.mode }, { headers: { "x-extra": "1" } }));
    const response = await call(route);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ who: "local" });
  });

  it("keeps ValidationError details for client errors only", async () => {
    const response = await call(throwing(new ValidationError("bad", { name: ["too short"] })));
    expect(await errorOf(response)).toEqual({
      code: "ERR_VAL_INVALID_INPUT",
      message: "bad",
      details: { fieldErrors: { name: ["too short"] } },
      errorId: expect.stringMatching(/^err_/),
    });
  });

  it("uses the user message of an AppError, not its internal message", async () => {
    const error = new AppError(ErrorCode.CONFLICT, "row version 7 != 8", {
      userMessage: "Someone else changed this batch.",
    });
    expect((await errorOf(await call(throwing(error)))).message).toBe("Someone else changed this batch.");
  });
});

describe("an errorId on every error, logged under that id", () => {
  function spyLogs() {
    return {
      warn: vi.spyOn(errorLogger, "warn").mockImplementation(() => undefined),
      error: vi.spyOn(errorLogger, "error").mockImplementation(() => undefined),
    };
  }

  it.each([
    ["a 400", () => new ValidationError("bad", { name: ["too short"] }), 400],
    ["a 404", () => notFound("Conversation"), 404],
    ["a 429", () => new APIError(ErrorCode.API_RATE_LIMIT, "slow down", { status: 429, retryAfter: 5 }), 429],
    ["a 500", () => new Error("boom"), 500],
  ])("%s carries an errorId", async (_label, makeError, status) => {
    spyLogs();
    const response = await call(throwing(makeError()));
    expect(response.status).toBe(status);
    expect((await errorOf(response)).errorId).toMatch(/^err_[\w-]+$/);
  });

  it("gives a 4xx the AppError's own id and logs it below error, with method, path, status and code", async () => {
    const logs = spyLogs();
    const thrown = notFound("Conversation");
    const response = await throwing(thrown)(
      new Request("http://localhost/api/conversations/abc?token=secret", { method: "DELETE" }),
      NO_PARAMS,
    );
    const error = await errorOf(response);
    expect(error.errorId).toBe(thrown.errorId);
    expect(logs.error).not.toHaveBeenCalled();
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(logs.warn.mock.calls[0]?.[0]).toBe(thrown);
    expect(logs.warn.mock.calls[0]?.[1]).toEqual({
      errorId: thrown.errorId,
      status: 404,
      code: "ERR_NOT_FOUND",
      method: "DELETE",
      path: "/api/conversations/abc",
    });
  });

  it("writes the 4xx entry to the log sanitized and under the id the client got", async () => {
    const entries: LogEntry[] = [];
    const destination = { name: "test", immediate: true, write: (batch: LogEntry[]) => void entries.push(...batch) };
    errorLogger.addDestination(destination);
    try {
      const thrown = new ValidationError("bad token sk-ant-api03-AAAAAAAAAAAAAAAAAAAA", { title: ["required"] });
      const error = await errorOf(await call(throwing(thrown)));
      const entry = entries.find((e) => e.errorId === error.errorId);
      expect(entry).toMatchObject({
        level: "warn",
        code: "ERR_VAL_INVALID_INPUT",
        context: { status: 400, method: "GET", path: "/api/x" },
      });
      expect(JSON.stringify(entry)).not.toContain("sk-ant-api03");
    } finally {
      errorLogger.removeDestination(destination.name);
    }
  });

  it("logs a 5xx at error, not also at warn", async () => {
    const logs = spyLogs();
    const error = await errorOf(await call(throwing(new Error("boom"))));
    expect(logs.warn).not.toHaveBeenCalled();
    expect(logs.error.mock.calls[0]?.[1]).toMatchObject({ errorId: error.errorId, status: 500 });
  });
});

describe("withRoute sign-in modes", () => {
  const whoRoute = (auth: false | "none") =>
    withRoute(({ user }) => jsonResponse({ userId: user?.id ?? null }), { auth });
  const request = () =>
    new Request("http://localhost/api/who", { headers: { authorization: "Bearer cron-secret-that-is-not-a-token" } });

  it("with auth: false resolves whoever is signed in (the local user here)", async () => {
    const response = await whoRoute(false)(request(), NO_PARAMS);
    expect(await response.json()).toEqual({ userId: "00000000-0000-4000-8000-000000000001" });
  });

  it('with auth: "none" never looks at sign-in, so a cron secret is never treated as a token', async () => {
    const response = await whoRoute("none")(request(), NO_PARAMS);
    expect(await response.json()).toEqual({ userId: null });
  });
});
