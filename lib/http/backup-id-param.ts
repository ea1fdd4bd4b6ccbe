import "server-only";
import type { RouteParams } from "./route-handler";
import { ValidationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { BACKUP_ID_PATTERN } from "@/lib/backup/schemas";

/** The :backupId path segment, checked before any query (400 naming backupId). */
export function parseBackupIdParam(params: RouteParams): string {
  const value = params.backupId;
  if (typeof value !== "string" || !BACKUP_ID_PATTERN.test(value)) {
    throw new ValidationError(
      `"backupId" must be a backup id: 8 to 100 letters, digits, '-' or '_' (like bkp_3q2X9...).`,
      { backupId: ["must be a backup id"] },
      { code: ErrorCode.VAL_INVALID_ID },
    );
  }
  return value;
}
