import "server-only";
/**
 * The real provider: Anthropic's Messages API through the official SDK. One call is one
 * attempt (the SDK's retries are off): the batch layer decides about retrying from the
 * error's code, and every failure is mapped by lib/errors/provider.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { toProviderError, type Scrub } from "@/lib/errors/provider";
import { abortedError } from "@/lib/errors/network";
import { ANTHROPIC_SYSTEM_PROMPT, buildConversationPrompt, maxTokensFor } from "./anthropic-prompt";
import { parseMessagesResponse } from "./anthropic-response";
import { parseGenerationRequest } from "./schemas";
import { createScrubber } from "./scrubber";
import type { BatchConfig, ConversationGenerator, GeneratedConversation, GenerationItem } from "./types";

export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
/** Long enough for a 20-message conversation from a slow model, short enough to free a stuck slot. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** A success body larger than this is not a conversation we asked for. */
const MAX_RESPONSE_CHARS = 2_000_000;

export interface AnthropicGeneratorOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL; a path prefix is kept ("http://127.0.0.1:4010/proxy" -> ".../proxy/v1/messages"). */
  baseUrl?: string;
  /** ANTHROPIC_MODEL, used when the batch config names none. */
  model: string;
  /** Covers the whole call, body included; past it the call fails with ERR_GEN_TIMEOUT. */
  timeoutMs?: number;
}

function invalidConfig(field: string, message: string): GenerationError {
  return new GenerationError(ErrorCode.GEN_INVALID_REQUEST, `${field}: ${message}`, {
    provider: "anthropic",
    isRecoverable: false,
    context: { field },
  });
}

/**
 * The SDK adds the headers ANTHROPIC_CUSTOM_HEADERS lists (one "Name: value" a line) after
 * its auth header, so another tool's setting on the same host would replace our key and
 * send that tool's tokens to the provider. Each such header is removed again (a null
 * default header), and an Authorization one is set back to our own key.
 */
function neutraliseEnvironmentHeaders(
  customHeaders: string | undefined,
  apiKey: string,
): Record<string, string | null> {
  const headers: Record<string, string | null> = {};
  for (const line of customHeaders?.split("\n") ?? []) {
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon).trim();
    if (name) headers[name] = name.toLowerCase() === "authorization" ? `Bearer ${apiKey}` : null;
  }
  return headers;
}

export class AnthropicGenerator implements ConversationGenerator {
  readonly name = "anthropic" as const;
  // Private fields: they stay out of JSON.stringify, util.inspect and error contexts.
  readonly #client: Anthropic;
  readonly #keyFitsHeader: boolean;
  readonly #scrub: Scrub;
  private readonly defaultModel: string;
  private readonly timeoutMs: number;

  constructor(options: AnthropicGeneratorOptions) {
    this.#scrub = createScrubber([options.apiKey]);
    this.#keyFitsHeader = /^[\x21-\x7e]+$/.test(options.apiKey);
    this.defaultModel = options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: (options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, ""),
      // The batch layer owns retries: it counts attempts per item and shares one budget.
      maxRetries: 0,
      timeout: this.timeoutMs,
      // A redirect would carry x-api-key to wherever it points.
      fetchOptions: { redirect: "error" },
      // Our errors are logged, scrubbed, by the batch layer; ANTHROPIC_LOG must not add request dumps.
      logLevel: "off",
      // Spans would carry prompts if an operator's ANTHROPIC_OPEN_TELEMETRY* asked for content.
      openTelemetry: false,
      defaultHeaders: neutraliseEnvironmentHeaders(process.env.ANTHROPIC_CUSTOM_HEADERS, options.apiKey),
    });
  }

  async generateConversation(
    item: GenerationItem,
    config: BatchConfig,
    signal?: AbortSignal,
  ): Promise<GeneratedConversation> {
    if (signal?.aborted) throw abortedError(signal);
    if (!this.#keyFitsHeader) {
      // fetch would refuse the header with a message quoting the key; say what is wrong instead.
      throw new GenerationError(
        ErrorCode.GEN_AUTH_FAILED,
        "ANTHROPIC_API_KEY contains characters an HTTP header cannot carry",
        {
          provider: "anthropic",
          isRecoverable: false,
        },
      );
    }
    const request = parseGenerationRequest(item);
    const model = config.model?.trim() || this.defaultModel;
    const temperature = config.temperature;
    if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0 && temperature <= 1)) {
      throw invalidConfig("config.temperature", "must be a number from 0 to 1");
    }

    // The SDK's timeout covers the wait for headers only; this one covers the body too.
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let text: string;
    try {
      // The raw answer rather than the SDK's parse: the size cap and the timeout cover reading
      // it, and a body that is no conversation is ERR_GEN_INVALID_OUTPUT (retryable).
      const response = await this.#client.messages
        .create(
          {
            model,
            max_tokens: maxTokensFor(request.turns),
            ...(temperature === undefined ? {} : { temperature }),
            system: ANTHROPIC_SYSTEM_PROMPT,
            messages: [{ role: "user", content: buildConversationPrompt(request) }],
          },
          { signal: combined },
        )
        .asResponse();
      text = await response.text();
    } catch (error) {
      throw toProviderError(error, {
        scrub: this.#scrub,
        transport: { aborted: signal?.aborted === true, timedOut: timeout.aborted, timeoutMs: this.timeoutMs },
      });
    }

    if (text.length > MAX_RESPONSE_CHARS) {
      throw new GenerationError(
        ErrorCode.GEN_INVALID_OUTPUT,
        "The AI provider's answer could not be used: it is too large",
        {
          provider: "anthropic",
          isRecoverable: true,
          context: { reason: "too large", bodyLength: text.length },
        },
      );
    }
    return parseMessagesResponse(text, request.turns);
  }
}
