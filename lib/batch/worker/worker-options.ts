import "server-only";
import { config } from "@/lib/config";
import type { ServerEnv } from "@/lib/env";
import type { ProviderBudget } from "../provider-budget";

/** The deployment's provider budget, as this process's environment sets it. */
export function budgetFromEnv(env: ServerEnv): ProviderBudget {
  return {
    ratePerMinute: env.GENERATION_RATE_PER_MINUTE,
    maxInFlight: env.GENERATION_MAX_IN_FLIGHT,
    windowMs: config.batch.rateWindowMs,
  };
}
