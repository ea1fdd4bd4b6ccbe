import { describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env";
import { AppError, ErrorCode, isRetryable } from "@/lib/errors";
import { getGenerator } from "@/lib/generation";

const key = "sk-ant-api03-unit-test-key-0000000000";
const item = { topic: "Moving my subscription", parameters: { turns: 2 } };

describe("getGenerator", () => {
  it("is offline without an API key", () => {
    const env = parseServerEnv({});
    expect(getGenerator({ env }).name).toBe("offline");
    expect(getGenerator({ env, config: { provider: "offline" } }).name).toBe("offline");
  });

  it("is anthropic with an API key, unless the batch asks for offline", () => {
    const env = parseServerEnv({ ANTHROPIC_API_KEY: key });
    expect(getGenerator({ env }).name).toBe("anthropic");
    expect(getGenerator({ env, config: { provider: "anthropic" } }).name).toBe("anthropic");
    expect(getGenerator({ env, config: { provider: "offline" } }).name).toBe("offline");
  });

  it("refuses a batch that asks for anthropic on a server without a key, permanently", () => {
    const env = parseServerEnv({});
    let error: AppError | undefined;
    try {
      getGenerator({ env, config: { provider: "anthropic" } });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe(ErrorCode.GEN_AUTH_FAILED);
    expect(isRetryable(error)).toBe(false);
    expect(error?.getUserMessage()).toMatch(/not configured/);
  });

  it("does not reveal the key when the generator is printed or serialised", () => {
    const generator = getGenerator({ env: parseServerEnv({ ANTHROPIC_API_KEY: key }) });
    expect(JSON.stringify(generator)).not.toContain(key);
    expect(String(Object.values(generator))).not.toContain(key);
  });

  it("applies GENERATION_FAULTS with the injected random source", async () => {
    const env = parseServerEnv({ GENERATION_FAULTS: "server:0.5" });
    const failing = getGenerator({ env, random: () => 0.4 });
    const passing = getGenerator({ env, random: () => 0.6 });
    await expect(failing.generateConversation(item, {})).rejects.toMatchObject({ code: ErrorCode.GEN_PROVIDER_ERROR });
    await expect(passing.generateConversation(item, {})).resolves.toHaveProperty("title");
  });

  it("applies GENERATION_LATENCY_MS (an aborted call stops waiting)", async () => {
    const generator = getGenerator({ env: parseServerEnv({ GENERATION_LATENCY_MS: "60000" }) });
    const controller = new AbortController();
    const pending = generator.generateConversation(item, {}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.NET_ABORTED });
  });

  it("fails clearly on a fault kind it does not know", () => {
    expect(() => getGenerator({ env: parseServerEnv({ GENERATION_FAULTS: "gremlins:0.1" }) })).toThrow(
      /unknown fault kind "gremlins"/,
    );
  });
});
