import "server-only";
import { config } from "@/lib/config";
import { enforceRateLimit, type RateLimitRule } from "@/lib/http/rate-limit";

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
