import { jsonResponse, parseUuidParam, withRoute } from "@/lib/api/route-handler";
import { retryFailedItems } from "@/lib/batch";

/** POST /api/batches/:id/retry -> { jobId, retried, status }: failed items get fresh attempts (the summary's "Retry failed items"). */
export const POST = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => jsonResponse(await retryFailedItems({ userId: user.id, jobId: input.id })),
});
