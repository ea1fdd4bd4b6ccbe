import { describe, expect, it } from "vitest";
import type { ExportTurn } from "@/lib/export/formats";
import {
  ExamplePipeline,
  ExampleStats,
  ProblemList,
  turnProblems,
  type ExportConversation,
} from "@/lib/export/pipeline";

let n = 0;
function conversation(turns: ExportTurn[], batchJobId: string | null = null): ExportConversation {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    title: `C${n}`,
    batchJobId,
    provider: null,
    model: null,
    turns,
  };
}
const u = (content: string): ExportTurn => ({ role: "user", content });
const a = (content: string): ExportTurn => ({ role: "assistant", content });

describe("pre-flight problems", () => {
  it("a clean conversation has none", () => {
    expect(turnProblems([u("hi"), a("hello"), u("bye"), a("bye")])).toEqual([]);
  });

  it("empty_turn names the turn (blank counts as empty), and a conversation without turns", () => {
    expect(turnProblems([u("hi"), a("  \n")])).toEqual([{ kind: "empty_turn", message: "Turn 2 is empty." }]);
    expect(turnProblems([u(""), a("")]).map((p) => p.message)).toEqual(["Turns 1, 2 are empty."]);
    expect(turnProblems([])).toEqual([{ kind: "empty_turn", message: "The conversation has no turns." }]);
  });

  it("roles_not_alternating: two in a row, or the assistant first", () => {
    const twice = turnProblems([u("a"), u("b"), a("c")]);
    expect(twice).toEqual([
      { kind: "roles_not_alternating", message: "Turns 1 and 2 are both from the user; roles must alternate." },
    ]);
    expect(turnProblems([a("a"), u("b"), a("c")]).map((p) => p.kind)).toEqual(["roles_not_alternating"]);
  });

  it("last_turn_not_assistant", () => {
    expect(turnProblems([u("a"), a("b"), u("c")])).toEqual([
      { kind: "last_turn_not_assistant", message: "The last turn (3) is from the user, not the assistant." },
    ]);
  });

  it("too_large over the configured limit (characters / 4, system prompt included)", () => {
    const pipeline = new ExamplePipeline({ format: "messages", maxExampleTokens: 10, systemPrompt: "x".repeat(20) });
    const small = pipeline.process(conversation([u("abcd"), a("abcd")]));
    expect(small.problems).toEqual([]); // 28 chars -> 7 tokens
    const large = pipeline.process(conversation([u("a".repeat(12)), a("b".repeat(12))]));
    expect(large.estimatedTokens).toBe(11);
    expect(large.problems.map((p) => p.kind)).toEqual(["too_large"]);
  });

  it("duplicate: the same mapped content by SHA-256, the first occurrence kept", () => {
    const pipeline = new ExamplePipeline({ format: "messages", excludeProblems: true });
    const first = conversation([u("same"), a("text")]);
    const second = conversation([u("same"), a("text")]);
    const other = conversation([u("same"), a("text!")]);
    expect(pipeline.process(first).line).not.toBeNull();
    const dup = pipeline.process(second);
    expect(dup.problems).toEqual([
      { kind: "duplicate", message: "Same content as an earlier conversation.", duplicateOf: first.id },
    ]);
    expect(dup.line).toBeNull();
    expect(pipeline.process(other).problems).toEqual([]);
  });

  it("not_single_turn for alpaca: always left out, listed as a problem", () => {
    const pipeline = new ExamplePipeline({ format: "alpaca", excludeProblems: false });
    const decision = pipeline.process(conversation([u("a"), a("b"), u("c"), a("d")]));
    expect(decision.line).toBeNull();
    expect(decision.problems.map((p) => p.kind)).toEqual(["not_single_turn"]);
    expect(pipeline.process(conversation([u("a"), a("b")])).line).toBe('{"instruction":"a","input":"","output":"b"}');
  });

  it("keeps problem conversations unless asked to exclude them", () => {
    const bad = [u("a"), a("")];
    expect(new ExamplePipeline({ format: "messages" }).process(conversation(bad)).line).not.toBeNull();
    expect(
      new ExamplePipeline({ format: "messages", excludeProblems: true }).process(conversation(bad)).line,
    ).toBeNull();
  });
});

describe("stats", () => {
  it("count, turns min/median/max and tokens", () => {
    const stats = new ExampleStats();
    expect(stats.turnsPerExample()).toEqual({ min: 0, median: 0, max: 0 });
    for (const [turns, tokens] of [
      [2, 5],
      [4, 10],
      [4, 1],
      [10, 4],
      [6, 0],
    ] as const)
      stats.add(turns, tokens);
    expect(stats.count).toBe(5);
    expect(stats.estimatedTokens).toBe(20);
    expect(stats.turnsPerExample()).toEqual({ min: 2, median: 4, max: 10 });
    stats.add(6, 0);
    expect(stats.turnsPerExample()).toEqual({ min: 2, median: 5, max: 10 });
  });

  it("lists at most the configured number of problems, counts all", () => {
    const list = new ProblemList(2);
    list.add({ id: "a", title: "A" }, [
      { kind: "empty_turn", message: "x" },
      { kind: "too_large", message: "y" },
      { kind: "duplicate", message: "z" },
    ]);
    expect(list.total).toBe(3);
    expect(list.listed.map((p) => p.kind)).toEqual(["empty_turn", "too_large"]);
  });
});
