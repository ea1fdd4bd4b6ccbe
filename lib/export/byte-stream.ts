import "server-only";

/**
 * A byte stream that pulls the next chunk only when the client is ready for it, so a slow
 * download never makes the server buffer the file; a cancelled download stops the reads.
 * A failure mid-way errors the stream: the client gets a truncated body, never a file that
 * looks complete.
 */
export function toByteStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
