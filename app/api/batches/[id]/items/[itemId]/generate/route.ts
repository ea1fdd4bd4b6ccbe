import { jsonResponse, parseUuidParam, withRoute } from "@/lib/api/route-handler";
import { generateItemOnce, readRunnerId } from "@/lib/batch";

/**
 * POST /api/batches/:id/items/:itemId/generate (header X-Runner-Id, no body) -> 200
 * { item, conversation, alreadyCompleted }. Exactly once: a completed item answers with its
 * conversation. 409 when another runner holds the item or it is out of attempts; a failed
 * attempt is recorded, then answered with its classified error (429 + Retry-After for rate limits).
 */
export const POST = withRoute({
  parse: (request, params) => ({
    jobId: parseUuidParam(params.id, "id"),
    itemId: parseUuidParam(params.itemId, "itemId"),
    runnerId: readRunnerId(request),
  }),
  handle: async ({ input, user }) => jsonResponse(await generateItemOnce({ userId: user.id, ...input })),
});
