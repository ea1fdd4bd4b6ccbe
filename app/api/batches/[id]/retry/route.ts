import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { retryFailedItems } from "@/lib/batch";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";
import { enforcePaidWorkRate } from "@/lib/limits";

/** POST /api/batches/:id/retry -> { jobId, retried, status, displayStatus }: failed items get fresh attempts and the server runs them ("Retry failed items"). */
export const POST = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => {
    await enforcePaidWorkRate(user.id);
    const result = await retryFailedItems({ userId: user.id, jobId: input.id });
    if (result.retried > 0) await kickBatchEngine();
    return jsonResponse(result);
  },
});
