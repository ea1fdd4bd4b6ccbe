import "server-only";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import type { ImportResult } from "@/lib/export/types";
import { enforceRateLimit, type RateLimitRule } from "@/lib/limits/rate-limit";
import { importBackup } from "./import-backup";
import { importJsonl } from "./import-jsonl";
import type { ImportFormat } from "./schemas";

export { assertImportMediaType, importQuerySchema, type ImportFormat } from "./schemas";

const IMPORT_RATE: RateLimitRule = {
  name: "imports.rate",
  ...config.imports.rate,
  what: "imports",
  scope: "for your account",
};

export interface ImportFileInput {
  db?: Database;
  userId: string;
  format: ImportFormat;
  body: ReadableStream<Uint8Array> | null;
  declaredLength?: string | null;
  sha256?: string;
}

/**
 * One import (POST /api/imports): counted against the user's import rate first (429, before
 * a byte of the file is read), then the file, all or nothing.
 */
export async function importFile(input: ImportFileInput): Promise<ImportResult> {
  await enforceRateLimit({ db: input.db, bucket: `imports:user:${input.userId}`, rule: IMPORT_RATE });
  const { format, ...rest } = input;
  return format === "backup" ? importBackup(rest) : importJsonl({ ...rest, format });
}
