import { jsonResponse, parseJsonBody, parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { getBatch, updateBatchConfig } from "@/lib/batch";
import { updateBatchConfigSchema } from "@/lib/batch/schemas";
import { isRunnableJobStatus } from "@/lib/batch/status";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";

/**
 * GET /api/batches/:id -> { job, progress, items }; 404 when missing or not yours. Looking at
 * a queued or running batch also revives it on serverless when no drive is alive.
 */
export const GET = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ input, user }) => {
    const details = await getBatch({ userId: user.id, jobId: input.id });
    if (isRunnableJobStatus(details.job.status)) await kickBatchEngine();
    return jsonResponse(details);
  },
});

/** PATCH /api/batches/:id { config } -> { job }: the whole config is replaced; 409 once finished, 410 once discarded. */
export const PATCH = withRoute({
  parse: async (request, params) => ({
    id: parseUuidParam(params.id, "id"),
    body: await parseJsonBody(request, updateBatchConfigSchema),
  }),
  handle: async ({ input, user }) =>
    jsonResponse({ job: await updateBatchConfig({ userId: user.id, jobId: input.id, config: input.body.config }) }),
});
