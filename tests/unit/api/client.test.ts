import { describe, expect, it } from "vitest";
import { APIClient, exchangeOf, parseErrorResponse } from "@/lib/api";
import { APIError, ErrorCode, NetworkError, getUserMessage, type AppError } from "@/lib/errors";
import { createFakeFetch, jsonResponse } from "./fake-fetch";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the request to fail");
}

describe("APIClient requests", () => {
  it("sends JSON bodies, query parameters and the base URL, and parses JSON answers", async () => {
    const fake = createFakeFetch(() => jsonResponse({ jobId: "j1" }, 201));
    const api = new APIClient({ fetch: fake.fetch, baseUrl: "https://studio.test/" });
    const result = await api.post<{ jobId: string }>(
      "/api/batches",
      { items: [{ topic: "refunds" }] },
      { query: { dryRun: false, skip: undefined } },
    );
    expect(result).toEqual({ jobId: "j1" });
    const [call] = fake.calls;
    expect(call?.url).toBe("https://studio.test/api/batches?dryRun=false");
    expect(call?.init.method).toBe("POST");
    expect(call?.init.body).toBe(JSON.stringify({ items: [{ topic: "refunds" }] }));
    expect(call?.init.headers).toMatchObject({ "content-type": "application/json", accept: "application/json" });
  });

  it("returns undefined for 204 No Content", async () => {
    const fake = createFakeFetch(() => new Response(null, { status: 204 }));
    await expect(new APIClient({ fetch: fake.fetch }).delete("/api/batches/1/checkpoint")).resolves.toBeUndefined();
  });

  it("turns our error shape into an APIError with code, status, details, errorId and retryAfter", async () => {
    const fake = createFakeFetch(() =>
      jsonResponse(
        {
          error: {
            code: "ERR_VAL_INVALID_INPUT",
            message: "items.0.topic: Required",
            details: { fieldErrors: { "items.0.topic": ["Required"] } },
            errorId: "err_9f8e7d6c5b4a",
          },
        },
        400,
        { "Retry-After": "3" },
      ),
    );
    const error = await failure(new APIClient({ fetch: fake.fetch }).post("/api/batches", { items: [{}] }));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      code: ErrorCode.VAL_INVALID_INPUT,
      status: 400,
      errorId: "err_9f8e7d6c5b4a",
      retryAfter: 3,
      details: { fieldErrors: { "items.0.topic": ["Required"] } },
    });
    expect(getUserMessage(error)).toBe("items.0.topic: Required");
  });

  it("keeps only known codes: an unknown one falls back to the status", async () => {
    const fake = createFakeFetch(() => jsonResponse({ error: { code: "ERR_FROM_THE_FUTURE", message: "?" } }, 404));
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/conversations/x"));
    expect(error).toMatchObject({ code: ErrorCode.API_NOT_FOUND, status: 404 });
  });

  it("maps a non-JSON error body (a proxy's HTML page) by status", async () => {
    const fake = createFakeFetch(
      () =>
        new Response("<html><body>502 Bad Gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/health", { retry: false }));
    expect(error).toMatchObject({ code: ErrorCode.API_SERVER_ERROR, status: 502, isRecoverable: true });
    expect(getUserMessage(error)).not.toContain("Bad Gateway");
  });

  it("turns a fetch failure into a NetworkError", async () => {
    const fake = createFakeFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/health", { retry: false }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe(ErrorCode.NET_CONNECTION_FAILED);
  });

  it("reports a 2xx with a body that is not JSON as ERR_API_INVALID_RESPONSE", async () => {
    const fake = createFakeFetch(
      () => new Response("<!doctype html><p>login</p>", { status: 200, headers: { "content-type": "text/html" } }),
    );
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/conversations"));
    expect(error).toMatchObject({ code: ErrorCode.API_INVALID_RESPONSE, status: 200 });
    expect(fake.calls).toHaveLength(1);
  });

  it("reads text when asked", async () => {
    const fake = createFakeFetch(() => new Response("plain", { status: 200 }));
    await expect(new APIClient({ fetch: fake.fetch }).get("/x", { responseType: "text" })).resolves.toBe("plain");
  });
});

describe("parseErrorResponse", () => {
  it("never throws, even when the body cannot be read", async () => {
    const broken = new Response(
      new ReadableStream({
        pull(controller) {
          controller.error(new Error("socket hang up"));
        },
      }),
      { status: 503 },
    );
    const error = await parseErrorResponse(broken);
    expect(error).toMatchObject({ code: ErrorCode.API_SERVICE_UNAVAILABLE, status: 503 });
  });
});

describe("the failed call an error carries (for the details modal and the error report)", () => {
  const KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";

  it("an error answer keeps the method, the path and query (origin dropped, token hidden), the status and the sanitized body", async () => {
    const fake = createFakeFetch(() =>
      jsonResponse(
        {
          error: { code: "ERR_VAL_INVALID_INPUT", message: "bad key", errorId: "err_400abc" },
          echoed: { apiKey: KEY, note: `used ${KEY}` },
        },
        400,
      ),
    );
    const api = new APIClient({ fetch: fake.fetch, baseUrl: "https://studio.test" });
    const error = await failure(api.post("/api/batches", {}, { query: { access_token: "abc123secret", page: 2 } }));
    expect(exchangeOf(error)).toEqual({
      request: { method: "POST", url: "/api/batches?access_token=[REDACTED]&page=2" },
      response: {
        status: 400,
        body: {
          error: { code: "ERR_VAL_INVALID_INPUT", message: "bad key", errorId: "err_400abc" },
          echoed: { apiKey: "[REDACTED]", note: "used [REDACTED]" },
        },
      },
    });
    expect(JSON.stringify(error.context)).not.toContain(KEY);
    // Not repeated beside the exchange.
    expect(error.context).not.toHaveProperty("status");
    expect(error.context).not.toHaveProperty("url");
  });

  it("a text answer is kept as text, sanitized and cut to 4,000 characters", async () => {
    const page = `<p>${KEY}</p>${"x".repeat(10_000)}`;
    const fake = createFakeFetch(() => new Response(page, { status: 502, headers: { "content-type": "text/html" } }));
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/health", { retry: false }));
    const body = exchangeOf(error).response?.body;
    expect(typeof body).toBe("string");
    expect(body).toMatch(/^<p>\[REDACTED\]<\/p>x+…$/);
    expect((body as string).length).toBe(4_001);
  });

  it("an empty error body gives the status alone", async () => {
    const fake = createFakeFetch(() => new Response("", { status: 404 }));
    const error = await failure(new APIClient({ fetch: fake.fetch }).delete("/api/batches/b1"));
    expect(exchangeOf(error)).toEqual({
      request: { method: "DELETE", url: "/api/batches/b1" },
      response: { status: 404 },
    });
  });

  it("a network failure keeps the request and has no response", async () => {
    const fake = createFakeFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    const error = await failure(
      new APIClient({ fetch: fake.fetch }).post("/api/backup/bk_1/restore", undefined, { retry: false }),
    );
    expect(exchangeOf(error)).toEqual({ request: { method: "POST", url: "/api/backup/bk_1/restore" } });
  });

  it("a 2xx that is not JSON keeps the call and the page it got instead", async () => {
    const fake = createFakeFetch(
      () => new Response("<!doctype html><p>login</p>", { status: 200, headers: { "content-type": "text/html" } }),
    );
    const error = await failure(new APIClient({ fetch: fake.fetch }).get("/api/conversations"));
    expect(exchangeOf(error)).toEqual({
      request: { method: "GET", url: "/api/conversations" },
      response: { status: 200, body: "<!doctype html><p>login</p>" },
    });
  });
});
