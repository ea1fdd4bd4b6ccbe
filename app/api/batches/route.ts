import { jsonResponse, parseJsonBody, withRoute } from "@/lib/api/route-handler";
import { createBatch, listBatches } from "@/lib/batch";
import { createBatchSchema } from "@/lib/batch/schemas";

/** POST /api/batches -> 201 { jobId, totalItems, status } */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, createBatchSchema),
  handle: async ({ input, user }) => jsonResponse(await createBatch({ userId: user.id, ...input }), { status: 201 }),
});

/** GET /api/batches -> { batches }: the user's batches, newest first, with progress. */
export const GET = withRoute(async ({ user }) => jsonResponse({ batches: await listBatches({ userId: user.id }) }));
