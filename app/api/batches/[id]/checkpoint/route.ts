import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { discardBatch, loadCheckpoint } from "@/lib/batch";
import { notFound } from "@/lib/errors";

/** GET /api/batches/:id/checkpoint -> the checkpoint (docs/http-contract.md, "The checkpoint"); 404 when there is none or the batch is not yours. */
export const GET = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => {
    const checkpoint = await loadCheckpoint({ userId: user.id, jobId: input.id });
    if (!checkpoint) throw notFound("Checkpoint", { jobId: input.id });
    return jsonResponse(checkpoint);
  },
});

/** DELETE /api/batches/:id/checkpoint -> 204: discard (job cancelled, checkpoint removed). */
export const DELETE = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => {
    await discardBatch({ userId: user.id, jobId: input.id });
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
});
