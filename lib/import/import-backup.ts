import "server-only";
import { z } from "zod";
import { validate } from "@/lib/errors/validation";
import { BACKUP_ID_PATTERN } from "@/lib/backup/schemas";
import { BACKUP_FORMAT_VERSION, type BackupConversation } from "@/lib/backup/document";
import { backupConversationSchema, restoreConversations } from "@/lib/backup/restore-backup";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { ValidationError, type FieldErrors } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import type { ImportLineError, ImportResult } from "@/lib/export/types";
import { badFile, checksumMismatch, lineErrors, tooManyConversations } from "./errors";
import { readCappedBody } from "./read-body";

export interface ImportBackupInput {
  db?: Database;
  userId: string;
  body: ReadableStream<Uint8Array> | null;
  declaredLength?: string | null;
  /** The SHA-256 (hex) the client says the file has: checked against the exact bytes when given. */
  sha256?: string;
  /** Defaults: config.imports. */
  maxBytes?: number;
  maxConversations?: number;
}

const CONVERSATION_STATUSES = ["draft", "completed", "approved", "rejected", "archived"] as const;
const timestamp = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 timestamp" })
  // ISO allows year 0000; PostgreSQL does not (a 22008 there would be a 500, not a 400).
  .refine(
    (value) => Number(value.slice(0, 4)) >= 1 && !Number.isNaN(Date.parse(value)),
    "must be a date from year 1 on",
  );

/** Metadata is stored as jsonb and stringified on the way: bound its depth and size first. */
const MAX_METADATA_DEPTH = 32;
const MAX_METADATA_BYTES = 64 * 1024;

/** Depth of nested objects and arrays, walked without recursion (a hostile file nests 100,000 deep). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_METADATA_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const boundedMetadata = z.record(z.string(), z.unknown()).superRefine((metadata, ctx) => {
  if (nestingDepth(metadata) > MAX_METADATA_DEPTH) {
    ctx.addIssue({ code: "custom", message: `must nest at most ${MAX_METADATA_DEPTH} levels deep` });
    return;
  }
  if (Buffer.byteLength(JSON.stringify(metadata), "utf8") > MAX_METADATA_BYTES) {
    ctx.addIssue({ code: "custom", message: `must be at most ${MAX_METADATA_BYTES / 1024} kB` });
  }
});
/** char_length in Postgres counts code points, not UTF-16 units. */
const codePoints = (text: string) => Array.from(text).length;

/**
 * A conversation of an uploaded backup file. The server's own backups are trusted more
 * (restore-backup.ts); a file may come from anywhere, so everything the schema's checks would
 * refuse with a database error (a 500) is refused here first, naming the field (a 400).
 */
const uploadedConversationSchema = backupConversationSchema
  .extend({
    title: z
      .string()
      .refine((title) => codePoints(title) >= 1 && codePoints(title) <= 500, "must be 1 to 500 characters"),
    status: z.enum(CONVERSATION_STATUSES),
    metadata: boundedMetadata,
    createdAt: timestamp,
    updatedAt: timestamp,
    turns: z.array(
      backupConversationSchema.shape.turns.element.extend({
        turnIndex: z.number().int().min(0).max(2_147_483_647),
        createdAt: timestamp,
      }),
    ),
  })
  .superRefine((conversation, ctx) => {
    const seen = new Set<number>();
    conversation.turns.forEach((turn, index) => {
      if (seen.has(turn.turnIndex)) {
        ctx.addIssue({
          code: "custom",
          path: ["turns", index, "turnIndex"],
          message: "is used by another turn of this conversation",
        });
      }
      seen.add(turn.turnIndex);
    });
  });

const envelopeSchema = z.object({
  version: z.literal(BACKUP_FORMAT_VERSION),
  backupId: z.string().regex(BACKUP_ID_PATTERN, "must be a backup id"),
  createdAt: timestamp,
  backupReason: z.string(),
  conversations: z.array(z.unknown()).max(0),
});

/**
 * Imports a backup file (format 1.0, as GET /api/backup/download/:backupId streams it), also
 * one whose backup expired or was deleted on the server: every conversation that does not
 * exist is written back with its ids, timestamps and turns; the ones that exist are skipped
 * (so a second import skips everything). All or nothing, in one transaction.
 *
 * Checks, in order: size (413), the `sha256` the client gave (409), UTF-8 and JSON, the
 * version and shape (400), then, when this user's backup with that backupId is still on the
 * server, its recorded SHA-256 against the exact bytes (409), then ids in use by rows that are
 * not this user's (409, nothing said about them).
 */
export async function importBackup(input: ImportBackupInput): Promise<ImportResult> {
  const maxConversations = input.maxConversations ?? config.imports.maxConversations;
  // The file is read whole and parsed with JSON.parse: a backup is one JSON document and the
  // size cap (config.imports.maxFileBytes) bounds the memory this takes. A streaming JSON
  // parser would save that memory at the cost of a dependency; the server's own backups are
  // at most 1,000 conversations (config.batch.maxItems), well within the cap.
  const { bytes, sha256 } = await readCappedBody({
    body: input.body,
    declaredLength: input.declaredLength,
    maxBytes: input.maxBytes ?? config.imports.maxFileBytes,
  });
  if (input.sha256 !== undefined && input.sha256.toLowerCase() !== sha256) {
    throw checksumMismatch("the sha256 given with the request", input.sha256.toLowerCase(), sha256);
  }

  const { backupId, conversations } = parseBackupFile(bytes, maxConversations);

  const db = input.db ?? (await getDb());
  const restored = await db.transaction(async (tx) => {
    // The server's record of this backup, if it still has one (expired or not): its SHA-256
    // was computed over the very bytes the download sent. Held until commit (for share), so
    // the clean-up cannot remove it halfway.
    const [record] = await tx.query<{ sha256: string }>(
      "select sha256 from public.backup_exports where backup_id = $1 and user_id = $2 for share",
      [backupId, input.userId],
    );
    if (record && record.sha256 !== sha256)
      throw checksumMismatch(`the SHA-256 recorded for backup ${backupId}`, record.sha256, sha256);
    let total = 0;
    const chunkSize = config.imports.insertChunkSize;
    for (let start = 0; start < conversations.length; start += chunkSize) {
      total += await restoreConversations(tx, input.userId, conversations.slice(start, start + chunkSize));
    }
    return total;
  });
  return { format: "backup", imported: restored, skipped: conversations.length - restored };
}

function parseBackupFile(
  bytes: Uint8Array,
  maxConversations: number,
): { backupId: string; conversations: BackupConversation[] } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badFile("The file is not valid UTF-8 text; upload the backup .json file as it was downloaded.");
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") throw badFile("The file is empty; upload a backup .json file.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badFile(
      "The file is not valid JSON; upload the backup .json file as it was downloaded.",
      {},
      ErrorCode.VAL_MALFORMED_JSON,
    );
  }
  const file: Record<string, unknown> =
    json !== null && typeof json === "object" && !Array.isArray(json) ? { ...json } : {};
  const version = file.version;
  if (version !== BACKUP_FORMAT_VERSION) {
    throw badFile(
      version === undefined
        ? "The file is not a backup of this app (it has no format version)."
        : `The backup's format version is ${JSON.stringify(version).slice(0, 40)}; this server reads version ${BACKUP_FORMAT_VERSION}.`,
      { version: [`must be "${BACKUP_FORMAT_VERSION}"`] },
    );
  }

  const rawConversations = file.conversations;
  // The envelope alone here; each conversation is checked (and named) on its own below.
  const envelope = tryValidate(envelopeSchema, { ...file, conversations: [] }, "file");
  const fieldErrors: FieldErrors = { ...envelope.fieldErrors };
  if (!Array.isArray(rawConversations)) fieldErrors.conversations = ["must be an array of conversations"];
  if (envelope.fieldErrors || !Array.isArray(rawConversations))
    throw badFile("The backup file has invalid fields.", fieldErrors);
  const { backupId } = envelope.value;
  if (rawConversations.length > maxConversations) throw tooManyConversations(maxConversations);

  const errors: ImportLineError[] = [];
  let errorCount = 0;
  const conversations: BackupConversation[] = [];
  const conversationIds = new Set<string>();
  const turnIds = new Set<string>();
  const batchItemIds = new Set<string>();
  rawConversations.forEach((raw, index) => {
    const problems: string[] = [];
    const parsed = tryValidate(uploadedConversationSchema, raw, "conversation");
    if (parsed.fieldErrors) {
      for (const [field, messages] of Object.entries(parsed.fieldErrors))
        problems.push(`${field}: ${messages.join(", ")}`);
    } else {
      const conversation = parsed.value;
      const id = conversation.id.toLowerCase();
      if (conversationIds.has(id)) problems.push("id: appears twice in the file");
      conversationIds.add(id);
      for (const turn of conversation.turns) {
        const turnId = turn.id.toLowerCase();
        if (turnIds.has(turnId)) problems.push(`turn ${turn.id}: appears twice in the file`);
        turnIds.add(turnId);
      }
      const itemId = conversation.batchItemId?.toLowerCase();
      if (itemId !== undefined) {
        if (batchItemIds.has(itemId)) problems.push("batchItemId: another conversation of the file has it");
        batchItemIds.add(itemId);
      }
      if (problems.length === 0) conversations.push(conversation);
    }
    if (problems.length > 0) {
      errorCount += 1;
      if (errors.length < config.imports.maxLineErrors) {
        errors.push({ line: index + 1, message: `${describe(raw)}: ${problems.slice(0, 3).join("; ")}` });
      }
    }
  });
  if (errorCount > 0) throw lineErrors(errors, errorCount, "conversation");
  return { backupId, conversations };
}

/** validate() (zod plus the NUL/surrogate check every route input gets), as a result. */
function tryValidate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  rootName: string,
): { value: z.output<S>; fieldErrors?: undefined } | { value?: undefined; fieldErrors: FieldErrors } {
  try {
    return { value: validate(schema, value, rootName, "invalid") };
  } catch (error) {
    if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors };
    throw error;
  }
}

function describe(raw: unknown): string {
  const id = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).id : undefined;
  return typeof id === "string" && id.length <= 40 && /^[0-9a-f-]+$/i.test(id)
    ? `conversation ${id}`
    : "this conversation";
}
