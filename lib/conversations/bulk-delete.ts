import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { APIError, ValidationError, conflict } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { findNotOwned, uniqueIds } from "@/lib/backup/read-conversations";
import { verifyBackup } from "@/lib/backup/verify-backup";

export interface BulkDeleteInput {
  db?: Database;
  userId: string;
  ids: readonly string[];
  /** The backup that holds every conversation to delete (made just before). */
  backupId?: string;
  /** The user explicitly chose to delete without a backup. */
  confirmWithoutBackup?: boolean;
}

export interface BulkDeleteResult {
  deleted: number;
}

/**
 * Deletes the user's conversations (their turns cascade) in one transaction, and only when it
 * cannot lose data: the named backup must exist and be the user's (404), be unexpired (410),
 * cover every id and read back with its recorded count and SHA-256 (409); without a backup the
 * caller must have confirmed explicitly (400). An id that is not the user's makes the whole
 * request a 404. Whatever fails, nothing is deleted.
 */
export async function bulkDeleteConversations(input: BulkDeleteInput): Promise<BulkDeleteResult> {
  if (input.backupId === undefined && input.confirmWithoutBackup !== true) {
    throw new ValidationError(
      "Name the backup that holds these conversations, or confirm the delete without a backup.",
      { backupId: ["is required unless confirmWithoutBackup is true"] },
    );
  }
  const ids = uniqueIds(input.ids);
  const db = input.db ?? (await getDb());

  return db.transaction(async (tx) => {
    // Lock the rows first: nothing can change them between the checks and the delete.
    await tx.query(`select id from public.conversations where user_id = $1 and id = any($2::uuid[]) for update`, [
      input.userId,
      ids,
    ]);
    const missing = await findNotOwned(tx, input.userId, ids);
    // How many of the selection are missing, so a client whose earlier attempt lost its
    // answer can tell "all already deleted" from "some never were yours".
    if (missing.length > 0) {
      throw new APIError(ErrorCode.NOT_FOUND, "Conversation not found", {
        status: 404,
        details: { missing: missing.length, selected: ids.length },
      });
    }

    if (input.backupId !== undefined) {
      // Checks ownership (404), expiry (410) and content (409), and keeps the backup row
      // locked until commit so the retention clean-up cannot remove it underneath us.
      const backup = await verifyBackup({ db: tx, userId: input.userId, backupId: input.backupId, lockRow: true });
      const covered = new Set(backup.conversationIds);
      const uncovered = ids.filter((id) => !covered.has(id));
      if (uncovered.length > 0) {
        throw conflict(
          `Backup ${backup.backupId} does not include ${uncovered.length} of the ${ids.length} selected conversations; nothing was deleted. Create a new backup of the selection first.`,
          { backupId: backup.backupId, uncovered: uncovered.length },
        );
      }
    }

    const deleted = await tx.query(
      `delete from public.conversations where user_id = $1 and id = any($2::uuid[]) returning id`,
      [input.userId, ids],
    );
    return { deleted: deleted.length };
  });
}
