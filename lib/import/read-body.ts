import "server-only";
import { createHash } from "node:crypto";
import { fileTooLarge } from "./errors";

/*
 * Reading an uploaded file from the request body. The cap is counted on the bytes actually
 * read, whatever Content-Length claims (a chunked upload has none, and a client may lie):
 * the moment the count passes it the stream is cancelled and the import answers 413.
 */

export interface ReadCappedInput {
  body: ReadableStream<Uint8Array> | null;
  maxBytes: number;
  /** The Content-Length header, if any: a declared size over the cap is refused unread. */
  declaredLength?: string | null;
}

/** A Content-Length over the cap is refused before anything is read. */
function assertDeclaredLength(input: ReadCappedInput): void {
  const declared = Number(input.declaredLength ?? Number.NaN);
  if (input.declaredLength != null && Number.isFinite(declared) && declared > input.maxBytes)
    throw fileTooLarge(input.maxBytes);
}

/** The chunks of the body, throwing 413 as soon as more than maxBytes have arrived. */
async function* cappedChunks(input: ReadCappedInput): AsyncGenerator<Uint8Array> {
  assertDeclaredLength(input);
  if (input.body === null) return;
  const reader = input.body.getReader();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      total += value.byteLength;
      if (total > input.maxBytes) throw fileTooLarge(input.maxBytes);
      yield value;
    }
  } finally {
    // Stop the upload when we stop early (413, or the consumer gave up on an error).
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The whole body (at most maxBytes) and the SHA-256 of its exact bytes. */
export async function readCappedBody(input: ReadCappedInput): Promise<{ bytes: Uint8Array; sha256: string }> {
  const hash = createHash("sha256");
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of cappedChunks(input)) {
    hash.update(chunk);
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return { bytes: concat(chunks, total), sha256: hash.digest("hex") };
}

export interface RawLine {
  /** 1-based. */
  line: number;
  /** The line's bytes without its "\n"; null when it was longer than maxLineBytes (dropped as it came). */
  bytes: Uint8Array | null;
}

const NEWLINE = 0x0a;

/**
 * The body split into lines as it arrives. Splitting on the byte 0x0A is safe before decoding:
 * in UTF-8 that byte never occurs inside a multi-byte character. A line longer than
 * maxLineBytes is not buffered: its bytes are dropped and it comes out as `bytes: null`.
 */
export async function* readLines(input: ReadCappedInput & { maxLineBytes: number }): AsyncGenerator<RawLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  const take = (): RawLine => {
    const result: RawLine = { line, bytes: tooLong ? null : concat(parts, length) };
    parts = [];
    length = 0;
    tooLong = false;
    line += 1;
    return result;
  };
  const append = (slice: Uint8Array) => {
    if (tooLong || slice.byteLength === 0) return;
    if (length + slice.byteLength > input.maxLineBytes) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(slice);
    length += slice.byteLength;
  };

  for await (const chunk of cappedChunks(input)) {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      append(chunk.subarray(start, at));
      yield take();
      start = at + 1;
    }
    append(chunk.subarray(start));
  }
  if (length > 0 || tooLong) yield take();
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
