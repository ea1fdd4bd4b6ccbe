import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { jwtVerify, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/auth/verify-token";
import { AppError } from "@/lib/errors/classes";
import {
  mintToken,
  supabaseTestEnv,
  TEST_ANON_KEY,
  TEST_JWT_SECRET,
  TEST_SUPABASE_URL,
} from "@/tests/support/auth-tokens";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error("expected the token to be rejected");
}

describe("verifyAccessToken with SUPABASE_JWT_SECRET (local HS256)", () => {
  const env = supabaseTestEnv();

  it("returns the user id (sub) and email of a valid token", async () => {
    const sub = randomUUID();
    const identity = await verifyAccessToken(await mintToken({ sub, email: "ada@example.com" }), env);
    expect(identity).toEqual({ id: sub, email: "ada@example.com" });
  });

  it("accepts aud as an array that includes authenticated", async () => {
    await expect(
      verifyAccessToken(await mintToken({ claims: { aud: ["other", "authenticated"] } }), env),
    ).resolves.toBeTruthy();
  });

  it("accepts the issuer whatever trailing slash the configured project URL has", async () => {
    const slashed = supabaseTestEnv({ NEXT_PUBLIC_SUPABASE_URL: `${TEST_SUPABASE_URL}/` });
    await expect(verifyAccessToken(await mintToken(), slashed)).resolves.toBeTruthy();
  });

  it("gives email null when the token has none", async () => {
    const token = await mintToken({ claims: { email: "" } });
    expect((await verifyAccessToken(token, env)).email).toBeNull();
  });

  it("says expired for a genuine token past its exp", async () => {
    expect(await codeOf(verifyAccessToken(await mintToken({ expiresIn: -120 }), env))).toBe("ERR_AUTH_TOKEN_EXPIRED");
  });

  it("says invalid (not expired) for an expired token with a wrong signature", async () => {
    const token = await mintToken({ expiresIn: -120, secret: "another-secret-that-is-long-enough-0123456789" });
    expect(await codeOf(verifyAccessToken(token, env))).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it.each([
    ["a wrong signature", () => mintToken({ secret: "another-secret-that-is-long-enough-0123456789" })],
    ["a tampered payload", async () => tamper(await mintToken())],
    ["HS512 instead of HS256", () => mintToken({ alg: "HS512" })],
    [
      "alg none",
      async () => new UnsecuredJWT({ sub: randomUUID(), role: "authenticated" }).setExpirationTime("1h").encode(),
    ],
    ["a non-UUID sub", () => mintToken({ sub: "user-42" })],
    ["a SQL-looking sub", () => mintToken({ sub: "' or 1=1 --" })],
    ["no sub", () => mintToken({ claims: { sub: undefined } })],
    ["the wrong audience", () => mintToken({ claims: { aud: "someone-else" } })],
    ["no audience", () => mintToken({ claims: { aud: undefined } })],
    ["no expiry (a token that would be valid forever)", () => mintToken({ claims: { exp: undefined } })],
    ["no issuer", () => mintToken({ claims: { iss: undefined } })],
    ["another project's issuer", () => mintToken({ supabaseUrl: "https://otherproject.supabase.co" })],
    ["an issuer that is not Supabase Auth", () => mintToken({ claims: { iss: "https://evil.example/auth/v1" } })],
    ["the anon role (the anon key is such a JWT)", () => mintToken({ claims: { role: "anon" } })],
    ["the service_role role", () => mintToken({ claims: { role: "service_role" } })],
    [
      "a not-yet-valid token (nbf in the future)",
      () => mintToken({ claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }),
    ],
  ])("rejects %s as invalid", async (_label, make) => {
    expect(await codeOf(verifyAccessToken(await make(), env))).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it.each(["", "abc", "a.b.c", "a.b", "Bearer x.y.z", "x".repeat(20_000)])(
    "rejects the malformed token %#",
    async (token) => {
      expect(await codeOf(verifyAccessToken(token, env))).toBe("ERR_AUTH_INVALID_TOKEN");
    },
  );

  it("keeps the reason out of the message a client sees", async () => {
    const error = (await verifyAccessToken(await mintToken({ sub: "nope" }), env).catch((e: unknown) => e)) as AppError;
    expect(error.getUserMessage()).not.toMatch(/sub|uuid/i);
    expect(error.context.reason).toMatch(/sub/);
  });
});

/** Flips one character of the payload so the signature no longer matches. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  claims.sub = randomUUID();
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
}

/*
 * Without SUPABASE_JWT_SECRET the token goes to Supabase Auth (supabase-js getClaims ->
 * GET /auth/v1/user). A small HTTP server speaking that endpoint stands in for Supabase.
 */
describe("verifyAccessToken without a secret (Supabase Auth checks the token)", () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];
  const apiKeys: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      apiKeys.push(String(req.headers.apikey));
      void (async () => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
        try {
          const { payload } = await jwtVerify(token, new TextEncoder().encode(TEST_JWT_SECRET));
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({ id: payload.sub, aud: "authenticated", role: "authenticated", email: payload.email }),
          );
        } catch {
          res.writeHead(403, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              code: 403,
              error_code: "bad_jwt",
              msg: "invalid JWT: unable to parse or verify signature",
            }),
          );
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const envFor = (supabaseUrl: string) =>
    supabaseTestEnv({ NEXT_PUBLIC_SUPABASE_URL: supabaseUrl, SUPABASE_JWT_SECRET: undefined });

  it("accepts a token Supabase Auth vouches for", async () => {
    const sub = randomUUID();
    const identity = await verifyAccessToken(await mintToken({ sub, email: "grace@example.com" }), envFor(url));
    expect(identity).toEqual({ id: sub, email: "grace@example.com" });
    expect(requests.at(-1)).toBe("GET /auth/v1/user");
  });

  it("rejects a token Supabase Auth refuses", async () => {
    const token = await mintToken({ secret: "another-secret-that-is-long-enough-0123456789" });
    expect(await codeOf(verifyAccessToken(token, envFor(url)))).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it("answers expired without asking Supabase", async () => {
    const before = requests.length;
    expect(await codeOf(verifyAccessToken(await mintToken({ expiresIn: -120 }), envFor(url)))).toBe(
      "ERR_AUTH_TOKEN_EXPIRED",
    );
    expect(requests.length).toBe(before);
  });

  it.each([
    ["no expiry", () => mintToken({ claims: { exp: undefined } })],
    ["no audience", () => mintToken({ claims: { aud: undefined } })],
    ["the wrong audience", () => mintToken({ claims: { aud: "someone-else" } })],
  ])("still refuses a token with %s after Supabase accepted it", async (_label, make) => {
    expect(await codeOf(verifyAccessToken(await make(), envFor(url)))).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it("still checks the sub after Supabase accepted the token", async () => {
    expect(await codeOf(verifyAccessToken(await mintToken({ sub: "not-a-uuid" }), envFor(url)))).toBe(
      "ERR_AUTH_INVALID_TOKEN",
    );
  });

  it("reports an unreachable Supabase as a retryable 503, not as a bad token", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = (await verifyAccessToken(await mintToken(), envFor(deadUrl)).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("ERR_API_SERVICE_UNAVAILABLE");
    expect(error.httpStatus).toBe(503);
    expect(error.isRecoverable).toBe(true);
  });

  it("sends Supabase the public anon key as apikey, never the JWT secret", async () => {
    await verifyAccessToken(await mintToken(), envFor(url));
    expect(apiKeys.at(-1)).toBe(TEST_ANON_KEY);
    expect(apiKeys).not.toContain(TEST_JWT_SECRET);
  });
});
