import { jsonResponse, parseQuery, withRoute } from "@/lib/http/route-handler";
import { listConversations } from "@/lib/conversations";
import { listConversationsQuerySchema } from "@/lib/conversations/schemas";

/** GET /api/conversations?cursor&limit -> { items, nextCursor }, newest first. */
export const GET = withRoute({
  parse: (request) => parseQuery(request, listConversationsQuerySchema),
  handle: async ({ input, user }) =>
    jsonResponse(await listConversations({ userId: user.id, cursor: input.cursor, limit: input.limit })),
});
