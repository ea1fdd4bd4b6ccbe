import { describe, expect, it } from "vitest";
import { parseCsvRecords, parseTopicLines, parseTopicsCsv } from "@/components/batch/parse-topics";

describe("parseTopicLines", () => {
  it("takes one trimmed topic per non-empty line, remembering the line", () => {
    expect(parseTopicLines("  Refund \r\n\r\nPassword reset\rUpgrade\n")).toEqual([
      { topic: "Refund", parameters: {}, line: 1 },
      { topic: "Password reset", parameters: {}, line: 3 },
      { topic: "Upgrade", parameters: {}, line: 4 },
    ]);
  });
});

describe("parseCsvRecords", () => {
  it("reads quoted commas, doubled quotes, line breaks in quotes, CRLF and a BOM", () => {
    const text = '\ufefftopic,persona\r\n"Refund, late ""express"" order",retiree\r\n"Two\nlines",\n';
    expect(parseCsvRecords(text)).toEqual([
      ["topic", "persona"],
      ['Refund, late "express" order', "retiree"],
      ["Two\nlines", ""],
    ]);
  });
});

describe("parseTopicsCsv", () => {
  it("with a header, maps topic, persona, emotion and turns by name, in any order", () => {
    const result = parseTopicsCsv("Turns,Emotion,Topic\n4,curious,Refund\n,,Password reset\n");
    expect(result.problems).toEqual([]);
    expect(result.topics).toEqual([
      { topic: "Refund", parameters: { turns: 4, emotion: "curious" }, line: 2 },
      { topic: "Password reset", parameters: {}, line: 3 },
    ]);
  });

  it("without a header, the first column is the topic", () => {
    expect(parseTopicsCsv("Refund,ignored\nUpgrade\n").topics.map((topic) => topic.topic)).toEqual([
      "Refund",
      "Upgrade",
    ]);
  });

  it("skips blank rows and names the rows it cannot use", () => {
    const result = parseTopicsCsv("topic,turns\nRefund,six\n,\n,4\nUpgrade,2.5\n");
    expect(result.topics.map((topic) => topic.topic)).toEqual(["Refund", "Upgrade"]);
    expect(result.problems).toEqual([
      'Row 2: turns must be a whole number (got "six")',
      "Row 4: the topic is empty",
      'Row 5: turns must be a whole number (got "2.5")',
    ]);
  });
});
