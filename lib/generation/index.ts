import "server-only";
/**
 * Picks the provider for a batch. Anthropic when ANTHROPIC_API_KEY is set and the batch
 * does not ask for "offline"; otherwise the offline generator with the configured latency
 * and faults. Browser code imports ./types and ./schemas directly, never this file.
 */
import { serverEnv } from "@/lib/env";
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { AnthropicGenerator } from "./anthropic-generator";
import { parseGenerationFaults } from "./fault-injection";
import { OfflineGenerator } from "./offline-generator";
import type { ConversationGenerator, GetGeneratorOptions } from "./types";

export * from "./types";

/**
 * The generator for a batch config. A batch that names "anthropic" on a server without a
 * key fails with ERR_GEN_AUTH_FAILED (permanent) rather than silently producing offline
 * conversations the user did not ask for.
 */
export function getGenerator(options: GetGeneratorOptions = {}): ConversationGenerator {
  const env = options.env ?? serverEnv();
  const provider = options.config?.provider;
  if (provider !== "offline" && env.ANTHROPIC_API_KEY) {
    return new AnthropicGenerator({
      apiKey: env.ANTHROPIC_API_KEY,
      baseUrl: env.ANTHROPIC_BASE_URL,
      model: env.ANTHROPIC_MODEL,
      timeoutMs: options.timeoutMs,
    });
  }
  if (provider === "anthropic") {
    throw new GenerationError(
      ErrorCode.GEN_AUTH_FAILED,
      "The anthropic provider is selected but ANTHROPIC_API_KEY is not set on the server",
      {
        provider: "anthropic",
        isRecoverable: false,
        userMessage:
          "This batch uses the Anthropic provider, which is not configured on this server. Switch the batch to the offline provider or ask an administrator to set it up.",
      },
    );
  }
  return new OfflineGenerator({
    latencyMs: env.GENERATION_LATENCY_MS,
    faults: parseGenerationFaults(env.GENERATION_FAULTS),
    random: options.random,
  });
}
