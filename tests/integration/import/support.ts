/**
 * Requests for POST /api/imports and read-backs in plain SQL, so the import tests depend on
 * the schema, not on the code under test.
 */
import { expect } from "vitest";
import { POST as importRoute } from "@/app/api/imports/route";
import type { Queryable } from "@/lib/db/types";

export const BASE = "http://localhost";
export const NO_PARAMS = { params: Promise.resolve({}) };

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: {
      lines?: { line: number; message: string }[];
      lineErrorCount?: number;
      fieldErrors?: Record<string, string[]>;
    } & Record<string, unknown>;
    errorId?: string;
  };
}

export type ImportFormat = "backup" | "messages" | "sharegpt";

export function importRequest(
  format: ImportFormat,
  body: BodyInit | null,
  { headers = {}, query = "" }: { headers?: Record<string, string>; query?: string } = {},
): Request {
  const contentType = format === "backup" ? "application/json" : "application/x-ndjson";
  const init: RequestInit & { duplex?: "half" } = {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  };
  // A ReadableStream body needs duplex "half" in Node's fetch.
  if (body instanceof ReadableStream) init.duplex = "half";
  return new Request(`${BASE}/api/imports?format=${format}${query}`, init);
}

export function postImport(
  format: ImportFormat,
  body: BodyInit | null,
  options?: Parameters<typeof importRequest>[2],
): Promise<Response> {
  return importRoute(importRequest(format, body, options), NO_PARAMS);
}

export async function errorOf(response: Response, status: number): Promise<ErrorBody["error"]> {
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body.error;
}

/** The import rate (10 a minute) would otherwise run out across one file's tests. */
export async function resetRateLimits(db: Queryable): Promise<void> {
  await db.query("delete from public.rate_limit_counters");
}

export interface StoredConversation {
  id: string;
  title: string;
  topic: string;
  status: string;
  metadata: Record<string, unknown>;
  turns: { role: string; content: string }[];
}

/** The user's conversations with their turns in order, oldest line first. */
export async function conversationsOf(db: Queryable, userId: string): Promise<StoredConversation[]> {
  const rows = await db.query<{ doc: StoredConversation }>(
    `select jsonb_build_object(
              'id', c.id, 'title', c.title, 'topic', c.topic, 'status', c.status, 'metadata', c.metadata,
              'turns', coalesce((select jsonb_agg(jsonb_build_object('role', t.role, 'content', t.content) order by t.turn_index)
                                   from public.conversation_turns t where t.conversation_id = c.id), '[]'::jsonb)) as doc
       from public.conversations c
      where c.user_id = $1
      order by (c.metadata->>'line')::int nulls last, c.created_at, c.id`,
    [userId],
  );
  return rows.map((row) => row.doc);
}

export async function countConversations(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>("select count(*)::int as n from public.conversations");
  return Number(row?.n ?? 0);
}

/** A body that records whether anybody read it. */
export function watchedStream(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; pulls: () => number } {
  let pulled = 0;
  let index = 0;
  // highWaterMark 0: nothing is pulled until somebody reads.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled += 1;
        const chunk = chunks[index++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulled };
}
