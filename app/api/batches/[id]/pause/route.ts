import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { pauseBatch } from "@/lib/batch/control";

/** POST /api/batches/:id/pause -> { jobId, status, displayStatus }: no new items start; in-flight ones finish. 409 finished, 410 cancelled. */
export const POST = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => jsonResponse(await pauseBatch({ userId: user.id, jobId: input.id })),
});
