import { describe, expect, it } from "vitest";
import { isPublicPagePath, safeRedirectPath } from "@/lib/auth/redirect-path";
import { callbackErrorMessage, signInErrorMessage } from "@/lib/auth/sign-in-messages";

describe("safeRedirectPath", () => {
  it.each(["/", "/conversations", "/conversations/abc?cursor=x#top", "/batches/new"])(
    "keeps the same-site path %s",
    (path) => {
      expect(safeRedirectPath(path)).toBe(path);
    },
  );

  it.each([
    null,
    undefined,
    "",
    "conversations",
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "/\tevil",
    "javascript:alert(1)",
  ])("falls back to / for %s", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });
});

describe("isPublicPagePath", () => {
  it("lets signed-out visitors reach only the login and auth callback pages", () => {
    expect(isPublicPagePath("/login")).toBe(true);
    expect(isPublicPagePath("/auth/callback")).toBe(true);
    expect(isPublicPagePath("/")).toBe(false);
    expect(isPublicPagePath("/loginx")).toBe(false);
    expect(isPublicPagePath("/conversations")).toBe(false);
  });
});

describe("sign-in messages", () => {
  it.each([
    [
      { code: "invalid_credentials", message: "Invalid login credentials", status: 400 },
      /email or password is not right/,
    ],
    [{ code: "email_not_confirmed", message: "Email not confirmed", status: 400 }, /Confirm your email/],
    [{ status: 429, message: "Request rate limit reached" }, /Too many/],
    [{ name: "AuthRetryableFetchError", message: "fetch failed", status: 0 }, /could not reach/],
    [{ code: "otp_disabled", message: "Signups not allowed for otp" }, /no account/],
    [{ message: "Database error querying schema at row 3" }, /did not work/],
  ])("turns %o into a plain sentence", (error, expected) => {
    const message = signInErrorMessage(error);
    expect(message).toMatch(expected);
    expect(message).not.toContain(error.message ?? "###");
  });

  it("shows only known callback reasons and ignores anything else in ?error=", () => {
    expect(callbackErrorMessage("link_expired")).toMatch(/expired/);
    expect(callbackErrorMessage("<script>alert(1)</script>")).toBeNull();
    expect(callbackErrorMessage("toString")).toBeNull();
    expect(callbackErrorMessage(undefined)).toBeNull();
  });
});
