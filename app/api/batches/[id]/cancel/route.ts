import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { cancelBatch } from "@/lib/batch/control";

/** POST /api/batches/:id/cancel -> { jobId, status: "cancelled", displayStatus }: pending items are never generated. 409 once finished. */
export const POST = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => jsonResponse(await cancelBatch({ userId: user.id, jobId: input.id })),
});
