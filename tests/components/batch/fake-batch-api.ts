/**
 * An in-memory stand-in for the batch routes, behind a `fetch` function: components under
 * test get a real APIClient whose network is this. It follows the HTTP contract (status
 * codes, error shape, exactly-once generate) closely enough for UI behaviour, and records
 * every request so tests can assert what the UI sent.
 */
import { APIClient } from "@/lib/api";
import type { BatchDetails, BatchItem, BatchJob, IncompleteBatch } from "@/lib/batch/types";
import { calculateProgress } from "@/lib/batch/processor";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response> | undefined;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return json({ error: { code, message, ...(details ? { details } : {}) } }, status);
}

let counter = 0;
/** Deterministic UUID-shaped ids, distinct per call. */
export function fakeId(prefix = "a"): string {
  counter += 1;
  const tail = String(counter).padStart(12, "0");
  return `${prefix.repeat(8).slice(0, 8)}-0000-4000-8000-${tail}`;
}

export function makeItem(jobId: string, index: number, overrides: Partial<BatchItem> = {}): BatchItem {
  return {
    id: fakeId("b"),
    index,
    topic: `Topic ${index + 1}`,
    parameters: {},
    status: "pending",
    attempts: 0,
    maxAttempts: 3,
    lastError: null,
    leaseOwner: null,
    leaseUntil: null,
    conversationId: null,
    completedAt: null,
    updatedAt: "2026-11-28T12:00:00.000Z",
    ...overrides,
  };
}

export function makeJob(overrides: Partial<BatchJob> = {}): BatchJob {
  return {
    id: fakeId("c"),
    name: "Refund requests",
    status: "running",
    config: { provider: "offline" },
    configHistory: [],
    totalItems: 0,
    createdAt: "2026-11-28T11:00:00.000Z",
    updatedAt: "2026-11-28T12:00:00.000Z",
    completedAt: null,
    ...overrides,
  };
}

export function makeIncomplete(overrides: Partial<IncompleteBatch> & { completed?: number; failed?: number; total?: number } = {}): IncompleteBatch {
  const { completed = 4, failed = 1, total = 10, ...rest } = overrides;
  return {
    checkpointId: fakeId("d"),
    jobId: fakeId("c"),
    name: "Refund requests",
    status: "paused",
    progress: {
      totalItems: total,
      completedItems: completed,
      failedItems: failed,
      pendingItems: total - completed - failed,
      progressPercentage: Math.floor(((completed + failed) * 100) / total),
    },
    retryableFailedItems: failed,
    exhaustedFailedItems: 0,
    runningElsewhere: false,
    config: { provider: "offline", temperature: 0.7 },
    previousConfig: null,
    configHistory: [],
    lastCheckpointAt: "2026-11-28T12:30:00.000Z",
    createdAt: "2026-11-28T11:00:00.000Z",
    updatedAt: "2026-11-28T12:30:00.000Z",
    ...rest,
  };
}

/** What the fake generator does with one item: succeed, or answer with an HTTP error. */
export type GenerateBehaviour = (item: BatchItem, attempt: number) => "ok" | Response | Promise<"ok" | Response>;

export class FakeBatchApi {
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, { job: BatchJob; items: BatchItem[] }>();
  checkpoints: IncompleteBatch[] = [];
  generate: GenerateBehaviour = () => "ok";
  /** Generated conversations per item id: a test asserts none is made twice. */
  readonly generatedCount = new Map<string, number>();
  private readonly overrides: Handler[] = [];

  /** Answer a request yourself (first matching override wins); return undefined to fall through. */
  on(handler: Handler): void {
    this.overrides.push(handler);
  }

  addJob(job: BatchJob, items: BatchItem[]): BatchDetails {
    const stored = { job: { ...job, totalItems: items.length }, items };
    this.jobs.set(job.id, stored);
    return this.details(job.id);
  }

  details(jobId: string): BatchDetails {
    const stored = this.jobs.get(jobId);
    if (!stored) throw new Error(`no job ${jobId}`);
    const items = stored.items.map((item) => ({ ...item }));
    return { job: { ...stored.job }, progress: calculateProgress(items, stored.job.totalItems), items };
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && pattern.test(request.path));
  }

  client(): APIClient {
    return new APIClient({
      fetch: (input, init) => this.fetch(input, init),
      // No waiting in tests: retries happen at once, the limiter never queues.
      retry: { delaysMs: [0, 0, 0, 0, 0], jitterRatio: 0 },
      rateLimit: { maxRequests: 10_000, windowMs: 1_000, maxConcurrent: 10 },
    });
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://app.test");
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const request: RecordedRequest = { method: init?.method ?? "GET", path: url.pathname, headers, body };
    this.requests.push(request);
    if (init?.signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    for (const handler of this.overrides) {
      const answer = await handler(request);
      if (answer) return answer;
    }
    return this.route(request);
  };

  private async route(request: RecordedRequest): Promise<Response> {
    const { method, path } = request;
    if (method === "GET" && path === "/api/checkpoints") return json({ checkpoints: this.checkpoints });
    if (method === "POST" && path === "/api/batches") return this.create(request.body);

    const match = /^\/api\/batches\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (!match) return apiError(404, "ERR_NOT_FOUND", "Not found");
    const jobId = match[1] ?? "";
    const rest = match[2] ?? "";
    const checkpoint = this.checkpoints.find((entry) => entry.jobId === jobId);

    if (rest === "checkpoint" && method === "DELETE") {
      if (!checkpoint && !this.jobs.has(jobId)) return apiError(404, "ERR_NOT_FOUND", "Batch not found");
      this.checkpoints = this.checkpoints.filter((entry) => entry.jobId !== jobId);
      const stored = this.jobs.get(jobId);
      if (stored) stored.job.status = "cancelled";
      return new Response(null, { status: 204 });
    }
    if (rest === "checkpoint" && method === "GET") {
      if (!checkpoint) return apiError(404, "ERR_NOT_FOUND", "Checkpoint not found");
      return json({
        id: checkpoint.checkpointId,
        jobId,
        totalItems: checkpoint.progress.totalItems,
        completedItems: [],
        failedItems: Array.from({ length: checkpoint.retryableFailedItems }, (_, index) => ({
          itemId: fakeId("e"),
          error: index === 0 ? "The AI provider's rate limit was reached." : "The AI provider is overloaded right now.",
          timestamp: checkpoint.lastCheckpointAt,
          attempts: 1,
          willRetry: true,
        })),
        progressPercentage: checkpoint.progress.progressPercentage,
        lastCheckpointAt: checkpoint.lastCheckpointAt,
        createdAt: checkpoint.createdAt,
        updatedAt: checkpoint.updatedAt,
      });
    }
    if (rest === "" && method === "PATCH") {
      if (!checkpoint && !this.jobs.has(jobId)) return apiError(404, "ERR_NOT_FOUND", "Batch not found");
      const config = (request.body as { config: IncompleteBatch["config"] }).config;
      if (checkpoint) checkpoint.config = config;
      const stored = this.jobs.get(jobId);
      if (stored) stored.job.config = config;
      return json({ job: stored?.job ?? null });
    }

    const stored = this.jobs.get(jobId);
    if (!stored) return apiError(404, "ERR_NOT_FOUND", "Batch not found");
    if (rest === "" && method === "GET") return json(this.details(jobId));
    if (rest === "heartbeat") return new Response(null, { status: 204 });
    if (rest === "retry" && method === "POST") {
      let retried = 0;
      for (const item of stored.items) {
        if (item.status !== "failed") continue;
        Object.assign(item, { status: "pending", attempts: 0, lastError: null });
        retried += 1;
      }
      if (retried > 0 && (stored.job.status === "completed" || stored.job.status === "completed_with_errors")) stored.job.status = "pending";
      return json({ jobId, retried, status: stored.job.status });
    }
    const generate = /^items\/([^/]+)\/generate$/.exec(rest);
    if (generate && method === "POST") return this.generateItem(stored, generate[1] ?? "", request);
    return apiError(404, "ERR_NOT_FOUND", "Not found");
  }

  private create(body: unknown): Response {
    const input = body as { name?: string; items: { topic: string; parameters?: Record<string, unknown> }[] };
    const job = makeJob({ name: input.name ?? "", status: "pending" });
    const items = input.items.map((item, index) => makeItem(job.id, index, { topic: item.topic, parameters: item.parameters ?? {} }));
    this.addJob(job, items);
    return json({ jobId: job.id, totalItems: items.length, status: "pending" }, 201);
  }

  private async generateItem(stored: { job: BatchJob; items: BatchItem[] }, itemId: string, request: RecordedRequest): Promise<Response> {
    const item = stored.items.find((candidate) => candidate.id === itemId);
    if (!item) return apiError(404, "ERR_NOT_FOUND", "Batch item not found");
    if (stored.job.status === "cancelled") return apiError(410, "ERR_GONE", "This batch was discarded.");
    if (item.status === "completed") return json({ item: { ...item }, conversation: this.conversation(item), alreadyCompleted: true });
    if (item.attempts >= item.maxAttempts) {
      return apiError(409, "ERR_CONFLICT", "Out of attempts", { itemId, reason: "out_of_attempts" });
    }
    item.attempts += 1;
    item.status = "running";
    item.leaseOwner = request.headers["x-runner-id"] ?? null;
    const outcome = await this.generate(item, item.attempts);
    if (outcome !== "ok") {
      Object.assign(item, { status: "failed", leaseOwner: null, lastError: { code: "ERR_GEN_PROVIDER_ERROR", message: "The AI provider had a problem.", retryable: true, at: "2026-11-28T12:31:00.000Z" } });
      this.finishIfDone(stored);
      return outcome;
    }
    this.generatedCount.set(item.id, (this.generatedCount.get(item.id) ?? 0) + 1);
    Object.assign(item, { status: "completed", leaseOwner: null, conversationId: fakeId("f"), completedAt: "2026-11-28T12:31:00.000Z" });
    this.finishIfDone(stored);
    return json({ item: { ...item }, conversation: this.conversation(item), alreadyCompleted: false });
  }

  private finishIfDone(stored: { job: BatchJob; items: BatchItem[] }): void {
    const open = stored.items.some((item) => item.status === "pending" || item.status === "running" || (item.status === "failed" && item.attempts < item.maxAttempts));
    if (open) {
      if (stored.job.status === "pending") stored.job.status = "running";
      return;
    }
    stored.job.status = stored.items.some((item) => item.status === "failed") ? "completed_with_errors" : "completed";
  }

  private conversation(item: BatchItem) {
    return {
      id: item.conversationId ?? "",
      title: `About ${item.topic}`,
      topic: item.topic,
      persona: null,
      emotion: null,
      createdAt: "2026-11-28T12:31:00.000Z",
      turns: [],
    };
  }
}
