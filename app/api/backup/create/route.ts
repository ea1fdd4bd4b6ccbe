import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { createBackup } from "@/lib/backup";
import { createBackupBodySchema } from "@/lib/backup/schemas";

/** POST /api/backup/create {conversationIds (1..1000), reason?} -> 201 the backup; 404 when an id is not yours. */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, createBackupBodySchema),
  handle: async ({ input, user }) => {
    const backup = await createBackup({
      userId: user.id,
      conversationIds: input.conversationIds,
      reason: input.reason,
    });
    return jsonResponse(backup, { status: 201 });
  },
});
