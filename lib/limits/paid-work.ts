import "server-only";
import { config } from "@/lib/config";
import { enforceRateLimit, type RateLimitRule } from "./rate-limit";

const PAID_WORK: RateLimitRule = {
  name: "limits.paidWork",
  ...config.limits.paidWork,
  what: "requests that start generation",
  scope: "for your account",
};

/**
 * The per-user rate of requests that start paid work (create, resume, retry a batch),
 * counted in PostgreSQL so it holds across processes: 429 with Retry-After beyond it.
 */
export async function enforcePaidWorkRate(userId: string): Promise<void> {
  await enforceRateLimit({ bucket: `paid-work:user:${userId}`, rule: PAID_WORK });
}

const EXPORT_WORK: RateLimitRule = {
  name: "exports.rate",
  ...config.exports.rate,
  what: "export requests",
  scope: "for your account",
};

/**
 * The per-user rate of export previews, prepared downloads and downloads: each reads the
 * user's whole selection (two or three passes with a split), so a loop of them is load.
 */
export async function enforceExportRate(userId: string): Promise<void> {
  await enforceRateLimit({ bucket: `exports:user:${userId}`, rule: EXPORT_WORK });
}
