import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getCurrentUser, getOptionalUser, getUserFromCookies } from "@/lib/auth/current-user";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { AppError } from "@/lib/errors/classes";
import {
  type CookieFormat,
  cookieHeader,
  localTestEnv,
  mintToken,
  supabaseAuthCookies,
  supabaseTestEnv,
} from "@/tests/support/auth-tokens";

const env = supabaseTestEnv();

function request(headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/conversations", { headers });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe("getCurrentUser in local mode (no Supabase configured)", () => {
  it("is the one fixed local user, whatever the request carries", async () => {
    const local = { id: LOCAL_USER_ID, email: null, mode: "local" };
    await expect(getCurrentUser(request(), localTestEnv())).resolves.toEqual(local);
    await expect(getCurrentUser(request({ authorization: "Bearer junk" }), localTestEnv())).resolves.toEqual(local);
  });
});

describe("getCurrentUser in Supabase mode", () => {
  it("is the sub of a valid bearer token", async () => {
    const sub = randomUUID();
    const user = await getCurrentUser(
      request({ authorization: `Bearer ${await mintToken({ sub, email: "a@example.com" })}` }),
      env,
    );
    expect(user).toEqual({ id: sub, email: "a@example.com", mode: "supabase" });
  });

  it("accepts the scheme in any case", async () => {
    const sub = randomUUID();
    const user = await getCurrentUser(request({ authorization: `bearer ${await mintToken({ sub })}` }), env);
    expect(user.id).toBe(sub);
  });

  it.each([
    ["base64 (the @supabase/ssr default)", { base64: true } as CookieFormat],
    ["raw JSON", { base64: false }],
    ["chunked base64", { base64: true, chunkSize: 400 }],
    ["chunked raw JSON", { base64: false, chunkSize: 400 }],
  ])("is the sub of the token in a %s session cookie", async (_label, format) => {
    const sub = randomUUID();
    const cookies = supabaseAuthCookies(await mintToken({ sub }), format);
    if (format.chunkSize !== undefined) expect(cookies.length).toBeGreaterThan(1);
    const user = await getCurrentUser(request({ cookie: cookieHeader(cookies) }), env);
    expect(user.id).toBe(sub);
  });

  it("prefers the Authorization header over the cookie", async () => {
    const headerUser = randomUUID();
    const cookieUser = randomUUID();
    const user = await getCurrentUser(
      request({
        authorization: `Bearer ${await mintToken({ sub: headerUser })}`,
        cookie: cookieHeader(supabaseAuthCookies(await mintToken({ sub: cookieUser }))),
      }),
      env,
    );
    expect(user.id).toBe(headerUser);
  });

  it("requires sign-in when there is neither header nor cookie", async () => {
    expect(await codeOf(getCurrentUser(request(), env))).toBe("ERR_AUTH_REQUIRED");
    expect(await codeOf(getCurrentUser(request({ cookie: "theme=dark" }), env))).toBe("ERR_AUTH_REQUIRED");
  });

  it("says expired for an expired token in the header or the cookie", async () => {
    const expired = await mintToken({ expiresIn: -60 });
    expect(await codeOf(getCurrentUser(request({ authorization: `Bearer ${expired}` }), env))).toBe(
      "ERR_AUTH_TOKEN_EXPIRED",
    );
    expect(await codeOf(getCurrentUser(request({ cookie: cookieHeader(supabaseAuthCookies(expired)) }), env))).toBe(
      "ERR_AUTH_TOKEN_EXPIRED",
    );
  });

  it.each([
    ["a Basic header", "Basic dXNlcjpwYXNz"],
    ["a bare token without scheme", "eyJhbGciOiJIUzI1NiJ9.e30.sig"],
    ["Bearer with two tokens", "Bearer a.b.c d.e.f"],
    ["Bearer with nothing", "Bearer "],
  ])("rejects %s as an invalid token", async (_label, authorization) => {
    expect(await codeOf(getCurrentUser(request({ authorization }), env))).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it("rejects a forged token and a non-UUID sub in the cookie", async () => {
    const forged = await mintToken({ secret: "not-the-project-secret-but-long-enough-123" });
    expect(await codeOf(getCurrentUser(request({ cookie: cookieHeader(supabaseAuthCookies(forged)) }), env))).toBe(
      "ERR_AUTH_INVALID_TOKEN",
    );
    const oddSub = await mintToken({ sub: "12345" });
    expect(await codeOf(getCurrentUser(request({ cookie: cookieHeader(supabaseAuthCookies(oddSub)) }), env))).toBe(
      "ERR_AUTH_INVALID_TOKEN",
    );
  });
});

describe("getOptionalUser and getUserFromCookies", () => {
  it("give null instead of throwing when the caller is not signed in or the token is bad", async () => {
    await expect(getOptionalUser(request(), env)).resolves.toBeNull();
    await expect(getOptionalUser(request({ authorization: "Bearer x.y.z" }), env)).resolves.toBeNull();
    await expect(getUserFromCookies([], env)).resolves.toBeNull();
    const expired = supabaseAuthCookies(await mintToken({ expiresIn: -60 }));
    await expect(getUserFromCookies(expired, env)).resolves.toBeNull();
  });

  it("give the user when the token is valid", async () => {
    const sub = randomUUID();
    const token = await mintToken({ sub });
    await expect(getOptionalUser(request({ authorization: `Bearer ${token}` }), env)).resolves.toMatchObject({
      id: sub,
    });
    await expect(getUserFromCookies(supabaseAuthCookies(token), env)).resolves.toMatchObject({
      id: sub,
      mode: "supabase",
    });
  });

  it("give the local user in local mode", async () => {
    await expect(getUserFromCookies([], localTestEnv())).resolves.toMatchObject({ id: LOCAL_USER_ID, mode: "local" });
  });
});
