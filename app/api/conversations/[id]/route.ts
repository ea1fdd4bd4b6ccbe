import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { getConversation } from "@/lib/conversations";

/** GET /api/conversations/:id -> the conversation with its turns; 404 when missing or not yours. */
export const GET = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => jsonResponse(await getConversation({ userId: user.id, id: input.id })),
});
