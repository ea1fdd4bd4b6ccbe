import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, ErrorCode, GenerationError, NetworkError, isRetryable, sanitizeString } from "@/lib/errors";
import { AnthropicGenerator } from "@/lib/generation/anthropic-generator";
import type { GenerationItem } from "@/lib/generation/types";
import { SCENARIO_NAMES, closedPortUrl, startMessagesApiServer, type MessagesApiServer } from "./messages-api-server";

// Matches none of sanitize()'s key patterns, so only the provider's own scrubbing can hide it.
const API_KEY = "tds-integration-key-7f3a9c2e5b1d48";
const TIMEOUT_MS = 400;

const item: GenerationItem = {
  topic: "A parcel that never arrived",
  parameters: { persona: "retired teacher", emotion: "anxious", turns: 6 },
};

let server: MessagesApiServer;

beforeAll(async () => {
  server = await startMessagesApiServer();
});

afterAll(async () => {
  await server.close();
});

function generatorFor(scenario: string, options: { timeoutMs?: number; apiKey?: string } = {}): AnthropicGenerator {
  return new AnthropicGenerator({
    apiKey: options.apiKey ?? API_KEY,
    baseUrl: server.baseUrl(scenario),
    model: "claude-default-test",
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

describe("a successful call", () => {
  it("sends a Messages API request with the key, version, model and temperature, and returns the validated conversation", async () => {
    const before = server.requests.length;
    const conversation = await generatorFor("ok").generateConversation(item, {
      model: "claude-batch-model",
      temperature: 0.4,
    });

    expect(conversation.title).toBe("A late parcel");
    expect(conversation.turns).toHaveLength(6);
    expect(conversation.turns.map((t) => t.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);

    const request = server.requests[before];
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    // The SDK pins the API version its request shapes are written for.
    expect(request?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toMatchObject({ model: "claude-batch-model", temperature: 0.4 });
    expect(request?.body.max_tokens).toEqual(expect.any(Number));
    expect(request?.body.system).toMatch(/JSON/);
    const messages = request?.body.messages as Array<{ role: string; content: string }>;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe("user");
    for (const fact of ["A parcel that never arrived", "retired teacher", "anxious", "exactly 6"]) {
      expect(messages[0]?.content).toContain(fact);
    }
  });

  it("sends only its own key: ANTHROPIC_CUSTOM_HEADERS set on the host for another tool adds nothing and replaces nothing", async () => {
    const before = server.requests.length;
    const saved = process.env.ANTHROPIC_CUSTOM_HEADERS;
    process.env.ANTHROPIC_CUSTOM_HEADERS = "Authorization: Bearer sk-ant-other-tool-key\nX-Proxy-Token: hunter2";
    try {
      await generatorFor("ok").generateConversation(item, {});
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_CUSTOM_HEADERS;
      else process.env.ANTHROPIC_CUSTOM_HEADERS = saved;
    }
    const request = server.requests[before];
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["x-proxy-token"]).toBeUndefined();
  });

  it("uses the server's model and the API's default temperature when the batch names none", async () => {
    const before = server.requests.length;
    await generatorFor("ok").generateConversation(item, {});
    const body = server.requests[before]?.body;
    expect(body?.model).toBe("claude-default-test");
    expect(body).not.toHaveProperty("temperature");
  });

  it("accepts JSON wrapped in a Markdown fence with a sentence around it", async () => {
    const conversation = await generatorFor("fenced").generateConversation(item, {});
    expect(conversation.turns).toHaveLength(6);
  });

  it("cuts an answer longer than asked to the requested number of messages", async () => {
    const conversation = await generatorFor("too-long").generateConversation(item, {});
    expect(conversation.turns).toHaveLength(6);
    expect(conversation.turns.at(-1)?.role).toBe("assistant");
  });

  it("refuses a temperature outside 0..1 before calling the provider", async () => {
    const before = server.requests.length;
    const error = await failure(generatorFor("ok").generateConversation(item, { temperature: 1.5 }));
    expect(error.code).toBe(ErrorCode.GEN_INVALID_REQUEST);
    expect(error.context.field).toBe("config.temperature");
    expect(server.requests.length).toBe(before);
  });
});

interface Row {
  scenario: string;
  code: ErrorCode;
  retryable: boolean;
  kind: typeof GenerationError | typeof NetworkError;
  status?: number;
  /** Seconds the error passes on to the batch layer (Retry-After). */
  retryAfter?: number;
}

const TABLE: Row[] = [
  { scenario: "rate-limited", code: ErrorCode.GEN_RATE_LIMIT, retryable: true, kind: GenerationError, status: 429 },
  {
    scenario: "rate-limited-no-header",
    code: ErrorCode.GEN_RATE_LIMIT,
    retryable: true,
    kind: GenerationError,
    status: 429,
  },
  {
    scenario: "rate-limited-ms",
    code: ErrorCode.GEN_RATE_LIMIT,
    retryable: true,
    kind: GenerationError,
    status: 429,
    retryAfter: 2,
  },
  { scenario: "overloaded", code: ErrorCode.GEN_OVERLOADED, retryable: true, kind: GenerationError, status: 529 },
  {
    scenario: "overloaded-retry-after",
    code: ErrorCode.GEN_OVERLOADED,
    retryable: true,
    kind: GenerationError,
    status: 529,
    retryAfter: 12,
  },
  { scenario: "unavailable", code: ErrorCode.GEN_OVERLOADED, retryable: true, kind: GenerationError, status: 503 },
  {
    scenario: "unavailable-retry-after",
    code: ErrorCode.GEN_OVERLOADED,
    retryable: true,
    kind: GenerationError,
    status: 503,
    retryAfter: 5,
  },
  { scenario: "server-error", code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true, kind: GenerationError, status: 500 },
  {
    scenario: "server-error-do-not-retry",
    code: ErrorCode.GEN_PROVIDER_ERROR,
    retryable: false,
    kind: GenerationError,
    status: 500,
  },
  {
    scenario: "conflict-retry",
    code: ErrorCode.GEN_INVALID_REQUEST,
    retryable: true,
    kind: GenerationError,
    status: 409,
  },
  { scenario: "request-timeout", code: ErrorCode.GEN_TIMEOUT, retryable: true, kind: GenerationError, status: 408 },
  { scenario: "gateway-timeout", code: ErrorCode.GEN_TIMEOUT, retryable: true, kind: GenerationError, status: 504 },
  { scenario: "bad-gateway", code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true, kind: GenerationError, status: 502 },
  {
    scenario: "bad-request",
    code: ErrorCode.GEN_INVALID_REQUEST,
    retryable: false,
    kind: GenerationError,
    status: 400,
  },
  { scenario: "not-found", code: ErrorCode.GEN_INVALID_REQUEST, retryable: false, kind: GenerationError, status: 404 },
  { scenario: "unauthorized", code: ErrorCode.GEN_AUTH_FAILED, retryable: false, kind: GenerationError, status: 401 },
  { scenario: "forbidden", code: ErrorCode.GEN_AUTH_FAILED, retryable: false, kind: GenerationError, status: 403 },
  { scenario: "malformed", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "no-content", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "no-json-text", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "broken-json-text", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "wrong-roles", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "too-few", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "truncated", code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, kind: GenerationError },
  { scenario: "refusal", code: ErrorCode.GEN_CONTENT_FILTERED, retryable: false, kind: GenerationError },
  { scenario: "slow-headers", code: ErrorCode.GEN_TIMEOUT, retryable: true, kind: GenerationError },
  { scenario: "slow-body", code: ErrorCode.GEN_TIMEOUT, retryable: true, kind: GenerationError },
  { scenario: "reset-mid-response", code: ErrorCode.NET_CONNECTION_FAILED, retryable: true, kind: NetworkError },
  { scenario: "reset-before-response", code: ErrorCode.NET_CONNECTION_FAILED, retryable: true, kind: NetworkError },
];

describe("the error table, against a real server", () => {
  it("covers every failing scenario the server knows", () => {
    const failing = SCENARIO_NAMES.filter((name) => !["ok", "fenced", "too-long"].includes(name));
    expect(TABLE.map((row) => row.scenario).sort()).toEqual(failing.sort());
  });

  it.each(TABLE)(
    "$scenario -> $code (retryable: $retryable)",
    async ({ scenario, code, retryable, kind, status, retryAfter }) => {
      const error = await failure(generatorFor(scenario).generateConversation(item, {}));
      expect(error).toBeInstanceOf(kind);
      expect(error.code).toBe(code);
      expect(isRetryable(error)).toBe(retryable);
      expect(error.isRecoverable).toBe(retryable);
      if (status !== undefined) expect(error.context.providerStatus).toBe(status);
      if (error instanceof GenerationError) expect(error.provider).toBe("anthropic");
      if (retryAfter !== undefined) expect((error as GenerationError).retryAfter).toBe(retryAfter);
    },
  );

  it("passes on the Retry-After the API sent with a 429, and waits a default when it sent none", async () => {
    const withHeader = (await failure(generatorFor("rate-limited").generateConversation(item, {}))) as GenerationError;
    expect(withHeader.retryAfter).toBe(7);
    expect(withHeader.httpStatus).toBe(429);
    expect(withHeader.context.providerType).toBe("rate_limit_error");
    const withoutHeader = (await failure(
      generatorFor("rate-limited-no-header").generateConversation(item, {}),
    )) as GenerationError;
    expect(withoutHeader.retryAfter).toBe(10);
    expect(withoutHeader.context.retryAfterSource).toBe("default");
  });

  it("makes only one request per call: the SDK's own retries are off, the batch layer owns them", async () => {
    for (const scenario of ["overloaded", "server-error", "reset-before-response", "rate-limited"]) {
      const before = server.requests.filter((request) => request.scenario === scenario).length;
      await failure(generatorFor(scenario).generateConversation(item, {}));
      expect(server.requests.filter((request) => request.scenario === scenario).length).toBe(before + 1);
    }
  });

  it("classifies a refused connection as a retryable network error", async () => {
    const generator = new AnthropicGenerator({
      apiKey: API_KEY,
      baseUrl: await closedPortUrl(),
      model: "m",
      timeoutMs: 5_000,
    });
    const error = await failure(generator.generateConversation(item, {}));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe(ErrorCode.NET_CONNECTION_FAILED);
    expect(error.context.socketCode).toBe("ECONNREFUSED");
    expect(isRetryable(error)).toBe(true);
  });

  it("treats the caller's abort as a cancellation, not a timeout", async () => {
    const controller = new AbortController();
    const pending = failure(
      generatorFor("slow-headers", { timeoutMs: 60_000 }).generateConversation(item, {}, controller.signal),
    );
    // Abort once the server holds the request, so the abort hits an open connection.
    const before = server.requests.length;
    while (server.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe(ErrorCode.NET_ABORTED);
    expect(isRetryable(error)).toBe(false);
  });
});

function everythingIn(error: AppError): string {
  const parts: string[] = [
    error.message,
    error.getUserMessage(),
    JSON.stringify(error.context),
    JSON.stringify(error.toJSON()),
    String(error.stack),
  ];
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    parts.push(String(cause), JSON.stringify(cause) ?? "");
    cause = (cause as { cause?: unknown } | null)?.cause;
  }
  return parts.join("\n");
}

describe("the API key never leaves in an error", () => {
  it("is not in any error's message, context, serialisation or cause, even when the server echoes it", async () => {
    const scenarios = TABLE.map((row) => row.scenario);
    const errors = await Promise.all(
      scenarios.map((scenario) => failure(generatorFor(scenario).generateConversation(item, {}))),
    );
    const refused = new AnthropicGenerator({ apiKey: API_KEY, baseUrl: await closedPortUrl(), model: "m" });
    errors.push(await failure(refused.generateConversation(item, {})));
    for (const error of errors) expect(everythingIn(error)).not.toContain(API_KEY);

    // The echo was there to be scrubbed: the provider's text is kept for the logs, redacted.
    const unauthorized = errors[scenarios.indexOf("unauthorized")];
    expect(unauthorized?.context.providerMessage).toBe("invalid x-api-key: [REDACTED]");
  });

  it("is scrubbed also when it has the real key format", async () => {
    const realLooking = "sk-ant-api03-AbCdEf0123456789AbCdEf0123456789-AbCdEfGh";
    expect(sanitizeString(realLooking)).not.toContain(realLooking);
    for (const scenario of ["unauthorized", "server-error", "rate-limited"]) {
      const error = await failure(generatorFor(scenario, { apiKey: realLooking }).generateConversation(item, {}));
      expect(everythingIn(error)).not.toContain(realLooking);
    }
  });

  it("is not in the error for a key an HTTP header cannot carry (fetch's own message would quote it)", async () => {
    const badKey = "tds-key-with-newline\nx";
    const before = server.requests.length;
    const error = await failure(generatorFor("ok", { apiKey: badKey }).generateConversation(item, {}));
    expect(error.code).toBe(ErrorCode.GEN_AUTH_FAILED);
    expect(isRetryable(error)).toBe(false);
    expect(everythingIn(error)).not.toContain("tds-key-with-newline");
    expect(server.requests.length).toBe(before);
  });
});
