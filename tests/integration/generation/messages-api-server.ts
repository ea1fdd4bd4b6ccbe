/**
 * A real HTTP server on 127.0.0.1 (random port) that speaks the Anthropic Messages API
 * protocol. The first path segment picks the behaviour, so one server serves every case:
 * baseUrl `http://127.0.0.1:PORT/<scenario>` -> POST /<scenario>/v1/messages.
 * Error bodies echo the caller's API key, as a careless proxy might, to prove it is scrubbed.
 * Each request records when it arrived and how many requests were open at that moment (itself
 * included), so a test can check the concurrency and rate a client kept to; `responseDelayMs`
 * holds every answer back that long, as a real model takes time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  scenario: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Date.now() when the request's headers arrived. */
  receivedAt: number;
  /** Requests open (arrived, not yet answered or closed) when this one arrived, itself included. */
  inFlight: number;
}

export interface MessagesApiServerOptions {
  /** Every answer waits this long after the request body arrived (default 0). */
  responseDelayMs?: number;
}

export interface MessagesApiServer {
  url: string;
  baseUrl(scenario: string): string;
  requests: RecordedRequest[];
  /** The most requests that were ever open at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

function requestedTurns(body: Record<string, unknown>): number {
  const messages = body.messages as Array<{ content?: unknown }> | undefined;
  const prompt = typeof messages?.[0]?.content === "string" ? messages[0].content : "";
  return Number(/exactly (\d+)/.exec(prompt)?.[1] ?? 4);
}

function conversationText(turns: number): string {
  return JSON.stringify({
    title: "A late parcel",
    turns: Array.from({ length: turns }, (_, i) => ({
      role: i % 2 === 0 ? "user" : "assistant",
      content: i % 2 === 0 ? `Customer message ${i / 2 + 1}` : `Assistant reply ${(i + 1) / 2}`,
    })),
  });
}

function message(text: string, stopReason = "end_turn"): string {
  return JSON.stringify({
    id: "msg_test_01",
    type: "message",
    role: "assistant",
    model: "claude-test",
    content: [{ type: "text", text }],
    stop_reason: stopReason,
    usage: { input_tokens: 120, output_tokens: 480 },
  });
}

function errorBody(type: string, text: string): string {
  return JSON.stringify({ type: "error", error: { type, message: text } });
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>) => void;

function send(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": "req_test_123", ...headers });
    res.end(body);
  };
}

/** Holds the request open until the client gives up (its timeout or abort closes the socket). */
const stallBeforeHeaders: Handler = () => {};

const SCENARIOS: Record<string, (key: string) => Handler> = {
  ok: () => (_req, res, body) => send(200, message(conversationText(requestedTurns(body))))(_req, res, body),
  fenced: () => (_req, res, body) =>
    send(200, message("Here you go:\n```json\n" + conversationText(requestedTurns(body)) + "\n```"))(_req, res, body),
  "too-long": () => (_req, res, body) =>
    send(200, message(conversationText(requestedTurns(body) + 2)))(_req, res, body),
  "rate-limited": (key) =>
    send(429, errorBody("rate_limit_error", `Rate limit exceeded for key ${key}`), { "retry-after": "7" }),
  "rate-limited-no-header": () => send(429, errorBody("rate_limit_error", "Rate limit exceeded")),
  // The API's precise wait wins over the other one (1.5 s, rounded up to 2).
  "rate-limited-ms": () =>
    send(429, errorBody("rate_limit_error", "Rate limit exceeded"), { "retry-after-ms": "1500", "retry-after": "7" }),
  overloaded: (key) => send(529, errorBody("overloaded_error", `Overloaded (${key})`)),
  "overloaded-retry-after": () => send(529, errorBody("overloaded_error", "Overloaded"), { "retry-after": "12" }),
  unavailable: () => send(503, "<html>Service Unavailable</html>", { "content-type": "text/html" }),
  "unavailable-retry-after": () =>
    send(503, "Service Unavailable", { "content-type": "text/plain", "retry-after": "5" }),
  "server-error": (key) => send(500, errorBody("api_error", `Internal server error while serving x-api-key=${key}`)),
  // x-should-retry is the API's own verdict and beats what the status usually means.
  "server-error-do-not-retry": () =>
    send(500, errorBody("api_error", "Internal server error"), { "x-should-retry": "false" }),
  "conflict-retry": () =>
    send(409, errorBody("invalid_request_error", "Concurrent request"), { "x-should-retry": "true" }),
  "request-timeout": () => send(408, errorBody("timeout_error", "Request timed out")),
  "gateway-timeout": () => send(504, "Gateway Timeout", { "content-type": "text/plain" }),
  "bad-gateway": () => send(502, "Bad gateway"),
  "bad-request": (key) => send(400, errorBody("invalid_request_error", `max_tokens: too large (key ${key})`)),
  unauthorized: (key) => send(401, errorBody("authentication_error", `invalid x-api-key: ${key}`)),
  forbidden: (key) => send(403, errorBody("permission_error", `Key ${key} may not use this model`)),
  "not-found": () => send(404, errorBody("not_found_error", "model: claude-nope")),
  malformed: () => send(200, "<html><body>Gateway says hello</body></html>"),
  "no-content": () => send(200, JSON.stringify({ id: "msg_1", type: "message", role: "assistant" })),
  "no-json-text": () => send(200, message("Sure! Here is a lovely conversation about parcels.")),
  "broken-json-text": () => send(200, message('{"title": "Oops", "turns": [{"role": "user", "content": "Hi"')),
  "wrong-roles": () =>
    send(
      200,
      message(
        JSON.stringify({
          title: "Roles",
          turns: [
            { role: "assistant", content: "Hi" },
            { role: "user", content: "Hello" },
          ],
        }),
      ),
    ),
  "too-few": () => send(200, message(conversationText(2))),
  truncated: () => send(200, message('{"title": "Cut", "turns": [{"role": "user", "content": "Hel', "max_tokens")),
  refusal: () => send(200, message("I can't help with that.", "refusal")),
  "slow-headers": () => stallBeforeHeaders,
  "slow-body": () => (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
    res.write('{"id":"msg_slow","type":"message","content":[{"type":"text","text":"');
  },
  "reset-mid-response": () => (req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
    res.write('{"id":"msg_reset","type":"message","content":[{"type":"text","text":"{\\"title\\"', () => {
      setTimeout(() => req.socket.destroy(), 20);
    });
  },
  "reset-before-response": () => (req) => {
    req.socket.destroy();
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

export async function startMessagesApiServer(options: MessagesApiServerOptions = {}): Promise<MessagesApiServer> {
  const requests: RecordedRequest[] = [];
  const delayMs = options.responseDelayMs ?? 0;
  let open = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const receivedAt = Date.now();
    open += 1;
    maxInFlight = Math.max(maxInFlight, open);
    const inFlight = open;
    let counted = true;
    const done = () => {
      if (counted) open -= 1;
      counted = false;
    };
    res.once("finish", done);
    res.once("close", done);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const [, scenario = "", ...rest] = (req.url ?? "/").split("/");
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        // recorded as {}; the tests assert on the body of well-formed requests
      }
      requests.push({
        scenario,
        method: req.method ?? "",
        path: `/${rest.join("/")}`,
        headers: req.headers,
        body,
        receivedAt,
        inFlight,
      });
      const answer = () => {
        const factory = SCENARIOS[scenario];
        if (!factory || req.method !== "POST" || `/${rest.join("/")}` !== "/v1/messages") {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(errorBody("not_found_error", `no route ${req.method} ${req.url}`));
          return;
        }
        // The SDK sends the key as a bearer token; older clients used x-api-key.
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const key = bearer ?? (typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : "");
        factory(key)(req, res, body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: (scenario) => `${url}/${scenario}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that refuses connections: bound once, then released. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
