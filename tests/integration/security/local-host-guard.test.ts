import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { errorLogger } from "@/lib/errors";
import { refuseForeignHost } from "@/lib/security/local-host-guard";
import { supabaseTestEnv } from "@/tests/support/auth-tokens";

/*
 * proxy.ts in local mode: a DNS-rebinding page (evil.example re-resolved to 127.0.0.1)
 * reaches the server with `Host: evil.example` and must get nothing: 403, the app's JSON
 * error shape under /api, a short text page elsewhere. Loopback names and ALLOWED_HOSTS pass.
 * (tests/process/deployment-safety.test.ts checks the same against a real `next start`.)
 */

beforeAll(() => {
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", "");
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY", "");
  vi.stubEnv("SUPABASE_JWT_SECRET", "");
  vi.stubEnv("ALLOWED_HOSTS", "studio.lan");
});

afterAll(() => {
  vi.unstubAllEnvs();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function request(
  path: string,
  host: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${path}`, {
    method: init.method ?? "GET",
    headers: { host, ...init.headers },
  });
}

describe("proxy.ts in local mode", () => {
  it.each(["/api/conversations", "/api/conversations/bulk-delete", "/api/backup/download/abc.js"])(
    "refuses %s for Host: evil.example with 403 and the error shape",
    async (path) => {
      const response = await proxy(request(path, "evil.example", { method: path.endsWith("delete") ? "POST" : "GET" }));
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string; errorId: string } };
      expect(body.error.code).toBe("ERR_API_FORBIDDEN");
      expect(body.error.errorId).toMatch(/^err_/);
      expect(body.error.message).toMatch(/localhost/);
      expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    },
  );

  it("refuses a page for a foreign Host with a short text page", async () => {
    const response = await proxy(request("/conversations", "evil.example:3000"));
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/ALLOWED_HOSTS/);
  });

  it.each([
    ["an API call", "/api/conversations"],
    ["a page", "/conversations"],
  ])("logs the refusal of %s at warn under the errorId it answers with", async (_label, path) => {
    const warn = vi.spyOn(errorLogger, "warn").mockImplementation(() => undefined);
    const response = await proxy(request(path, "evil.example"));
    const text = await response.text();
    const errorId = /err_[\w-]+/.exec(text)?.[0];
    expect(errorId).toBeDefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({
      errorId,
      status: 403,
      code: "ERR_API_FORBIDDEN",
      method: "GET",
      path,
    });
  });

  it("is not fooled by X-Forwarded-Host, which a page can set", async () => {
    const response = await proxy(
      request("/api/conversations", "evil.example", { headers: { "x-forwarded-host": "localhost:3000" } }),
    );
    expect(response.status).toBe(403);
  });

  it.each(["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "studio.lan:8443"])(
    "lets Host %s through",
    async (host) => {
      const response = await proxy(request("/api/conversations", host));
      expect(response.status).toBe(200);
      expect(response.headers.get("x-middleware-next")).toBe("1");
    },
  );
});

describe("refuseForeignHost in Supabase mode", () => {
  it("leaves the Host alone: every request needs the user's own token there", () => {
    expect(refuseForeignHost(request("/api/conversations", "studio.example.com"), supabaseTestEnv())).toBeNull();
  });
});
