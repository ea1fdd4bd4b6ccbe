import { describe, expect, it } from "vitest";
import { AppError, ErrorCode, GenerationError, NetworkError, isRetryable } from "@/lib/errors";
import { FAULT_KINDS, parseGenerationFaults, pickFault, type FaultKind } from "@/lib/generation/fault-injection";
import { createSeededRandom } from "@/lib/generation/hash";
import { OfflineGenerator } from "@/lib/generation/offline-generator";

const item = { topic: "Upgrading my plan", parameters: { turns: 4 } };

function configProblem(spec: string): string {
  try {
    parseGenerationFaults(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.CONFIG_INVALID);
    return (error as AppError).message;
  }
  throw new Error(`expected "${spec}" to be refused`);
}

describe("GENERATION_FAULTS parsing", () => {
  it("reads kind:probability pairs in the order written", () => {
    expect(parseGenerationFaults("rate_limit:0.1,network:0.05, server:0.05 ,timeout:0.02")).toEqual([
      { kind: "rate_limit", probability: 0.1 },
      { kind: "network", probability: 0.05 },
      { kind: "server", probability: 0.05 },
      { kind: "timeout", probability: 0.02 },
    ]);
  });

  it("means no faults when unset or empty", () => {
    expect(parseGenerationFaults(undefined)).toEqual([]);
    expect(parseGenerationFaults("  ")).toEqual([]);
  });

  it("names what is wrong: unknown kind, bad probability, duplicates, a sum above 1, bad shape", () => {
    expect(configProblem("rate_limit:0.1,meteor:0.2")).toMatch(/GENERATION_FAULTS: unknown fault kind "meteor"/);
    expect(configProblem("network:1.5")).toMatch(/network: probability must be a number from 0 to 1/);
    expect(configProblem("network:-0.1")).toMatch(/probability/);
    expect(configProblem("network:abc")).toMatch(/probability/);
    expect(configProblem("network:0.1,network:0.2")).toMatch(/network is listed twice/);
    expect(configProblem("network:0.7,server:0.4")).toMatch(/add up to 1.1, more than 1/);
    expect(configProblem("network")).toMatch(/must look like kind:probability/);
    expect(configProblem("network:0.1:2")).toMatch(/must look like kind:probability/);
  });

  it("accepts probabilities that add up to exactly 1 despite decimal rounding", () => {
    expect(parseGenerationFaults("network:0.7,server:0.2,timeout:0.1")).toHaveLength(3);
  });
});

describe("picking a fault from one draw", () => {
  const plan = parseGenerationFaults("rate_limit:0.1,network:0.2");

  it("walks the kinds cumulatively", () => {
    expect(pickFault(plan, () => 0)).toBe("rate_limit");
    expect(pickFault(plan, () => 0.0999)).toBe("rate_limit");
    expect(pickFault(plan, () => 0.1)).toBe("network");
    expect(pickFault(plan, () => 0.2999)).toBe("network");
    expect(pickFault(plan, () => 0.3001)).toBeUndefined();
    expect(pickFault([], () => 0)).toBeUndefined();
  });

  it("fires at about the configured rate (seeded, 10,000 draws)", () => {
    const random = createSeededRandom(42);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const kind = pickFault(plan, random) ?? "none";
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    expect(counts.get("rate_limit")).toBeGreaterThan(850);
    expect(counts.get("rate_limit")).toBeLessThan(1_150);
    expect(counts.get("network")).toBeGreaterThan(1_800);
    expect(counts.get("network")).toBeLessThan(2_200);
  });
});

interface Expected {
  code: string;
  retryable: boolean;
  type: typeof GenerationError | typeof NetworkError;
}

const EXPECTED: Record<FaultKind, Expected> = {
  rate_limit: { code: ErrorCode.GEN_RATE_LIMIT, retryable: true, type: GenerationError },
  overloaded: { code: ErrorCode.GEN_OVERLOADED, retryable: true, type: GenerationError },
  server: { code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true, type: GenerationError },
  network: { code: ErrorCode.NET_CONNECTION_FAILED, retryable: true, type: NetworkError },
  timeout: { code: ErrorCode.GEN_TIMEOUT, retryable: true, type: GenerationError },
  invalid_output: { code: ErrorCode.GEN_INVALID_OUTPUT, retryable: true, type: GenerationError },
  invalid_request: { code: ErrorCode.GEN_INVALID_REQUEST, retryable: false, type: GenerationError },
  auth: { code: ErrorCode.GEN_AUTH_FAILED, retryable: false, type: GenerationError },
};

describe("injected faults in the offline generator", () => {
  it("covers every kind in this table", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it.each(FAULT_KINDS)("%s at probability 1 fails every call with the right code and retryability", async (kind) => {
    const expected = EXPECTED[kind];
    // The highest draw Math.random can return still fires at probability 1.
    const generator = new OfflineGenerator({ faults: parseGenerationFaults(`${kind}:1`), random: () => 0.999999999 });
    for (let call = 0; call < 3; call++) {
      const error = await generator.generateConversation(item, {}).then(
        () => undefined,
        (e: unknown) => e as AppError,
      );
      expect(error).toBeInstanceOf(expected.type);
      expect(error?.code).toBe(expected.code);
      expect(isRetryable(error)).toBe(expected.retryable);
      expect(error?.isRecoverable).toBe(expected.retryable);
      expect(error?.context.injected).toBe(true);
    }
  });

  it.each(FAULT_KINDS)("%s at probability 0 never fires", async (kind) => {
    // The lowest possible draw (0) would be the first to fire.
    const generator = new OfflineGenerator({ faults: parseGenerationFaults(`${kind}:0`), random: () => 0 });
    for (let call = 0; call < 20; call++) {
      await expect(generator.generateConversation(item, {})).resolves.toHaveProperty("turns");
    }
  });

  it("tells the caller how long to wait after an injected rate limit", async () => {
    const generator = new OfflineGenerator({ faults: parseGenerationFaults("rate_limit:1"), retryAfterSeconds: 7 });
    const error = (await generator.generateConversation(item, {}).catch((e: unknown) => e)) as GenerationError;
    expect(error.retryAfter).toBe(7);
  });

  it("fails only the calls whose draw falls in the fault's range", async () => {
    const draws = [0.05, 0.5, 0.09, 0.95];
    const generator = new OfflineGenerator({
      faults: parseGenerationFaults("server:0.1"),
      random: () => draws.shift() ?? 1,
    });
    const outcomes: string[] = [];
    for (let call = 0; call < 4; call++) {
      outcomes.push(
        await generator.generateConversation(item, {}).then(
          () => "ok",
          (e: AppError) => e.code,
        ),
      );
    }
    expect(outcomes).toEqual([ErrorCode.GEN_PROVIDER_ERROR, "ok", ErrorCode.GEN_PROVIDER_ERROR, "ok"]);
  });
});
