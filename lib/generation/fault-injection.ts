/**
 * Opt-in fault injection for the offline generator, so every failure path (rate limit,
 * network drop, server error, timeout, bad output, a permanent failure) can be seen in the
 * UI and exercised in tests without a real provider.
 *
 * GENERATION_FAULTS="rate_limit:0.1,network:0.05,server:0.05,timeout:0.02". Each call
 * draws ONE random number and walks the kinds in the order written, so the probabilities
 * are exclusive and must add up to at most 1; `p = 0` never fires, `p = 1` always does.
 */
import { AppError, GenerationError, NetworkError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

export const FAULT_KINDS = [
  "rate_limit",
  "overloaded",
  "server",
  "network",
  "timeout",
  "invalid_output",
  "invalid_request",
  "auth",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  probability: number;
}

export type FaultPlan = readonly Fault[];

/** Seconds an injected rate limit asks the caller to wait. */
export const DEFAULT_FAULT_RETRY_AFTER_SECONDS = 2;

function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

function configError(problem: string): AppError {
  return new AppError(ErrorCode.CONFIG_INVALID, `GENERATION_FAULTS: ${problem}`, {
    context: { variable: "GENERATION_FAULTS" },
  });
}

/** The plan written in GENERATION_FAULTS; empty when unset. Throws ERR_CONFIG_INVALID naming the problem. */
export function parseGenerationFaults(spec: string | undefined): FaultPlan {
  if (spec === undefined || spec.trim() === "") return [];
  const plan: Fault[] = [];
  for (const part of spec.split(",")) {
    const [rawKind, rawProbability, ...rest] = part.split(":").map((s) => s.trim());
    if (!rawKind || rawProbability === undefined || rest.length > 0) {
      throw configError(`"${part.trim()}" must look like kind:probability`);
    }
    if (!isFaultKind(rawKind)) {
      throw configError(`unknown fault kind "${rawKind}" (known: ${FAULT_KINDS.join(", ")})`);
    }
    const probability = Number(rawProbability);
    if (rawProbability === "" || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw configError(`${rawKind}: probability must be a number from 0 to 1`);
    }
    if (plan.some((fault) => fault.kind === rawKind)) throw configError(`${rawKind} is listed twice`);
    plan.push({ kind: rawKind, probability });
  }
  const total = plan.reduce((sum, fault) => sum + fault.probability, 0);
  // A little slack for decimal sums such as 0.7 + 0.2 + 0.1.
  if (total > 1 + 1e-9) throw configError(`the probabilities add up to ${Number(total.toFixed(6))}, more than 1`);
  return plan;
}

/** The fault this call suffers, if any, from one draw of `random` (in [0, 1)). */
export function pickFault(plan: FaultPlan, random: () => number): FaultKind | undefined {
  if (plan.length === 0) return undefined;
  const draw = random();
  let threshold = 0;
  for (const fault of plan) {
    threshold += fault.probability;
    if (draw < threshold) return fault.kind;
  }
  return undefined;
}

export interface FaultErrorOptions {
  retryAfterSeconds?: number;
}

/**
 * The error a real provider call would have produced for this kind, with the same code
 * and retryability as the Anthropic provider's, so the batch layer cannot tell them apart.
 */
export function faultError(kind: FaultKind, options: FaultErrorOptions = {}): AppError {
  const injected = { injected: true, faultKind: kind };
  const provider = "offline";
  switch (kind) {
    case "rate_limit": {
      const retryAfter = options.retryAfterSeconds ?? DEFAULT_FAULT_RETRY_AFTER_SECONDS;
      return new GenerationError(
        ErrorCode.GEN_RATE_LIMIT,
        "The AI provider's rate limit was reached (injected fault)",
        {
          provider,
          retryAfter,
          isRecoverable: true,
          context: { ...injected, retryAfter },
        },
      );
    }
    case "overloaded":
      return new GenerationError(ErrorCode.GEN_OVERLOADED, "The AI provider is overloaded (injected fault)", {
        provider,
        isRecoverable: true,
        context: injected,
      });
    case "server":
      return new GenerationError(
        ErrorCode.GEN_PROVIDER_ERROR,
        "The AI provider had an internal error (injected fault)",
        {
          provider,
          isRecoverable: true,
          context: injected,
        },
      );
    case "network":
      return new NetworkError(
        ErrorCode.NET_CONNECTION_FAILED,
        "The connection to the AI provider was reset (injected fault)",
        {
          isRecoverable: true,
          context: { ...injected, provider },
        },
      );
    case "timeout":
      return new GenerationError(ErrorCode.GEN_TIMEOUT, "The AI provider did not answer in time (injected fault)", {
        provider,
        isRecoverable: true,
        context: injected,
      });
    case "invalid_output":
      return new GenerationError(
        ErrorCode.GEN_INVALID_OUTPUT,
        "The AI provider's answer is not a valid conversation (injected fault)",
        {
          provider,
          isRecoverable: true,
          context: injected,
        },
      );
    case "invalid_request":
      return new GenerationError(
        ErrorCode.GEN_INVALID_REQUEST,
        "The AI provider rejected the request (injected fault)",
        {
          provider,
          isRecoverable: false,
          context: injected,
        },
      );
    case "auth":
      return new GenerationError(
        ErrorCode.GEN_AUTH_FAILED,
        "The AI provider refused the credentials (injected fault)",
        {
          provider,
          isRecoverable: false,
          context: injected,
        },
      );
  }
}
