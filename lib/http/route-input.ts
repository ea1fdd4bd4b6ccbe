import "server-only";
import type { z } from "zod";
import { ValidationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { config } from "@/lib/config";
import { isUuid } from "@/lib/uuid";
import { replaceUnstorableText, validate } from "@/lib/errors/validation";

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
