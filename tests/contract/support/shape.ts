/**
 * What a contract compares: a response reduced to what a client may rely on. Keys and value
 * types everywhere; the values themselves only where they carry meaning a client branches on
 * (statuses, error codes, counters), never where they are one run's data (ids, timestamps,
 * names, prose messages).
 */

/** Keys whose values are compared as they are, not by type. */
const LITERAL_KEYS = new Set([
  // statuses and codes the UI branches on
  "status",
  "displayStatus",
  "code",
  "kind",
  "reason",
  "full",
  "retryable",
  "willRetry",
  // counters a scenario determines
  "index",
  "attempts",
  "maxAttempts",
  "totalItems",
  "completedItems",
  "failedItems",
  "pendingItems",
  "progressPercentage",
  "retryableFailedItems",
  "exhaustedFailedItems",
  "retried",
  "deleted",
  "restored",
  "skipped",
  "conversationCount",
  "conversations",
  "examples",
  "problemCount",
  "train",
  "validation",
  "min",
  "median",
  "max",
]);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Routes refuse an id that is no UUID: a fake handing one out would let a component test pass on a link the server answers 400. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Shape = string | number | boolean | null | Shape[] | { [key: string]: Shape };

/**
 * The comparable form of a JSON value. Arrays keep their length (a scenario fixes how many
 * items, problems or backups there are); strings are "string", "iso-date" or "uuid".
 */
export function shapeOf(value: unknown, key?: string): Shape {
  if (key !== undefined && LITERAL_KEYS.has(key) && (value === null || typeof value !== "object"))
    return value as Shape;
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((entry) => shapeOf(entry));
  if (isObject(value)) {
    const out: Record<string, Shape> = {};
    for (const name of Object.keys(value).sort()) out[name] = shapeOf(value[name], name);
    return out;
  }
  if (typeof value === "string") return ISO_DATE.test(value) ? "iso-date" : UUID.test(value) ? "uuid" : "string";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
