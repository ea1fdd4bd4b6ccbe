import "server-only";
import type { z } from "zod";
import { ValidationError, type FieldErrors } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { config } from "@/lib/config";
import { isUuid } from "@/lib/uuid";

/*
 * The "parse" step of every route: body, path params and query, each turned into a
 * ValidationError (400/413/415) that names what is wrong. Nothing here trusts the client:
 * not the Content-Type, not the Content-Length, not the JSON.
 */

export interface ParseJsonBodyOptions {
  /** Largest body accepted, in bytes (default config.http.maxJsonBodyBytes). */
  maxBytes?: number;
  /** navigator.sendBeacon posts strings as text/plain; only the error-report route allows it. */
  allowTextPlain?: boolean;
  /**
   * What a NUL character or an unpaired surrogate in a string does: "reject" (default, 400
   * naming the field) or "replace" them with U+FFFD (only for a log sink, where losing a
   * whole batch over one odd character is worse than a replacement mark).
   */
  unstorableText?: "reject" | "replace";
}

/** Reads, size-caps, decodes and validates a JSON body. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: ParseJsonBodyOptions = {},
): Promise<z.output<S>> {
  const maxBytes = options.maxBytes ?? config.http.maxJsonBodyBytes;
  assertJsonMediaType(request.headers.get("content-type"), options.allowTextPlain ?? false);

  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(maxBytes);

  const bytes = await readBodyCapped(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw malformedJson("The request body is not valid UTF-8 text.");
  }
  if (text.trim() === "") throw malformedJson("The request body is empty; send a JSON object.");

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformedJson("The request body is not valid JSON.");
  }
  if (options.unstorableText === "replace") json = replaceUnstorableText(json);
  return validate(schema, json, "body", "The request body has invalid fields");
}

/** A path segment that must be a UUID, e.g. the `:id` of /api/conversations/:id. */
export function parseUuidParam(value: string | string[] | undefined, name: string): string {
  if (!isUuid(value)) {
    throw new ValidationError(
      `"${name}" must be a UUID (like 123e4567-e89b-12d3-a456-426614174000).`,
      { [name]: ["must be a UUID"] },
      { code: ErrorCode.VAL_INVALID_ID },
    );
  }
  return value.toLowerCase();
}

/**
 * Validates the query string. A key given once is a string, a repeated key an array (so a
 * schema that wants one value rejects `?limit=1&limit=2`), and an empty value counts as absent.
 * Keys the schema does not name are ignored (zod objects strip them).
 */
export function parseQuery<S extends z.ZodType>(source: URL | string | Request, schema: S): z.output<S> {
  const url = source instanceof URL ? source : new URL(typeof source === "string" ? source : source.url);
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key).filter((v) => v !== "");
    if (values.length === 1) raw[key] = values[0] as string;
    else if (values.length > 1) raw[key] = values;
  }
  return validate(schema, raw, "query", "The query string has invalid parameters");
}

/**
 * Runs a zod schema and turns its issues into fieldErrors keyed by dotted path. Before that,
 * every string in the input (keys too) is checked for text Postgres cannot store or would
 * silently alter: a NUL character (text and jsonb refuse it) or an unpaired UTF-16 surrogate
 * (stored as U+FFFD in text, refused in jsonb). Checking here, where every route's input
 * passes, covers every string field of every schema, present and future.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, rootName: string, summary: string): z.output<S> {
  const fieldErrors: FieldErrors = {};
  for (const path of findUnstorableText(value)) {
    (fieldErrors[path.length > 0 ? path.join(".") : rootName] ??= []).push(UNSTORABLE_TEXT_MESSAGE);
  }
  const result = schema.safeParse(value);
  if (result.success && Object.keys(fieldErrors).length === 0) return result.data;
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.length > 0 ? issue.path.map(String).join(".") : rootName;
      (fieldErrors[key] ??= []).push(issue.message);
    }
  }
  throw new ValidationError(`${summary}: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL characters or unpaired surrogates";

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_TEXT_GLOBAL = new RegExp(UNSTORABLE_TEXT.source, "g");

/** True when `text` holds a character Postgres cannot store as given. */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}

interface WalkNode {
  value: unknown;
  key: string | number | undefined;
  parent: WalkNode | undefined;
}

/** Deeper paths are shown cut ("a.0.0.….x"): a hostile body must not make a 400 kB field name. */
const MAX_PATH_SEGMENTS = 32;

function pathOf(node: WalkNode | undefined, last?: string): (string | number)[] {
  const reversed: (string | number)[] = last === undefined ? [] : [last];
  for (let at = node; at && at.key !== undefined; at = at.parent) reversed.push(at.key);
  const path = reversed.reverse();
  if (path.length <= MAX_PATH_SEGMENTS) return path;
  return [...path.slice(0, MAX_PATH_SEGMENTS / 2), "…", ...path.slice(-MAX_PATH_SEGMENTS / 2)];
}

/** Paths (as in zod issues) of every string, or key, holding unstorable text; at most `max`. */
function findUnstorableText(value: unknown, max = 20): (string | number)[][] {
  const found: (string | number)[][] = [];
  // Iterative walk with parent links (a path is only built for a finding): a hostile body
  // nested 100,000 levels deep neither overflows the stack nor costs quadratic time.
  const stack: WalkNode[] = [{ value, key: undefined, parent: undefined }];
  const visit = (child: unknown, key: string | number, parent: WalkNode) => {
    if (typeof child === "string" || (child !== null && typeof child === "object")) stack.push({ value: child, key, parent });
  };
  while (stack.length > 0 && found.length < max) {
    const node = stack.pop() as WalkNode;
    const current = node.value;
    if (typeof current === "string") {
      if (hasUnstorableText(current)) found.push(pathOf(node));
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) visit(current[i], i, node);
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        // Name a bad key without repeating the bad character.
        if (hasUnstorableText(key)) found.push(pathOf(node, key.replace(UNSTORABLE_TEXT_GLOBAL, "\uFFFD")));
        else visit(child, key, node);
      }
    }
  }
  return found;
}

/**
 * Replaces every NUL and unpaired surrogate (in keys too) by U+FFFD, in place: `value` is a
 * freshly parsed JSON value nobody else holds. Iterative, like findUnstorableText.
 */
function replaceUnstorableText(value: unknown): unknown {
  const fix = (text: string) => text.replace(UNSTORABLE_TEXT_GLOBAL, "\uFFFD");
  if (typeof value === "string") return fix(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      current.forEach((child: unknown, i) => {
        if (typeof child === "string") current[i] = fix(child);
        else stack.push(child);
      });
    } else if (current !== null && typeof current === "object") {
      const record = current as Record<string, unknown>;
      for (const [key, child] of Object.entries(record)) {
        const fixedKey = hasUnstorableText(key) ? fix(key) : key;
        const fixedChild = typeof child === "string" ? fix(child) : child;
        if (fixedKey !== key) delete record[key];
        // defineProperty, not assignment: a "__proto__" key from JSON.parse stays a plain key.
        if (fixedKey !== key || fixedChild !== child) {
          Object.defineProperty(record, fixedKey, { value: fixedChild, enumerable: true, writable: true, configurable: true });
        }
        if (typeof child !== "string") stack.push(child);
      }
    }
  }
  return value;
}

function assertJsonMediaType(contentType: string | null, allowTextPlain: boolean): void {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json" || (allowTextPlain && mediaType === "text/plain")) return;
  throw new ValidationError(
    mediaType === ""
      ? "The request has no Content-Type; send JSON with Content-Type: application/json."
      : "Unsupported Content-Type; send JSON with Content-Type: application/json.",
    {},
    { code: ErrorCode.VAL_UNSUPPORTED_MEDIA_TYPE },
  );
}

/** Reads the body but stops at maxBytes + 1, whatever Content-Length claimed. */
async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw payloadTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function payloadTooLarge(maxBytes: number): ValidationError {
  return new ValidationError(
    `The request body is too large (limit ${maxBytes.toLocaleString("en-US")} bytes).`,
    {},
    { code: ErrorCode.VAL_PAYLOAD_TOO_LARGE },
  );
}

function malformedJson(message: string): ValidationError {
  return new ValidationError(message, {}, { code: ErrorCode.VAL_MALFORMED_JSON });
}
