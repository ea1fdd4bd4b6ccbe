import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { createBatch, listBatches } from "@/lib/batch";
import { createBatchSchema } from "@/lib/batch/schemas";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";
import { enforcePaidWorkRate } from "@/lib/limits";

/** POST /api/batches -> 201 { jobId, totalItems, status }: the batch is created and the server runs it; no tab needs to stay open. */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, createBatchSchema),
  handle: async ({ input, user }) => {
    await enforcePaidWorkRate(user.id);
    const created = await createBatch({ userId: user.id, ...input });
    await kickBatchEngine();
    return jsonResponse(created, { status: 201 });
  },
});

/** GET /api/batches -> { batches }: the user's batches, newest first, with progress. */
export const GET = withRoute(async ({ user }) => jsonResponse({ batches: await listBatches({ userId: user.id }) }));
