import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { bulkDeleteBodySchema } from "@/lib/backup/schemas";
import { bulkDeleteConversations } from "@/lib/conversations";

/**
 * POST /api/conversations/bulk-delete {ids, backupId? | confirmWithoutBackup: true} -> {deleted}.
 * Nothing is deleted unless the backup checks out (see bulkDeleteConversations).
 */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, bulkDeleteBodySchema),
  handle: async ({ input, user }) =>
    jsonResponse(
      await bulkDeleteConversations({
        userId: user.id,
        ids: input.ids,
        backupId: input.backupId,
        confirmWithoutBackup: input.confirmWithoutBackup,
      }),
    ),
});
