import "server-only";
import { hasUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors/validation";
import { generatedConversationSchema, MAX_TURN_LENGTH } from "@/lib/generation/schemas";

/*
 * One line of a fine-tuning JSONL file -> one example, checked by the app's own conversation
 * rules (lib/generation/schemas.ts: non-empty turns of at most MAX_TURN_LENGTH characters,
 * alternating, starting with the user and ending with the assistant). Turns hold only user
 * and assistant, so an optional leading system message is kept apart (conversation metadata).
 *
 *   messages: {"messages":[{"role":"system"|"user"|"assistant","content":"..."}]}
 *   sharegpt: {"conversations":[{"from":"system"|"human"|"gpt","value":"..."}]}
 */

export const JSONL_FORMATS = ["messages", "sharegpt"] as const;
export type JsonlFormat = (typeof JSONL_FORMATS)[number];

export interface ImportedExample {
  systemPrompt: string | null;
  turns: { role: "user" | "assistant"; content: string }[];
}

export type ParsedLine = { ok: true; example: ImportedExample } | { ok: false; message: string };

interface FormatShape {
  array: string;
  role: string;
  content: string;
  /** The file's role names -> ours. */
  roles: Record<string, "system" | "user" | "assistant">;
}

const SHAPES: Record<JsonlFormat, FormatShape> = {
  messages: {
    array: "messages",
    role: "role",
    content: "content",
    roles: { system: "system", user: "user", assistant: "assistant" },
  },
  // "user"/"assistant" too: several ShareGPT exporters write them instead of human/gpt.
  sharegpt: {
    array: "conversations",
    role: "from",
    content: "value",
    roles: { system: "system", human: "user", user: "user", gpt: "assistant", assistant: "assistant" },
  },
};

/** At most this many problems named per line; the rest are summarised. */
const MAX_PROBLEMS_PER_LINE = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Parses and checks one (decoded, non-blank) line. */
export function parseExampleLine(text: string, format: JsonlFormat): ParsedLine {
  const shape = SHAPES[format];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "is not valid JSON" };
  }
  const messages = isRecord(json) ? json[shape.array] : undefined;
  if (!Array.isArray(messages)) {
    return { ok: false, message: `must be a JSON object with a "${shape.array}" array` };
  }

  const problems: string[] = [];
  const at = (index: number, field?: string) => `${shape.array}[${index}]${field ? `.${field}` : ""}`;
  const roleNames = Object.keys(shape.roles).join(", ");
  let systemPrompt: string | null = null;
  const turns: ImportedExample["turns"] = [];
  // Index in the file of each turn, for messages that name the file's own positions.
  const fileIndex: number[] = [];

  messages.forEach((message: unknown, index) => {
    if (!isRecord(message)) {
      problems.push(`${at(index)}: must be an object with "${shape.role}" and "${shape.content}"`);
      return;
    }
    const rawRole = message[shape.role];
    const content = message[shape.content];
    const role = typeof rawRole === "string" && Object.hasOwn(shape.roles, rawRole) ? shape.roles[rawRole] : undefined;
    if (role === undefined) {
      problems.push(`${at(index, shape.role)}: must be one of ${roleNames}`);
      return;
    }
    if (typeof content !== "string") {
      problems.push(`${at(index, shape.content)}: must be text`);
      return;
    }
    if (hasUnstorableText(content)) {
      problems.push(`${at(index, shape.content)}: ${UNSTORABLE_TEXT_MESSAGE}`);
      return;
    }
    if (role === "system") {
      if (index !== 0) problems.push(`${at(index)}: a system message may only come first`);
      else if (content.length > MAX_TURN_LENGTH)
        problems.push(`${at(index, shape.content)}: must be at most ${MAX_TURN_LENGTH} characters`);
      // An empty system prompt is no system prompt.
      else if (content.trim() !== "") systemPrompt = content;
      return;
    }
    turns.push({ role, content });
    fileIndex.push(index);
  });
  if (problems.length > 0) return { ok: false, message: summarise(problems) };

  // The app's rules for a conversation; the title is made from the turns afterwards.
  const checked = generatedConversationSchema.safeParse({ title: "import", turns });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [, turn, field] = issue.path;
      const where =
        typeof turn === "number"
          ? at(fileIndex[turn] ?? turn, field === "role" ? shape.role : field === "content" ? shape.content : undefined)
          : shape.array;
      problems.push(`${where}: ${issue.message}`);
    }
    return { ok: false, message: summarise(problems) };
  }
  return { ok: true, example: { systemPrompt, turns } };
}

function summarise(problems: string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_PER_LINE).join("; ");
  const rest = problems.length - MAX_PROBLEMS_PER_LINE;
  return rest > 0 ? `${shown}; and ${rest} more` : shown;
}

/** Longest title (and topic) made from the first user message. */
export const IMPORTED_TITLE_LENGTH = 80;

/** The first user message on one line, trimmed, cut at 80 characters (never inside a surrogate pair). */
export function titleFrom(example: ImportedExample): string {
  const first = example.turns.find((turn) => turn.role === "user")?.content ?? "";
  const oneLine = first.replace(/\s+/g, " ").trim();
  const codePoints = Array.from(oneLine);
  if (codePoints.length <= IMPORTED_TITLE_LENGTH) return oneLine || "Imported conversation";
  return `${codePoints
    .slice(0, IMPORTED_TITLE_LENGTH - 1)
    .join("")
    .trimEnd()}…`;
}
