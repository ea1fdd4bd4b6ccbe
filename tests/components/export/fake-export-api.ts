/**
 * An in-memory stand-in for the export routes behind a `fetch` function, so the dialog under
 * test talks to a real APIClient. It answers the pre-flight check from a small data set with
 * known problems (honouring excludeProblems and the alpaca skip rule), serves the download it
 * prepared, and records every request. tests/contract/export checks its answers against the
 * real routes.
 */
import type { APIClient } from "@/lib/api";
import { instantClient, json, requestUrl } from "../support/fake-http";
import type { CreatedExport, ExportPreview, ExportProblem, ExportRequest, ExportSelection } from "@/lib/export/types";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response> | undefined;

export { json };

export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return json({ error: { code, message, ...(details ? { details } : {}), errorId: "err_test_0001" } }, status);
}

export interface FakeConversation {
  id: string;
  title: string;
  turns: number;
  problem?: Omit<ExportProblem, "conversationId" | "title">;
}

/** Ten conversations: two with problems, two multi-turn (the rest are single-turn). */
export function makeDataset(): FakeConversation[] {
  return Array.from({ length: 10 }, (_, index) => ({
    id: `10000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
    title: `Support chat ${index + 1}`,
    turns: index < 2 ? 6 : 2,
    problem:
      index === 3
        ? { kind: "empty_turn", message: "Turn 2 is empty." }
        : index === 4
          ? { kind: "duplicate", message: "Same content as Support chat 3." }
          : undefined,
  }));
}

export class FakeExportApi {
  readonly requests: RecordedRequest[] = [];
  private readonly overrides: Handler[] = [];
  /** Exports prepared by POST /api/exports, by their download URL. */
  private readonly created = new Map<string, CreatedExport>();

  constructor(readonly conversations: FakeConversation[] = makeDataset()) {}

  on(handler: Handler): void {
    this.overrides.push(handler);
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  /** What the server's pre-flight check would answer for this request. */
  preview({ selection, options }: ExportRequest): ExportPreview {
    const chosen =
      selection.kind === "ids"
        ? this.conversations.filter((conversation) => selection.ids.includes(conversation.id))
        : this.conversations;
    const problems: ExportProblem[] = [];
    for (const conversation of chosen) {
      if (conversation.problem)
        problems.push({ ...conversation.problem, conversationId: conversation.id, title: conversation.title });
      if (options.format === "alpaca" && conversation.turns > 2) {
        problems.push({
          kind: "not_single_turn",
          conversationId: conversation.id,
          title: conversation.title,
          message: `${conversation.turns} turns.`,
        });
      }
    }
    const written = chosen.filter(
      (conversation) =>
        !(options.excludeProblems && conversation.problem) && !(options.format === "alpaca" && conversation.turns > 2),
    );
    const turns = written
      .map((conversation) => conversation.turns + (options.systemPrompt ? 1 : 0))
      .sort((a, b) => a - b);
    const validation = options.validationPercent ? Math.round((written.length * options.validationPercent) / 100) : 0;
    return {
      conversations: chosen.length,
      examples: written.length,
      turnsPerExample: {
        min: turns[0] ?? 0,
        median: turns[Math.floor(turns.length / 2)] ?? 0,
        max: turns[turns.length - 1] ?? 0,
      },
      estimatedTokens: written.length * 120,
      problems,
      problemCount: problems.length,
      split: options.validationPercent ? { train: written.length - validation, validation } : null,
    };
  }

  client(): APIClient {
    return instantClient((input, init) => this.fetch(input, init));
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const request: RecordedRequest = { method: init?.method ?? "GET", path: url.pathname, body };
    this.requests.push(request);
    if (init?.signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    for (const handler of this.overrides) {
      const answer = await handler(request);
      if (answer) return answer;
    }
    if (request.method === "POST" && request.path === "/api/exports/preview") {
      if (this.unknownIds((body as ExportRequest).selection).length > 0)
        return apiError(404, "ERR_NOT_FOUND", "Conversation not found");
      return json(this.preview(body as ExportRequest));
    }
    if (request.method === "POST" && request.path === "/api/exports") {
      const { selection, options } = body as ExportRequest;
      if (this.unknownIds(selection).length > 0) return apiError(404, "ERR_NOT_FOUND", "Conversation not found");
      const created: CreatedExport = {
        exportId: "3f6c2a52-7d1e-4b7a-9c0e-5a1d2b3c4d5e",
        downloadUrl: "/api/exports/3f6c2a52-7d1e-4b7a-9c0e-5a1d2b3c4d5e/download",
        fileName: options.validationPercent ? "training-data.zip" : "training-data.jsonl",
        expiresAt: "2026-11-28T13:00:00.000Z",
      };
      this.created.set(created.downloadUrl, created);
      return json(created, 201);
    }
    const prepared = request.method === "GET" ? this.created.get(request.path) : undefined;
    if (prepared) return this.download(prepared);
    return apiError(404, "ERR_NOT_FOUND", "Not found");
  };

  /** Ids of a selection that are not the user's conversations (the routes answer 404 for them). */
  private unknownIds(selection: ExportSelection): string[] {
    if (selection.kind !== "ids") return [];
    return selection.ids.filter((id) => !this.conversations.some((conversation) => conversation.id === id));
  }

  /** GET downloadUrl: the file as an attachment; its content is not modelled. */
  private download({ fileName }: CreatedExport): Response {
    const zip = fileName.endsWith(".zip");
    return new Response(zip ? new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]) : "{}\n", {
      headers: {
        "content-type": zip ? "application/zip" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
      },
    });
  }
}

/** A promise to resolve by hand: holds a fake answer until the test says so. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
