import { withRoute } from "@/lib/http/route-handler";
import { parseBackupIdParam } from "@/lib/http/backup-id-param";
import { openBackupDownload } from "@/lib/backup";
import { toReadableStream } from "@/lib/backup/readable-stream";

/**
 * GET /api/backup/download/:backupId -> the backup file as an attachment, streamed from the
 * database a page of conversations at a time. 404 unknown or not yours, 410 once expired.
 */
export const GET = withRoute({
  parse: (_request, params) => ({ backupId: parseBackupIdParam(params) }),
  handle: async ({ input, user }) => {
    const { backup, chunks } = await openBackupDownload({ userId: user.id, backupId: input.backupId });
    return new Response(toReadableStream(chunks), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${backup.backupId}.json"`,
        // Known in advance: the size of the exact document was recorded when it was written.
        "Content-Length": String(backup.sizeBytes),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
});
