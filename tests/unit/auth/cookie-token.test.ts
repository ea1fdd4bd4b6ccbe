import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authCookieName, readAccessTokenFromCookies } from "@/lib/auth/cookie-token";
import { AppError } from "@/lib/errors/classes";
import { supabaseAuthCookies, TEST_AUTH_COOKIE, TEST_SUPABASE_URL } from "@/tests/support/auth-tokens";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

describe("authCookieName", () => {
  it("derives sb-<project-ref>-auth-token from the project URL, as supabase-js does", () => {
    expect(authCookieName("https://abcdefghijklmnop.supabase.co")).toBe("sb-abcdefghijklmnop-auth-token");
    expect(authCookieName("http://127.0.0.1:54321")).toBe("sb-127-auth-token");
    expect(authCookieName(TEST_SUPABASE_URL)).toBe(TEST_AUTH_COOKIE);
  });
});

describe("readAccessTokenFromCookies", () => {
  it("reads the base64- prefixed session cookie @supabase/ssr writes by default", async () => {
    const cookies = supabaseAuthCookies(TOKEN);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]?.value.startsWith("base64-")).toBe(true);
    await expect(readAccessTokenFromCookies(cookies, TEST_SUPABASE_URL)).resolves.toBe(TOKEN);
  });

  it("reads a raw JSON session cookie", async () => {
    const cookies = supabaseAuthCookies(TOKEN, { base64: false });
    await expect(readAccessTokenFromCookies(cookies, TEST_SUPABASE_URL)).resolves.toBe(TOKEN);
  });

  it.each([
    ["base64", true],
    ["raw JSON", false],
  ])("joins a %s session split into .0, .1, ... chunks", async (_label, base64) => {
    // A large user_metadata is what makes real sessions exceed one cookie.
    const cookies = supabaseAuthCookies(TOKEN, { base64 }, { user: { user_metadata: { bio: "x".repeat(9_000) } } });
    expect(cookies.length).toBeGreaterThan(2);
    expect(cookies.map((c) => c.name)).toEqual(cookies.map((_c, i) => `${TEST_AUTH_COOKIE}.${i}`));
    await expect(readAccessTokenFromCookies(cookies, TEST_SUPABASE_URL)).resolves.toBe(TOKEN);
  });

  it("joins chunks whatever order the browser sends them in", async () => {
    const cookies = supabaseAuthCookies(TOKEN, {}, { user: { user_metadata: { bio: "y".repeat(9_000) } } });
    await expect(readAccessTokenFromCookies([...cookies].reverse(), TEST_SUPABASE_URL)).resolves.toBe(TOKEN);
  });

  it("reads the older array format [access_token, refresh_token, ...]", async () => {
    const cookies = [{ name: TEST_AUTH_COOKIE, value: JSON.stringify([TOKEN, "refresh", null]) }];
    await expect(readAccessTokenFromCookies(cookies, TEST_SUPABASE_URL)).resolves.toBe(TOKEN);
  });

  it("returns null when there is no auth cookie for this project", async () => {
    await expect(readAccessTokenFromCookies([], TEST_SUPABASE_URL)).resolves.toBeNull();
    const otherProject = [{ name: "sb-otherproject-auth-token", value: JSON.stringify({ access_token: TOKEN }) }];
    await expect(readAccessTokenFromCookies(otherProject, TEST_SUPABASE_URL)).resolves.toBeNull();
    await expect(
      readAccessTokenFromCookies([{ name: TEST_AUTH_COOKIE, value: "" }], TEST_SUPABASE_URL),
    ).resolves.toBeNull();
  });

  it.each([
    ["not JSON", "not json at all"],
    ["base64 of not-JSON", `base64-${Buffer.from("nope").toString("base64url")}`],
    ["JSON without access_token", JSON.stringify({ refresh_token: "r" })],
    ["an empty access_token", JSON.stringify({ access_token: "" })],
    ["a number", "42"],
    ["null", "null"],
  ])("treats a cookie holding %s as an invalid token, not as signed out", async (_label, value) => {
    const error = await readAccessTokenFromCookies([{ name: TEST_AUTH_COOKIE, value }], TEST_SUPABASE_URL).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("ERR_AUTH_INVALID_TOKEN");
  });

  it("does not mistake a similarly named cookie for a chunk", async () => {
    const cookies = [{ name: `${TEST_AUTH_COOKIE}-code-verifier`, value: randomUUID() }];
    await expect(readAccessTokenFromCookies(cookies, TEST_SUPABASE_URL)).resolves.toBeNull();
  });
});
