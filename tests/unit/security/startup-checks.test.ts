import { afterEach, describe, expect, it, vi } from "vitest";
import { EnvError, parseServerEnv } from "@/lib/env";
import {
  assertSafeDeployment,
  failStartup,
  listenHostname,
  UnsafeDeploymentError,
} from "@/lib/security/startup-checks";
import { SUPABASE_TEST_VARS } from "@/tests/support/auth-tokens";

/*
 * A production server in local mode (no Supabase Auth) would serve every visitor as the one
 * local user: it refuses to start, unless ALLOW_LOCAL_MODE=1 and it listens on loopback.
 */

const NEXT = "/app/node_modules/next/dist/bin/next";
const nextStart = (...args: string[]) => ["/usr/bin/node", NEXT, "start", ...args];

function refusal(env: Record<string, string>, argv: string[], hostnameEnv?: string): string | null {
  try {
    assertSafeDeployment(parseServerEnv(env), argv, hostnameEnv);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(UnsafeDeploymentError);
    return (error as Error).message;
  }
}

describe("assertSafeDeployment", () => {
  it("refuses a production server without Supabase, naming the variables to set", () => {
    const message = refusal({ NODE_ENV: "production" }, nextStart("-H", "127.0.0.1"));
    expect(message).toMatch(/NEXT_PUBLIC_SUPABASE_URL/);
    expect(message).toMatch(/NEXT_PUBLIC_SUPABASE_ANON_KEY/);
    expect(message).toMatch(/ALLOW_LOCAL_MODE=1/);
  });

  it("refuses it with DATABASE_URL too (a shared database does not make local mode safe)", () => {
    expect(
      refusal({ NODE_ENV: "production", DATABASE_URL: "postgresql://u:p@db.example.com:5432/app" }, nextStart()),
    ).toMatch(/NEXT_PUBLIC_SUPABASE_URL/);
  });

  it.each([
    ["no -H (every interface)", nextStart(), undefined],
    ["-H 0.0.0.0", nextStart("-H", "0.0.0.0"), undefined],
    ["--hostname=::", nextStart("--hostname=::"), undefined],
    ["a LAN address", nextStart("-H", "192.168.1.20"), undefined],
    ["HOSTNAME=localhost, which next start ignores", nextStart(), "localhost"],
    ["a standalone server on HOSTNAME=0.0.0.0", ["/usr/bin/node", "/app/server.js"], "0.0.0.0"],
    ["a standalone server without HOSTNAME", ["/usr/bin/node", "/app/server.js"], undefined],
  ])("with ALLOW_LOCAL_MODE=1 still refuses to listen beyond loopback: %s", (_label, argv, hostnameEnv) => {
    const message = refusal({ NODE_ENV: "production", ALLOW_LOCAL_MODE: "1" }, argv, hostnameEnv);
    expect(message).toMatch(/loopback/);
    expect(message).toMatch(/-H 127\.0\.0\.1/);
  });

  it.each([
    ["-H 127.0.0.1", nextStart("-H", "127.0.0.1", "-p", "3000")],
    ["--hostname localhost", nextStart("--hostname", "localhost")],
    ["-H=::1", nextStart("-H=::1")],
    ["the last -H wins", nextStart("-H", "0.0.0.0", "-H", "127.0.0.1")],
  ])("with ALLOW_LOCAL_MODE=1 starts on loopback: %s", (_label, argv) => {
    expect(refusal({ NODE_ENV: "production", ALLOW_LOCAL_MODE: "1" }, argv)).toBeNull();
  });

  it("starts a standalone server whose HOSTNAME is loopback", () => {
    expect(
      refusal({ NODE_ENV: "production", ALLOW_LOCAL_MODE: "1" }, ["/usr/bin/node", "/app/server.js"], "127.0.0.1"),
    ).toBeNull();
  });

  it("starts a production server with Supabase Auth on any address", () => {
    expect(refusal({ NODE_ENV: "production", ...SUPABASE_TEST_VARS }, nextStart("-H", "0.0.0.0"))).toBeNull();
  });

  it("leaves development alone: npm run dev needs no variables at all", () => {
    expect(refusal({}, ["/usr/bin/node", NEXT, "dev"])).toBeNull();
    expect(refusal({ NODE_ENV: "development" }, ["/usr/bin/node", NEXT, "dev", "-H", "0.0.0.0"])).toBeNull();
  });

  it("accepts only the exact opt-in ALLOW_LOCAL_MODE=1", () => {
    expect(() => parseServerEnv({ ALLOW_LOCAL_MODE: "true" })).toThrow(/ALLOW_LOCAL_MODE/);
    expect(() => parseServerEnv({ ALLOW_LOCAL_MODE: "yes" })).toThrow(/ALLOW_LOCAL_MODE/);
  });
});

describe("listenHostname", () => {
  it("reads -H and --hostname in every spelling", () => {
    expect(listenHostname(nextStart("-H", "127.0.0.1"), undefined)).toBe("127.0.0.1");
    expect(listenHostname(nextStart("--hostname", "::1"), undefined)).toBe("::1");
    expect(listenHostname(nextStart("--hostname=localhost"), undefined)).toBe("localhost");
    expect(listenHostname(nextStart("-H127.0.0.1"), undefined)).toBe("127.0.0.1");
    expect(listenHostname(["/usr/bin/node", "/app/node_modules/.bin/next", "start"], "127.0.0.1")).toBeNull();
  });
});

describe("failStartup (instrumentation.ts)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function exitCodeOf(error: unknown, phase?: string): number | undefined {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    expect(() => failStartup(error, phase)).toThrow();
    return exit.mock.calls[0]?.[0] as number | undefined;
  }

  it("stops the server with exit code 1 for an unsafe deployment or a wrong variable", () => {
    expect(exitCodeOf(new UnsafeDeploymentError("Refusing to start"))).toBe(1);
    expect(exitCodeOf(new EnvError(["SUPABASE_JWT_SECRET: is set but ..."]))).toBe(1);
  });

  it("rethrows other errors, and everything during next build", () => {
    expect(exitCodeOf(new Error("database unreachable"))).toBeUndefined();
    expect(exitCodeOf(new UnsafeDeploymentError("x"), "phase-production-build")).toBeUndefined();
  });
});
