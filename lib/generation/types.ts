/**
 * The generation layer's contract: what a batch item asks for, what a provider returns.
 * Browser-safe (types only), so the wizard and the processor can share it.
 */
import type { ServerEnv } from "@/lib/env";

export type ProviderName = "offline" | "anthropic";

/** Free-form knobs of one item; the known ones shape the conversation. */
export interface ItemParameters {
  persona?: string;
  emotion?: string;
  /** Messages in the conversation (user + assistant), 2..20 and even. */
  turns?: number;
  [key: string]: unknown;
}

export interface GenerationItem {
  topic: string;
  parameters: ItemParameters;
}

export interface BatchConfig {
  provider?: ProviderName;
  model?: string;
  /** 0..1 */
  temperature?: number;
}

export interface GeneratedTurn {
  role: "user" | "assistant";
  content: string;
}

/** Validated by `generatedConversationSchema`: alternating roles starting with user, non-empty text. */
export interface GeneratedConversation {
  title: string;
  turns: GeneratedTurn[];
}

/**
 * One provider. A call is one attempt: retries belong to the batch layer, which counts
 * attempts per item. Failures are thrown as GenerationError / NetworkError (lib/errors).
 */
export interface ConversationGenerator {
  readonly name: ProviderName;
  generateConversation(item: GenerationItem, config: BatchConfig, signal?: AbortSignal): Promise<GeneratedConversation>;
}

export interface GetGeneratorOptions {
  env?: ServerEnv;
  config?: BatchConfig;
  /** Source of randomness for offline fault injection (tests pass a fixed or seeded one). */
  random?: () => number;
  /** Request timeout of the Anthropic provider (ms); DEFAULT_REQUEST_TIMEOUT_MS when unset. */
  timeoutMs?: number;
}
