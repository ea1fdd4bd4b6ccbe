import { jsonResponse, withRoute } from "@/lib/api/route-handler";
import { getIncompleteCheckpoints, readOptionalRunnerId } from "@/lib/batch";

/**
 * GET /api/checkpoints -> { checkpoints }: the user's incomplete batches for the resume
 * dialog. An X-Runner-Id header keeps the asking tab's own run out of "running elsewhere".
 */
export const GET = withRoute({
  parse: (request) => ({ runnerId: readOptionalRunnerId(request) }),
  handle: async ({ input, user }) =>
    jsonResponse({ checkpoints: await getIncompleteCheckpoints({ userId: user.id, runnerId: input.runnerId }) }),
});
