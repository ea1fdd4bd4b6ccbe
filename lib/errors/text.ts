/** Small readers shared by the classifiers: a value as a plain bag, provider/driver text made safe to keep. */
import { sanitizeString } from "./sanitize";

export type Bag = Record<string, unknown>;

export function asBag(value: unknown): Bag | undefined {
  return value !== null && typeof value === "object" ? (value as Bag) : undefined;
}

/** Sanitized and cut to `max` characters: foreign text kept for the logs, never verbatim. */
export function shortText(value: string, max = 500): string {
  const clean = sanitizeString(value);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
