import "server-only";
import type { ServerEnv } from "@/lib/env";
import type { ProviderBudget } from "../provider-budget";

/** The deployment's provider budget, as this process's environment sets it. */
export function budgetFromEnv(env: ServerEnv): ProviderBudget {
  return {
    ratePerMinute: env.GENERATION_RATE_PER_MINUTE,
    maxInFlight: env.GENERATION_MAX_IN_FLIGHT,
    windowMs: env.GENERATION_RATE_WINDOW_MS,
  };
}
