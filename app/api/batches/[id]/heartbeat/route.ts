import { parseJsonBody, parseUuidParam, withRoute } from "@/lib/api/route-handler";
import { heartbeat, readRunnerId, releaseRunner } from "@/lib/batch";
import { heartbeatBodySchema } from "@/lib/batch/schemas";

const noContent = () => new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });

/** A body is optional: the runner id may come in the header alone. */
async function optionalBody(request: Request): Promise<{ runnerId?: string }> {
  const length = request.headers.get("content-length");
  if (request.body === null || length === "0") return {};
  return parseJsonBody(request, heartbeatBodySchema);
}

/**
 * POST /api/batches/:id/heartbeat (X-Runner-Id and/or { runnerId }) -> 204: the runner is
 * alive ("running elsewhere" for other tabs) and its leases are renewed. 410 once the
 * batch is finished or discarded: stop running it.
 */
export const POST = withRoute({
  parse: async (request, params) => {
    const jobId = parseUuidParam(params.id, "id");
    const body = await optionalBody(request);
    return { jobId, runnerId: readRunnerId(request, body.runnerId) };
  },
  handle: async ({ input, user }) => {
    await heartbeat({ userId: user.id, ...input });
    return noContent();
  },
});

/** DELETE /api/batches/:id/heartbeat (X-Runner-Id) -> 204: the runner stopped on purpose (pause). */
export const DELETE = withRoute({
  parse: (request, params) => ({ jobId: parseUuidParam(params.id, "id"), runnerId: readRunnerId(request) }),
  handle: async ({ input, user }) => {
    await releaseRunner({ userId: user.id, ...input });
    return noContent();
  },
});
