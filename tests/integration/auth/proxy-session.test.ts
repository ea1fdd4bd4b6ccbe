import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAccessTokenFromCookies } from "@/lib/auth/cookie-token";
import { updateSession } from "@/lib/auth/proxy-session";
import { cookieHeader, localTestEnv, mintToken, sessionJson, supabaseTestEnv } from "@/tests/support/auth-tokens";
import { createChunks, stringToBase64URL } from "@supabase/ssr";

/*
 * proxy.ts's work: refresh an expiring Supabase session before the page or route reads it,
 * and send signed-out page requests to /login. A small HTTP server stands in for Supabase
 * Auth's token endpoint (the only call a refresh makes).
 */

let server: Server;
let supabaseUrl: string;
let cookieName: string;
const refreshCalls: string[] = [];
let refreshedToken = "";
const USER = randomUUID();

function sessionCookies(accessToken: string, refreshToken = "refresh-1") {
  const value = `base64-${stringToBase64URL(sessionJson(accessToken, { refresh_token: refreshToken, expires_at: expiresAtOf(accessToken) }))}`;
  return createChunks(cookieName, value);
}

function expiresAtOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8")) as {
    exp: number;
  };
  return payload.exp;
}

function pageRequest(path: string, cookies: { name: string; value: string }[] = []): NextRequest {
  return new NextRequest(`http://localhost${path}`, {
    headers: cookies.length ? { cookie: cookieHeader(cookies) } : {},
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      void (async () => {
        if (req.method === "POST" && req.url?.startsWith("/auth/v1/token?grant_type=refresh_token")) {
          const { refresh_token: refreshToken } = JSON.parse(body) as { refresh_token: string };
          refreshCalls.push(refreshToken);
          if (refreshToken !== "refresh-1") {
            res.writeHead(400, { "content-type": "application/json" });
            res.end(JSON.stringify({ code: 400, error_code: "refresh_token_not_found", msg: "Invalid Refresh Token" }));
            return;
          }
          refreshedToken = await mintToken({ sub: USER, supabaseUrl, expiresIn: 3600 });
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              access_token: refreshedToken,
              token_type: "bearer",
              expires_in: 3600,
              expires_at: Math.floor(Date.now() / 1000) + 3600,
              refresh_token: "refresh-2",
              user: { id: USER, aud: "authenticated", role: "authenticated", email: "u@example.com" },
            }),
          );
          return;
        }
        res.writeHead(404, { "content-type": "application/json" });
        res.end("{}");
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  supabaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookieName = "sb-127-auth-token";
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const env = () => supabaseTestEnv({ NEXT_PUBLIC_SUPABASE_URL: supabaseUrl });

describe("updateSession (proxy.ts)", () => {
  it("does nothing in local mode", async () => {
    const response = await updateSession(pageRequest("/conversations"), localTestEnv());
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
  });

  it("sends a signed-out page request to /login, remembering where it was going", async () => {
    const response = await updateSession(pageRequest("/conversations?cursor=abc"), env());
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") as string);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/conversations?cursor=abc");
  });

  it("never redirects API requests (they answer 401 themselves) or the login and callback pages", async () => {
    for (const path of ["/api/conversations", "/login", "/auth/callback?code=x"]) {
      const response = await updateSession(pageRequest(path), env());
      expect(response.headers.get("location"), path).toBeNull();
    }
  });

  it("lets a page request with a valid session through", async () => {
    const response = await updateSession(
      pageRequest("/", sessionCookies(await mintToken({ sub: USER, supabaseUrl }))),
      env(),
    );
    expect(response.headers.get("location")).toBeNull();
  });

  it("redirects a page request whose session cookie holds a forged token", async () => {
    const forged = await mintToken({ sub: USER, supabaseUrl, secret: "an-attacker-secret-that-is-long-enough-42" });
    const response = await updateSession(pageRequest("/", sessionCookies(forged)), env());
    expect(response.status).toBe(307);
  });

  it("refreshes an expired session and hands the fresh token to the page and the browser", async () => {
    const expired = await mintToken({ sub: USER, supabaseUrl, expiresIn: -30 });
    const request = pageRequest("/conversations", sessionCookies(expired, "refresh-1"));
    const response = await updateSession(request, env());

    expect(refreshCalls.at(-1)).toBe("refresh-1");
    expect(response.headers.get("location")).toBeNull();
    // The browser gets the new session cookie...
    const setCookies = response.cookies.getAll().filter((c) => c.name.startsWith(cookieName));
    expect(setCookies.length).toBeGreaterThan(0);
    await expect(readAccessTokenFromCookies(setCookies, supabaseUrl)).resolves.toBe(refreshedToken);
    // ...and so does the page rendering this very request.
    await expect(readAccessTokenFromCookies(request.cookies.getAll(), supabaseUrl)).resolves.toBe(refreshedToken);
  });

  it("sends the user to /login when the refresh token is no longer valid", async () => {
    const expired = await mintToken({ sub: USER, supabaseUrl, expiresIn: -30 });
    const response = await updateSession(pageRequest("/", sessionCookies(expired, "revoked")), env());
    expect(refreshCalls.at(-1)).toBe("revoked");
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location") as string).pathname).toBe("/login");
    // The dead session is cleared in the browser too, so the next request starts clean.
    const cleared = response.cookies.getAll().filter((c) => c.name.startsWith(cookieName));
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((c) => c.value === "")).toBe(true);
  });
});
