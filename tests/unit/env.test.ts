import { describe, expect, it } from "vitest";
import { EnvError, isSupabaseConfigured, parseServerEnv } from "@/lib/env";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseServerEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected parseServerEnv to throw");
}

describe("parseServerEnv", () => {
  it("gives the embedded defaults when nothing is set", () => {
    const env = parseServerEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.BACKUP_RETENTION_DAYS).toBe(7);
    expect(env.NEXT_PUBLIC_SUPPORT_EMAIL).toBe("support@example.com");
    expect(isSupabaseConfigured(env)).toBe(false);
  });

  it("treats empty strings as unset, as .env files write them", () => {
    const env = parseServerEnv({ DATABASE_URL: "", BACKUP_RETENTION_DAYS: " ", ANTHROPIC_API_KEY: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.BACKUP_RETENTION_DAYS).toBe(7);
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
  });

  it("coerces numbers and accepts valid values", () => {
    const env = parseServerEnv({
      DATABASE_URL: "postgresql://u:p@db.example.com:6543/postgres",
      BACKUP_RETENTION_DAYS: "14",
      GENERATION_FAULTS: "rate_limit:0.1, network:0.05,server:1",
      NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "eyJhbGciOiJIUzI1NiJ9.anon-key-for-tests",
    });
    expect(env.BACKUP_RETENTION_DAYS).toBe(14);
    expect(isSupabaseConfigured(env)).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ BACKUP_RETENTION_DAYS: "0" }, "BACKUP_RETENTION_DAYS"],
    [{ BACKUP_RETENTION_DAYS: "seven" }, "BACKUP_RETENTION_DAYS"],
    [{ NEXT_PUBLIC_SUPPORT_EMAIL: "not-an-email" }, "NEXT_PUBLIC_SUPPORT_EMAIL"],
    [{ SUPABASE_JWT_SECRET: "short" }, "SUPABASE_JWT_SECRET"],
    [{ CRON_SECRET: "tiny" }, "CRON_SECRET"],
    [{ GENERATION_FAULTS: "rate_limit=0.1" }, "GENERATION_FAULTS"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ ANTHROPIC_BASE_URL: "ftp://x" }, "ANTHROPIC_BASE_URL"],
    [{ NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co" }, "NEXT_PUBLIC_SUPABASE_ANON_KEY"],
    // A JWT secret without the project would otherwise be a silent local mode.
    [{ SUPABASE_JWT_SECRET: "a-project-jwt-secret-that-is-long-enough-0123" }, "SUPABASE_JWT_SECRET"],
    [{ ALLOW_LOCAL_MODE: "true" }, "ALLOW_LOCAL_MODE"],
    [{ ALLOWED_HOSTS: "https://studio.lan/" }, "ALLOWED_HOSTS"],
  ])("names the wrong variable: %j", (source, variable) => {
    const problems = problemsOf(source as Record<string, string>);
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it("takes the deployment-safety variables", () => {
    const env = parseServerEnv({ ALLOW_LOCAL_MODE: "1", ALLOWED_HOSTS: "studio.lan, 192.168.1.20:3000" });
    expect(env.ALLOW_LOCAL_MODE).toBe("1");
    expect(env.ALLOWED_HOSTS).toBe("studio.lan, 192.168.1.20:3000");
  });

  it("reports every wrong variable at once", () => {
    const problems = problemsOf({ BACKUP_RETENTION_DAYS: "-1", LOG_LEVEL: "x" });
    expect(problems).toHaveLength(2);
  });
});
