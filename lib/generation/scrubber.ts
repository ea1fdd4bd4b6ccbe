/** Removes the provider's API key from text it may echo, on top of sanitize()'s patterns. */
import { REDACTED, sanitizeString } from "@/lib/errors/sanitize";
import type { Scrub } from "@/lib/errors/provider";

/** sanitize() plus literal removal of the given secrets (a key sanitize's patterns would not know). */
export function createScrubber(secrets: readonly string[]): Scrub {
  const literal = secrets.filter((secret) => secret.length >= 4);
  return (text) => {
    let clean = text;
    for (const secret of literal) clean = clean.split(secret).join(REDACTED);
    return sanitizeString(clean);
  };
}
