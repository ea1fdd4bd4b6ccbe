import "server-only";
/**
 * The real provider: Anthropic's Messages API over plain fetch (the official SDK is not a
 * dependency; one POST does not justify it). One call is one attempt; the batch layer
 * decides about retrying from the error's code.
 */
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { errorFromResponse, errorFromTransport, createScrubber, type Scrub } from "./anthropic-errors";
import { ANTHROPIC_SYSTEM_PROMPT, buildConversationPrompt, maxTokensFor } from "./anthropic-prompt";
import { parseMessagesResponse } from "./anthropic-response";
import { abortedError } from "@/lib/sleep";
import { parseGenerationRequest } from "./schemas";
import type { BatchConfig, ConversationGenerator, GeneratedConversation, GenerationItem } from "./types";

export const ANTHROPIC_VERSION = "2023-06-01";
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

export class AnthropicGenerator implements ConversationGenerator {
  readonly name = "anthropic" as const;
  // A private field: it stays out of JSON.stringify, util.inspect and error contexts.
  readonly #apiKey: string;
  readonly #scrub: Scrub;
  private readonly endpoint: string;
  private readonly defaultModel: string;
  private readonly timeoutMs: number;

  constructor(options: AnthropicGeneratorOptions) {
    this.#apiKey = options.apiKey;
    this.#scrub = createScrubber([options.apiKey]);
    this.endpoint = `${(options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, "")}/v1/messages`;
    this.defaultModel = options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async generateConversation(item: GenerationItem, config: BatchConfig, signal?: AbortSignal): Promise<GeneratedConversation> {
    if (signal?.aborted) throw abortedError(signal);
    if (!/^[\x21-\x7e]+$/.test(this.#apiKey)) {
      // fetch would refuse the header with a message quoting the key; say what is wrong instead.
      throw new GenerationError(ErrorCode.GEN_AUTH_FAILED, "ANTHROPIC_API_KEY contains characters an HTTP header cannot carry", {
        provider: "anthropic",
        isRecoverable: false,
      });
    }
    const request = parseGenerationRequest(item);
    const model = config.model?.trim() || this.defaultModel;
    const temperature = config.temperature;
    if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0 && temperature <= 1)) {
      throw invalidConfig("config.temperature", "must be a number from 0 to 1");
    }

    const body = JSON.stringify({
      model,
      max_tokens: maxTokensFor(request.turns),
      ...(temperature === undefined ? {} : { temperature }),
      system: ANTHROPIC_SYSTEM_PROMPT,
      messages: [{ role: "user", content: buildConversationPrompt(request) }],
    });

    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      // The timeout covers reading the body too: a server that stalls mid-body is a timeout.
      const response = await fetch(this.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": this.#apiKey,
          "anthropic-version": ANTHROPIC_VERSION,
        },
        body,
        signal: combined,
        redirect: "error",
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      throw errorFromTransport(
        error,
        { aborted: signal?.aborted === true, timedOut: timeout.aborted, timeoutMs: this.timeoutMs },
        this.#scrub,
      );
    }

    if (status < 200 || status > 299) throw errorFromResponse(status, text, headers, this.#scrub);
    if (text.length > MAX_RESPONSE_CHARS) {
      throw new GenerationError(ErrorCode.GEN_INVALID_OUTPUT, "The AI provider's answer could not be used: it is too large", {
        provider: "anthropic",
        isRecoverable: true,
        context: { reason: "too large", bodyLength: text.length },
      });
    }
    return parseMessagesResponse(text, request.turns);
  }
}
