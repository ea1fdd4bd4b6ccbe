import { z } from "zod";

/*
 * Inputs of the backup and bulk-delete routes. Not server-only: the UI may share them.
 */

/** How many conversations one backup or one bulk delete may name. */
export const MAX_BULK_CONVERSATIONS = 1_000;

/** The backup id as users see it; the same rule as the backup_exports check constraint. */
export const BACKUP_ID_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;

export const backupIdSchema = z
  .string({ error: "must be a backup id (text)" })
  .regex(BACKUP_ID_PATTERN, "must be a backup id: 8 to 100 letters, digits, '-' or '_'");

const uuid = z.uuid({ error: "must be a conversation id (UUID)" });

const conversationIdList = z
  .array(uuid, { error: "must be an array of conversation ids" })
  .min(1, "must name at least 1 conversation")
  .max(MAX_BULK_CONVERSATIONS, `must name at most ${MAX_BULK_CONVERSATIONS} conversations`);

/** The longest reason a backup row accepts (backup_exports_reason_length_check). */
export const MAX_BACKUP_REASON_LENGTH = 500;

export const createBackupBodySchema = z.object({
  conversationIds: conversationIdList,
  reason: z
    .string({ error: "must be text" })
    .trim()
    .min(1, "must not be empty")
    .max(MAX_BACKUP_REASON_LENGTH, `must be at most ${MAX_BACKUP_REASON_LENGTH} characters`)
    .optional(),
});

export const bulkDeleteBodySchema = z
  .strictObject({
    ids: conversationIdList,
    backupId: backupIdSchema.optional(),
    confirmWithoutBackup: z.literal(true, { error: "must be true when given" }).optional(),
  })
  .refine((body) => body.backupId !== undefined || body.confirmWithoutBackup === true, {
    path: ["backupId"],
    message: "is required unless confirmWithoutBackup is true (a delete needs a backup or an explicit confirmation)",
  });
