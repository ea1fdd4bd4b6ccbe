import { jsonResponse, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { resumeBatch } from "@/lib/batch/control";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";
import { enforcePaidWorkRate } from "@/lib/limits";

/** POST /api/batches/:id/resume -> { jobId, status, displayStatus }: a paused or interrupted batch runs again. 409 finished, 410 cancelled. */
export const POST = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => {
    await enforcePaidWorkRate(user.id);
    const result = await resumeBatch({ userId: user.id, jobId: input.id });
    await kickBatchEngine();
    return jsonResponse(result);
  },
});
