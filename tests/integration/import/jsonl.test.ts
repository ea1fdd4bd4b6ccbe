import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { config } from "@/lib/config";
import { setDatabaseForTesting } from "@/lib/db";
import type { ImportResult } from "@/lib/export/types";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { fingerprint } from "../backup/support";
import { conversationsOf, countConversations, errorOf, postImport, resetRateLimits, watchedStream } from "./support";

/*
 * POST /api/imports with `messages` and `sharegpt` JSONL files, in local mode (every request
 * is the local user), through the real route handler. The files are written here with the
 * documented line shapes (docs/exports.md), independently of the export code.
 */

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

beforeEach(async () => {
  await db.query("delete from public.conversations");
  await resetRateLimits(db);
});

type Message = { role: "system" | "user" | "assistant"; content: string };

/** Conversations as an exporter of the `messages` format writes them. */
const EXAMPLES: Message[][] = [
  [
    { role: "system", content: "You are a patient support agent." },
    { role: "user", content: "  My order #123 never arrived.\nCan you help?  " },
    { role: "assistant", content: "I'm sorry to hear that. Let me check the tracking for order #123." },
    { role: "user", content: 'Thanks 🚀 – "quoted" ünïcode' },
    { role: "assistant", content: "It is on its way and arrives tomorrow." },
  ],
  [
    { role: "user", content: "x".repeat(200) },
    { role: "assistant", content: "A long question deserves a short answer." },
  ],
  [
    { role: "user", content: "Line\r\nbreaks and\ttabs" },
    { role: "assistant", content: '{"json": "inside"}' },
  ],
];

const jsonl = (lines: unknown[]) =>
  lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n";
const messagesFile = (examples: Message[][]) => jsonl(examples.map((messages) => ({ messages })));

async function okResult(response: Response): Promise<ImportResult> {
  const body = (await response.json()) as ImportResult;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("messages JSONL: export -> import gives the same turns", () => {
  it("imports every line as a new conversation with the same turns, system prompt in metadata", async () => {
    const result = await okResult(await postImport("messages", messagesFile(EXAMPLES)));
    expect(result).toEqual({ format: "messages", imported: 3, skipped: 0 });

    const stored = await conversationsOf(db, LOCAL_USER_ID);
    expect(stored).toHaveLength(3);
    // Exported again as `messages` lines, they are the lines that went in.
    const reexported = stored.map((conversation) => [
      ...(typeof conversation.metadata.systemPrompt === "string"
        ? [{ role: "system", content: conversation.metadata.systemPrompt }]
        : []),
      ...conversation.turns,
    ]);
    expect(reexported).toEqual(EXAMPLES);

    const [first, second] = stored;
    expect(first?.title).toBe("My order #123 never arrived. Can you help?");
    expect(first?.topic).toBe(first?.title);
    expect(first?.status).toBe("completed");
    expect(first?.metadata).toEqual({
      source: "import",
      format: "messages",
      line: 1,
      systemPrompt: "You are a patient support agent.",
    });
    expect(second?.metadata).toEqual({ source: "import", format: "messages", line: 2 });
    expect(Array.from(second?.title ?? "")).toHaveLength(80);
  });

  it("imports the same file twice as two sets of new conversations (JSONL carries no ids)", async () => {
    await okResult(await postImport("messages", messagesFile(EXAMPLES)));
    await okResult(await postImport("messages", messagesFile(EXAMPLES)));
    const ids = (await conversationsOf(db, LOCAL_USER_ID)).map((c) => c.id);
    expect(new Set(ids).size).toBe(6);
  });

  it("accepts application/jsonl and text/plain, CRLF line ends, a BOM and blank lines (line numbers still count them)", async () => {
    const body = "\uFEFF" + messagesFile(EXAMPLES.slice(1)).replace(/\n/g, "\r\n\r\n");
    await okResult(await postImport("messages", body, { headers: { "content-type": "application/jsonl" } }));
    const lines = (await conversationsOf(db, LOCAL_USER_ID)).map((c) => c.metadata.line);
    expect(lines).toEqual([1, 3]);
    await okResult(
      await postImport("messages", messagesFile(EXAMPLES), {
        headers: { "content-type": "text/plain; charset=utf-8" },
      }),
    );
    expect(await countConversations(db)).toBe(5);
  });

  it("imports ShareGPT (human/gpt) the same way", async () => {
    const file = jsonl(
      EXAMPLES.map((messages) => ({
        conversations: messages.map((m) => ({
          from: m.role === "user" ? "human" : m.role === "assistant" ? "gpt" : "system",
          value: m.content,
        })),
      })),
    );
    expect(await okResult(await postImport("sharegpt", file))).toEqual({ format: "sharegpt", imported: 3, skipped: 0 });
    const stored = await conversationsOf(db, LOCAL_USER_ID);
    expect(stored.map((c) => c.turns)).toEqual(EXAMPLES.map((messages) => messages.filter((m) => m.role !== "system")));
    expect(stored[0]?.metadata).toMatchObject({ format: "sharegpt", systemPrompt: "You are a patient support agent." });
  });
});

describe("a malformed line N is reported as line N and nothing is imported", () => {
  const good = { messages: EXAMPLES[1] };
  const cases: [string, unknown, RegExp][] = [
    ["bad JSON", '{"messages": [', /not valid JSON/],
    ["no messages array", { prompt: "hi", completion: "there" }, /"messages" array/],
    [
      "wrong role",
      {
        messages: [
          { role: "tool", content: "x" },
          { role: "assistant", content: "y" },
        ],
      },
      /messages\[0\]\.role: must be one of/,
    ],
    [
      "roles not alternating",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ],
      },
      /messages\[1\]\.role: must be assistant/,
    ],
    [
      "starting with the assistant",
      {
        messages: [
          { role: "assistant", content: "a" },
          { role: "user", content: "b" },
        ],
      },
      /messages\[0\]\.role: must be user/,
    ],
    [
      "ending with the user",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
          { role: "user", content: "c" },
        ],
      },
      /must end with an assistant message/,
    ],
    [
      "empty content",
      {
        messages: [
          { role: "user", content: "   " },
          { role: "assistant", content: "b" },
        ],
      },
      /messages\[0\]\.content: must not be empty/,
    ],
    [
      "a NUL character",
      {
        messages: [
          { role: "user", content: "a\u0000b" },
          { role: "assistant", content: "b" },
        ],
      },
      /messages\[0\]\.content: must not contain NUL/,
    ],
    [
      "an unpaired surrogate",
      '{"messages":[{"role":"user","content":"a\\ud800"},{"role":"assistant","content":"b"}]}',
      /unpaired surrogates/,
    ],
    [
      "a system message in the middle",
      {
        messages: [
          { role: "user", content: "a" },
          { role: "system", content: "s" },
          { role: "assistant", content: "b" },
        ],
      },
      /messages\[1\]: a system message may only come first/,
    ],
    [
      "content that is not text",
      {
        messages: [
          { role: "user", content: [{ type: "text", text: "a" }] },
          { role: "assistant", content: "b" },
        ],
      },
      /messages\[0\]\.content: must be text/,
    ],
    ["a single message", { messages: [{ role: "user", content: "a" }] }, /at least 2 messages/],
  ];

  it.each(cases)("%s", async (_name, badLine, message) => {
    await okResult(await postImport("messages", jsonl([good])));
    const before = await fingerprint(db);
    const error = await errorOf(await postImport("messages", jsonl([good, good, badLine, good])), 400);
    expect(error.code).toBe("ERR_VAL_INVALID_INPUT");
    expect(error.details?.lines).toHaveLength(1);
    expect(error.details?.lines?.[0]?.line).toBe(3);
    expect(error.details?.lines?.[0]?.message).toMatch(message);
    expect(error.details?.lineErrorCount).toBe(1);
    expect(error.message).toMatch(/^Nothing was imported\. Line 3: /);
    expect(await fingerprint(db)).toBe(before);
  });

  it("invalid UTF-8 on line 2", async () => {
    const bytes = new TextEncoder().encode(jsonl([good, "PLACEHOLDER", good]));
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf("PLACEHOLDER");
    const broken = new Uint8Array([...bytes.slice(0, at), 0xc3, 0x28, ...bytes.slice(at + "PLACEHOLDER".length)]);
    const error = await errorOf(await postImport("messages", broken), 400);
    expect(error.details?.lines).toEqual([{ line: 2, message: "is not valid UTF-8 text" }]);
    expect(await countConversations(db)).toBe(0);
  });

  it("lists at most 50 bad lines and counts them all", async () => {
    const lines = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? good : "not json"));
    const error = await errorOf(await postImport("messages", jsonl(lines)), 400);
    expect(error.details?.lines).toHaveLength(config.imports.maxLineErrors);
    expect(error.details?.lines?.[0]?.line).toBe(2);
    expect(error.details?.lines?.[49]?.line).toBe(100);
    expect(error.details?.lineErrorCount).toBe(60);
    expect(await countConversations(db)).toBe(0);
  });

  it("a line over the per-line cap is a line error, not a 500", async () => {
    const huge = {
      messages: [
        { role: "user", content: "a" },
        { role: "assistant", content: "b".repeat(config.imports.maxLineBytes) },
      ],
    };
    const error = await errorOf(await postImport("messages", jsonl([good, huge])), 400);
    expect(error.details?.lines).toEqual([
      { line: 2, message: expect.stringMatching(/longer than 1,048,576 bytes/) as unknown as string },
    ]);
    expect(await countConversations(db)).toBe(0);
  });

  it("a file with no examples is a 400", async () => {
    const error = await errorOf(await postImport("messages", "\n\n"), 400);
    expect(error.message).toMatch(/no examples/);
  });

  it("a sharegpt line with a wrong `from` names the field", async () => {
    const error = await errorOf(
      await postImport(
        "sharegpt",
        jsonl([
          {
            conversations: [
              { from: "bot", value: "x" },
              { from: "gpt", value: "y" },
            ],
          },
        ]),
      ),
      400,
    );
    expect(error.details?.lines?.[0]).toEqual({
      line: 1,
      message: expect.stringMatching(/^conversations\[0\]\.from: must be one of/) as unknown as string,
    });
  });
});

describe("limits and bad requests", () => {
  it("413 naming the limit past the file cap, counted on the bytes read (no Content-Length), without reading on", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const chunks = Array.from({ length: config.imports.maxFileBytes / chunk.byteLength + 5 }, () => chunk);
    const { stream, pulls } = watchedStream(chunks);
    const error = await errorOf(await postImport("messages", stream), 413);
    expect(error.code).toBe("ERR_VAL_PAYLOAD_TOO_LARGE");
    expect(error.message).toMatch(/50 MB/);
    expect(error.details).toMatchObject({ limit: "imports.maxFileBytes", max: config.imports.maxFileBytes });
    expect(pulls()).toBeLessThanOrEqual(chunks.length - 3);
    expect(await countConversations(db)).toBe(0);
  });

  it("413 at once when Content-Length already says too much", async () => {
    const { stream, pulls } = watchedStream([new Uint8Array(10)]);
    const error = await errorOf(
      await postImport("backup", stream, { headers: { "content-length": String(config.imports.maxFileBytes + 1) } }),
      413,
    );
    expect(error.message).toMatch(/too large/);
    expect(pulls()).toBe(0);
  });

  it("400 for an unknown format, 415 for a wrong Content-Type", async () => {
    const unknown = await errorOf(await postImport("alpaca" as "messages", "{}"), 400);
    expect(unknown.details?.fieldErrors).toHaveProperty("format");
    const wrongType = await errorOf(
      await postImport("messages", "{}", { headers: { "content-type": "multipart/form-data; boundary=x" } }),
      415,
    );
    expect(wrongType.code).toBe("ERR_VAL_UNSUPPORTED_MEDIA_TYPE");
  });

  it("429 with Retry-After past the import rate, before the file is read", async () => {
    for (let i = 0; i < config.imports.rate.limit; i += 1) {
      await okResult(await postImport("messages", jsonl([{ messages: EXAMPLES[1] }])));
    }
    const { stream, pulls } = watchedStream([new TextEncoder().encode(jsonl([{ messages: EXAMPLES[1] }]))]);
    const response = await postImport("messages", stream);
    const error = await errorOf(response, 429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(error.details).toMatchObject({ limit: "imports.rate", max: config.imports.rate.limit });
    expect(pulls()).toBe(0);
    expect(await countConversations(db)).toBe(config.imports.rate.limit);
  });
});
