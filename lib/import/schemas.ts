import "server-only";
import { z } from "zod";
import { ValidationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

export const IMPORT_FORMATS = ["backup", "messages", "sharegpt"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** POST /api/imports?format=backup|messages|sharegpt[&sha256=<hex>] */
export const importQuerySchema = z.object({
  format: z.enum(IMPORT_FORMATS, { message: "must be backup, messages or sharegpt" }),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be a SHA-256 in hex (64 characters)")
    .optional(),
});

/** What each format's body may be sent as (the file itself, not a multipart form). */
const MEDIA_TYPES: Record<ImportFormat, readonly string[]> = {
  backup: ["application/json"],
  messages: ["application/x-ndjson", "application/jsonl", "application/jsonlines", "text/plain"],
  sharegpt: ["application/x-ndjson", "application/jsonl", "application/jsonlines", "text/plain"],
};

/** 415 unless the Content-Type fits the format; checked before the body is read. */
export function assertImportMediaType(format: ImportFormat, contentType: string | null): void {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const allowed = MEDIA_TYPES[format];
  if (allowed.includes(mediaType)) return;
  throw new ValidationError(
    `${mediaType === "" ? "The request has no Content-Type" : `Unsupported Content-Type "${mediaType.slice(0, 60)}"`}; ` +
      `send the ${format === "backup" ? "backup file" : "JSONL file"} as the request body with Content-Type: ${allowed.join(" or ")}.`,
    {},
    { code: ErrorCode.VAL_UNSUPPORTED_MEDIA_TYPE },
  );
}
