import { z } from "zod";
import { config } from "./config";

/**
 * Every environment variable the app reads, parsed once with zod. A wrong value fails at
 * start-up (instrumentation.ts imports this) with a message naming the variable.
 * Empty strings count as unset, as in most .env files.
 */
const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyAsUndefined, schema.default(fallback as never));

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), "must be a postgres:// or postgresql:// connection string");

const serverSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(["development", "test", "production"]), "development"),
    DATABASE_URL: optional(postgresUrl),
    PGLITE_DIR: withDefault(z.string(), ".data/pglite"),
    NEXT_PUBLIC_SUPABASE_URL: optional(z.url({ protocol: /^https?$/ })),
    NEXT_PUBLIC_SUPABASE_ANON_KEY: optional(z.string().min(20, "looks too short to be a Supabase anon key")),
    SUPABASE_JWT_SECRET: optional(z.string().min(32, "must be at least 32 characters (Supabase's JWT secret)")),
    ANTHROPIC_API_KEY: optional(z.string().min(10)),
    ANTHROPIC_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
    ANTHROPIC_MODEL: withDefault(z.string().min(1), "claude-sonnet-4-5"),
    CRON_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
    BACKUP_RETENTION_DAYS: withDefault(z.coerce.number().int().min(1).max(365), config.backup.defaultRetentionDays),
    /** Days a browser error report is kept in error_logs before the daily clean-up prunes it. */
    ERROR_LOG_RETENTION_DAYS: withDefault(
      z.coerce.number().int().min(1).max(3_650),
      config.errorReports.defaultRetentionDays,
    ),
    NEXT_PUBLIC_SUPPORT_EMAIL: withDefault(z.email(), "support@example.com"),
    GENERATION_LATENCY_MS: withDefault(z.coerce.number().int().min(0).max(60_000), 0),
    GENERATION_FAULTS: optional(
      z
        .string()
        .regex(
          /^\s*[a-z_]+:(0(\.\d+)?|1(\.0+)?)\s*(,\s*[a-z_]+:(0(\.\d+)?|1(\.0+)?)\s*)*$/,
          "must look like rate_limit:0.1,network:0.05 (kind:probability, comma-separated)",
        ),
    ),
    LOG_LEVEL: withDefault(z.enum(["debug", "info", "warn", "error"]), "info"),
    // The provider budget of the whole deployment (every process, every batch), kept in Postgres.
    GENERATION_RATE_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(100_000), config.batch.ratePerMinute),
    GENERATION_MAX_IN_FLIGHT: withDefault(z.coerce.number().int().min(1).max(100), config.batch.maxInFlight),
    /** The sliding window the rate is counted in (default a little over a minute); shorter only for benchmarks and tests. */
    GENERATION_RATE_WINDOW_MS: withDefault(z.coerce.number().int().min(100).max(3_600_000), config.batch.rateWindowMs),
    /**
     * How this process runs batches: `loop` (a worker loop for the life of the process: next
     * start, next dev, npm run worker), `drive` (serverless: bounded drives started with
     * after() and handed over between invocations), `off` (serve pages only). Default: drive
     * on Vercel, loop elsewhere.
     */
    BATCH_WORKER: optional(z.enum(["loop", "drive", "off"])),
    /** How long a claimed item stays reserved without a renewal: how soon a crashed process's items are taken over. */
    BATCH_LEASE_MS: withDefault(z.coerce.number().int().min(500).max(600_000), config.batch.leaseMs),
    /** The longest one serverless drive runs before it hands over to a fresh invocation. */
    BATCH_DRIVE_MAX_MS: withDefault(z.coerce.number().int().min(1_000).max(900_000), config.batch.driveMaxMs),
    VERCEL: optional(z.string()),
    /**
     * Where this deployment is reached, for a serverless drive's hand-over to a fresh
     * invocation (never taken from a request's Host header). Default on Vercel: its URLs.
     */
    APP_URL: optional(z.url({ protocol: /^https?$/ })),
    VERCEL_PROJECT_PRODUCTION_URL: optional(z.string()),
    VERCEL_URL: optional(z.string()),
    /**
     * The operator's explicit consent to run a production server without Supabase Auth (every
     * request is the one local user). Only `1` opts in; the server then must listen on loopback
     * (lib/security/startup-checks.ts).
     */
    ALLOW_LOCAL_MODE: optional(z.literal("1", { error: "must be 1 to allow local mode in production, or unset" })),
    /**
     * Host header values accepted in local mode besides loopback (comma-separated host or
     * host:port, e.g. `studio.lan,192.168.1.20:3000`): the DNS-rebinding guard of lib/security/host-check.ts.
     */
    ALLOWED_HOSTS: optional(
      z
        .string()
        .regex(
          /^\s*[a-z0-9.\-[\]:]+\s*(,\s*[a-z0-9.\-[\]:]+\s*)*,?\s*$/i,
          "must be a comma-separated list of host or host:port values, like studio.lan,192.168.1.20:3000",
        ),
    ),
  })
  .superRefine((env, ctx) => {
    const hasUrl = env.NEXT_PUBLIC_SUPABASE_URL !== undefined;
    const hasKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY !== undefined;
    if (hasUrl !== hasKey) {
      ctx.addIssue({
        code: "custom",
        path: [hasUrl ? "NEXT_PUBLIC_SUPABASE_ANON_KEY" : "NEXT_PUBLIC_SUPABASE_URL"],
        message: "set both NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY, or neither",
      });
    }
    // A JWT secret says "verify Supabase tokens": without the project it would silently mean local mode.
    if (env.SUPABASE_JWT_SECRET !== undefined && !hasUrl && !hasKey) {
      ctx.addIssue({
        code: "custom",
        path: ["SUPABASE_JWT_SECRET"],
        message:
          "is set but NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY are not: set them too (Supabase Auth), or unset it (local mode)",
      });
    }
  });

export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

/** Parses a set of variables; throws EnvError naming each wrong variable. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`));
  }
  return result.data;
}

let cached: ServerEnv | undefined;

/** The server's environment, parsed on first use and cached for the life of the process. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}

/** The batch engine mode of this process (BATCH_WORKER, defaulting by platform). */
export function batchWorkerMode(env: ServerEnv = serverEnv()): "loop" | "drive" | "off" {
  return env.BATCH_WORKER ?? (env.VERCEL ? "drive" : "loop");
}

/** Supabase Auth is on when its URL and anon key are both configured. */
export function isSupabaseConfigured(env: ServerEnv = serverEnv()): boolean {
  return env.NEXT_PUBLIC_SUPABASE_URL !== undefined && env.NEXT_PUBLIC_SUPABASE_ANON_KEY !== undefined;
}
