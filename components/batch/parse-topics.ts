/**
 * Turns what the user typed or uploaded into batch items, in the browser. Pure functions:
 * the wizard validates their output with the shared createBatchSchema afterwards.
 */

export interface ParsedItemParameters {
  persona?: string;
  emotion?: string;
  turns?: number;
}

export interface ParsedTopic {
  topic: string;
  /** Values from the CSV row; they override the form's defaults for this item. */
  parameters: ParsedItemParameters;
  /** 1-based line (text) or row (CSV) the topic came from, for error messages. */
  line: number;
}

export interface ParsedTopics {
  topics: ParsedTopic[];
  /** Rows that could not be read, e.g. "Row 4: turns must be a whole number". */
  problems: string[];
}

/** One topic per non-empty line; surrounding whitespace is ignored. */
export function parseTopicLines(text: string): ParsedTopic[] {
  const topics: ParsedTopic[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const topic = raw.trim();
    if (topic !== "") topics.push({ topic, parameters: {}, line: index + 1 });
  });
  return topics;
}

/**
 * RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. A
 * lenient reader: an unterminated quote runs to the end of the file rather than failing.
 */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel's UTF-8 BOM

  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
      continue;
    }
    if (char === '"' && field === "") {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += char;
    }
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const KNOWN_COLUMNS = ["topic", "persona", "emotion", "turns"] as const;
type KnownColumn = (typeof KNOWN_COLUMNS)[number];

function headerColumns(record: readonly string[]): Partial<Record<KnownColumn, number>> | null {
  const names = record.map((cell) => cell.trim().toLowerCase());
  if (!names.includes("topic")) return null;
  const columns: Partial<Record<KnownColumn, number>> = {};
  for (const column of KNOWN_COLUMNS) {
    const index = names.indexOf(column);
    if (index >= 0) columns[column] = index;
  }
  return columns;
}

/**
 * A CSV of topics. With a header row naming a `topic` column, the optional `persona`,
 * `emotion` and `turns` columns set that item's parameters; without one, the first column
 * is the topic. Blank rows are skipped.
 */
export function parseTopicsCsv(text: string): ParsedTopics {
  const records = parseCsvRecords(text);
  const header = records.length > 0 ? headerColumns(records[0] ?? []) : null;
  const columns = header ?? { topic: 0 };
  const topics: ParsedTopic[] = [];
  const problems: string[] = [];

  records.forEach((record, index) => {
    if (header && index === 0) return;
    const row = index + 1;
    const cell = (column: KnownColumn): string => {
      const at = columns[column];
      return at === undefined ? "" : (record[at] ?? "").trim();
    };
    const topic = cell("topic");
    if (topic === "" && record.every((value) => value.trim() === "")) return;
    if (topic === "") {
      problems.push(`Row ${row}: the topic is empty`);
      return;
    }
    const parameters: ParsedItemParameters = {};
    const persona = cell("persona");
    const emotion = cell("emotion");
    const turns = cell("turns");
    if (persona !== "") parameters.persona = persona;
    if (emotion !== "") parameters.emotion = emotion;
    if (turns !== "") {
      const value = Number(turns);
      if (Number.isInteger(value)) parameters.turns = value;
      else problems.push(`Row ${row}: turns must be a whole number (got "${turns.slice(0, 20)}")`);
    }
    topics.push({ topic, parameters, line: row });
  });
  return { topics, problems };
}
