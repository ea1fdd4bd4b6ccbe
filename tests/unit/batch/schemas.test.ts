import { describe, expect, it } from "vitest";
import { BATCH_LIMITS, createBatchSchema, updateBatchConfigSchema } from "@/lib/batch/schemas";

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]);

describe("createBatchSchema (shared by the wizard and POST /api/batches)", () => {
  it("accepts a full batch and trims text", () => {
    const parsed = createBatchSchema.parse({
      name: "  Support  ",
      config: { provider: "anthropic", model: " claude-x ", temperature: 0 },
      items: [
        { topic: "  Late rent ", parameters: { persona: " tenant ", emotion: "angry", turns: 20 } },
        { topic: "Deposit" },
      ],
    });
    expect(parsed).toEqual({
      name: "Support",
      config: { provider: "anthropic", model: "claude-x", temperature: 0 },
      items: [
        { topic: "Late rent", parameters: { persona: "tenant", emotion: "angry", turns: 20 } },
        { topic: "Deposit" },
      ],
    });
  });

  it("accepts exactly the limits and rejects one past them, naming the field", () => {
    const topic = "t".repeat(BATCH_LIMITS.maxTopicLength);
    expect(
      createBatchSchema.safeParse({ items: Array.from({ length: BATCH_LIMITS.maxItems }, () => ({ topic })) }).success,
    ).toBe(true);
    expect(issuesOf(createBatchSchema.safeParse({ items: [{ topic: `${topic}x` }] }))).toEqual([
      ["items.0.topic", `topic must be at most ${BATCH_LIMITS.maxTopicLength} characters`],
    ]);
    expect(issuesOf(createBatchSchema.safeParse({ items: [{ topic: "a", parameters: { turns: 22 } }] }))).toEqual([
      ["items.0.parameters.turns", "turns must be between 2 and 20"],
    ]);
    expect(issuesOf(createBatchSchema.safeParse({ items: [{ topic: "a", parameters: { turns: 2.5 } }] }))[0]?.[0]).toBe(
      "items.0.parameters.turns",
    );
  });

  it("names every wrong field at once, including unknown keys", () => {
    const issues = issuesOf(
      createBatchSchema.safeParse({
        items: [{ topic: "" }, { topic: "ok", parameters: { mood: "x" } }],
        config: { temprature: 1 },
      }),
    );
    expect(issues.map(([path]) => path)).toEqual(["config", "items.0.topic", "items.1.parameters"]);
    expect(JSON.stringify(issues)).toContain("temprature");
    expect(JSON.stringify(issues)).toContain("mood");
  });
});

describe("updateBatchConfigSchema", () => {
  it("accepts a config (possibly empty) and names a wrong field", () => {
    expect(updateBatchConfigSchema.parse({ config: {} })).toEqual({ config: {} });
    expect(issuesOf(updateBatchConfigSchema.safeParse({ config: { temperature: -0.1 } }))).toEqual([
      ["config.temperature", "temperature must be between 0 and 1"],
    ]);
  });
});
