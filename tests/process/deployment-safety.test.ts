/**
 * PREREQUISITE: a production build in .next (`npm run build`); this suite never builds.
 * Run: `scripts/with-postgres.sh npm run test:process` (TEST_DATABASE_URL is required).
 *
 * Deploying safely, against real `next start` processes (NODE_ENV=production):
 * - without Supabase Auth a production server refuses to start (naming the variables),
 *   unless ALLOW_LOCAL_MODE=1, and then only on a loopback address;
 * - the local server it does start listens on 127.0.0.1 only, refuses a foreign Host
 *   (DNS rebinding) and sends the anti-framing / nosniff / referrer headers on every
 *   response: a page, an API route, a 404, a static chunk, the refusal itself.
 */
import fs from "node:fs";
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnServer, startServer, waitForExit, type AppServer } from "./support/server";
import { freshDatabaseForFile } from "./support/fixture";

const db = freshDatabaseForFile("deploy");

async function refusedStart(name: string, env: Record<string, string>, hostname: string | null): Promise<string> {
  const server = await spawnServer({ name, env: { DATABASE_URL: db().url, ...env }, hostname });
  const code = await waitForExit(server);
  expect(code, server.output()).not.toBe(0);
  return server.output();
}

describe("a production server without Supabase Auth", () => {
  it("refuses to start without ALLOW_LOCAL_MODE=1, naming the variables to set", async () => {
    const output = await refusedStart("no-opt-in", { ALLOW_LOCAL_MODE: "" }, "127.0.0.1");
    expect(output).toMatch(/NEXT_PUBLIC_SUPABASE_URL/);
    expect(output).toMatch(/NEXT_PUBLIC_SUPABASE_ANON_KEY/);
    expect(output).toMatch(/ALLOW_LOCAL_MODE=1/);
  });

  it("refuses ALLOW_LOCAL_MODE=true: only the exact opt-in 1 counts", async () => {
    expect(await refusedStart("opt-in-true", { ALLOW_LOCAL_MODE: "true" }, "127.0.0.1")).toMatch(/ALLOW_LOCAL_MODE/);
  });

  it("with ALLOW_LOCAL_MODE=1 refuses -H 0.0.0.0", async () => {
    const output = await refusedStart("all-interfaces", { ALLOW_LOCAL_MODE: "1" }, "0.0.0.0");
    expect(output).toMatch(/loopback/);
    expect(output).toMatch(/0\.0\.0\.0/);
  });

  it("with ALLOW_LOCAL_MODE=1 refuses to start without -H (next start's default is every interface)", async () => {
    expect(await refusedStart("no-hostname", { ALLOW_LOCAL_MODE: "1" }, null)).toMatch(/loopback/);
  });

  it("refuses SUPABASE_JWT_SECRET without the Supabase URL and key (not a silent local mode)", async () => {
    const output = await refusedStart(
      "secret-only",
      { ALLOW_LOCAL_MODE: "1", SUPABASE_JWT_SECRET: "a-project-jwt-secret-that-is-long-enough-0123" },
      "127.0.0.1",
    );
    expect(output).toMatch(/SUPABASE_JWT_SECRET/);
    expect(output).toMatch(/NEXT_PUBLIC_SUPABASE_URL/);
  });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with a Host header of our choosing (what a rebinding browser sends), over plain node:http. */
function rawGet(server: AppServer, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: "GET",
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error(`GET ${path}: no answer`)));
    request.on("error", reject);
    request.end();
  });
}

/** Listening TCP sockets on `port` as hex local addresses from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === "0A" && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

function expectSecurityHeaders(response: RawResponse, what: string): void {
  expect(response.headers["content-security-policy"], what).toBe("frame-ancestors 'none'");
  expect(response.headers["x-frame-options"], what).toBe("DENY");
  expect(response.headers["x-content-type-options"], what).toBe("nosniff");
  expect(response.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
}

describe("a local-mode production server with ALLOW_LOCAL_MODE=1 on -H 127.0.0.1", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startServer({ name: "local-loopback", env: { DATABASE_URL: db().url, ALLOW_LOCAL_MODE: "1" } });
  });

  it("starts, and listens on 127.0.0.1 only", () => {
    // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; nothing on 0.0.0.0 or ::.
    expect(listeningAddresses(server.port)).toEqual(["0100007F"]);
  });

  it.each([
    ["an API route", "/api/conversations"],
    ["a page", "/"],
    ["an API path that looks like a static file", "/api/backup/download/backup.js"],
  ])("refuses %s for Host: evil.example (DNS rebinding) with 403", async (_label, path) => {
    const response = await rawGet(server, path, {
      host: `evil.example:${server.port}`,
      "x-forwarded-host": `127.0.0.1:${server.port}`,
    });
    expect(response.status).toBe(403);
    expect(response.body).not.toMatch(/conversation/i);
    expectSecurityHeaders(response, `403 for ${path}`);
    if (path.startsWith("/api/")) {
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "ERR_API_FORBIDDEN" } });
    } else {
      expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    }
  });

  it.each(["localhost", "127.0.0.1", "[::1]"])("serves Host: %s", async (host) => {
    const response = await rawGet(server, "/api/conversations", { host: `${host}:${server.port}` });
    expect(response.status).toBe(200);
  });

  it("sends the anti-framing, nosniff and referrer headers on a page, an API route, a 404 and a static chunk", async () => {
    const page = await rawGet(server, "/");
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, "page /");

    const api = await rawGet(server, "/api/health");
    expect(api.status).toBe(200);
    expectSecurityHeaders(api, "/api/health");

    const missing = await rawGet(server, "/no-such-page");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "404 page");

    const missingApi = await rawGet(server, "/api/no-such-route");
    expect(missingApi.status).toBe(404);
    expectSecurityHeaders(missingApi, "404 API");

    const chunk = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(chunk, "a /_next/static script in the page").toBeDefined();
    const asset = await rawGet(server, chunk as string);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset, chunk as string);
  });
});
