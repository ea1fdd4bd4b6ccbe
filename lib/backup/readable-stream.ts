import "server-only";

/**
 * A byte stream that pulls the next chunk only when the client is ready for it, so a slow
 * download never makes the server buffer the document; a cancelled download stops the reads.
 */
export function toReadableStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        // The client sees a truncated body (shorter than Content-Length), never a "complete" file.
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
