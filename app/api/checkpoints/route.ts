import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { getIncompleteCheckpoints } from "@/lib/batch";

/**
 * GET /api/checkpoints -> { checkpoints }: the user's batches that need a person (paused, or
 * with items failed past the retry cap), for the resume dialog.
 */
export const GET = withRoute(async ({ user }) =>
  jsonResponse({ checkpoints: await getIncompleteCheckpoints({ userId: user.id }) }),
);
