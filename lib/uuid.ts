/**
 * The one UUID check of the app (path ids, cursors, token subjects). Any version and
 * variant is accepted: ids come from Postgres's gen_random_uuid() and Supabase Auth, and
 * the point is only to turn a malformed id into a 400 before it reaches a uuid column.
 */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
