/*
 * Display formatting shared by server-rendered pages. Dates render in UTC and say so:
 * the server cannot know the reader's time zone, and a silently wrong local time is worse.
 */
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

const integerFormat = new Intl.NumberFormat("en-US");

/** "28 Nov 2026, 12:33 UTC"; an unparsable input is shown as given rather than as "Invalid Date". */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${dateTimeFormat.format(date)} UTC`;
}

/** ISO string for a <time dateTime> attribute. */
export function toIsoString(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** 1536 -> "1.5 KB" (1024-based, as file managers show backup downloads). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "1 turn", "3 turns". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
