import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { parseBackupIdParam } from "@/lib/http/backup-id-param";
import { restoreBackup } from "@/lib/backup";

/** POST /api/backup/:backupId/restore -> {restored, skipped}; idempotent. 404 not yours, 410 expired. */
export const POST = withRoute({
  parse: (_request, params) => ({ backupId: parseBackupIdParam(params) }),
  handle: async ({ input, user }) => jsonResponse(await restoreBackup({ userId: user.id, backupId: input.backupId })),
});
