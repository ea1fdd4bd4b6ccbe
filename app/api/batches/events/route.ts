import { eventStreamResponse } from "@/lib/http/event-stream";
import { withRoute } from "@/lib/http/route-handler";
import { OpenBatchesCursor } from "@/lib/batch/batch-events";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/**
 * GET /api/batches/events -> text/event-stream of `event: batches` ({ batches }: the user's
 * queued, running, paused and interrupted batches), sent whenever that list changed: the
 * header's live indicator on every page.
 */
export const GET = withRoute(async ({ request, user }) => {
  const cursor = new OpenBatchesCursor({ db: await getDb(), userId: user.id });
  return eventStreamResponse({
    request,
    owner: user.id,
    intervalMs: 2_000,
    poll: async () => {
      const payload = await cursor.next();
      return { messages: payload ? [{ event: "batches", data: payload }] : [] };
    },
  });
});
