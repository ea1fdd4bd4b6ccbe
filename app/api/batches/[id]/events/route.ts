import { eventStreamResponse, type StreamMessage } from "@/lib/http/event-stream";
import { parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { BatchEventCursor } from "@/lib/batch/batch-events";
import type { BatchEventPayload } from "@/lib/batch/types";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/**
 * GET /api/batches/:id/events -> text/event-stream: `event: batch` (BatchEventPayload; the
 * first message of every connection is the whole batch, so a reconnect misses nothing),
 * then `event: end` once the batch is finished. 404 when missing or not yours.
 */
export const GET = withRoute({
  parse: (_request, params) => ({ id: parseUuidParam(params.id, "id") }),
  handle: async ({ request, input, user }) => {
    const cursor = new BatchEventCursor({ db: await getDb(), userId: user.id, jobId: input.id });
    // Read once before answering: a batch that is not yours is a 404, not an empty stream.
    let pending: BatchEventPayload | null = await cursor.next();
    return eventStreamResponse({
      request,
      owner: user.id,
      intervalMs: 1_000,
      poll: async () => {
        const payload = pending ?? (await cursor.next());
        pending = null;
        const messages: StreamMessage[] = payload ? [{ event: "batch", id: payload.job.updatedAt, data: payload }] : [];
        if (cursor.finished) messages.push({ event: "end", data: {} });
        return { messages, done: cursor.finished };
      },
    });
  },
});
