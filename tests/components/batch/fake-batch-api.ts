/**
 * An in-memory stand-in for the batch routes, behind a `fetch` function: components under
 * test get a real APIClient whose network is this. It follows the HTTP contract (status
 * codes, error shape, pause/resume/cancel/retry, the event streams) closely enough for UI
 * behaviour, and records every request so tests can assert what the UI sent. The server's
 * workers are played by the test: `work()` settles items and streams the change.
 */
import type { APIClient } from "@/lib/api";
import { instantClient, json, requestUrl } from "../support/fake-http";
import { calculateProgress } from "@/lib/batch/processor";
import { FINISHED_JOB_STATUSES, isOpenJobStatus, isTerminalJobStatus, toDisplayStatus } from "@/lib/batch/status";
import type {
  BatchCheckpoint,
  BatchDetails,
  BatchItem,
  BatchJob,
  BatchJobStatus,
  IncompleteBatch,
} from "@/lib/batch/types";
import { eventsUrl } from "@/components/batch/use-batch-events";
import { FakeEventSources } from "./fake-event-source";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response> | undefined;

export { json };

/** The routes' error shape: every error carries the errorId it was logged under. */
export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return json({ error: { code, message, ...(details ? { details } : {}), errorId: "err_fake_0001" } }, status);
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
    notBefore: null,
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
    displayStatus: toDisplayStatus(overrides.status ?? "running", { workerAlive: true }),
    config: { provider: "offline" },
    configHistory: [],
    totalItems: 0,
    createdAt: "2026-11-28T11:00:00.000Z",
    updatedAt: "2026-11-28T12:00:00.000Z",
    startedAt: null,
    completedAt: null,
    ...overrides,
  };
}

export function makeIncomplete(
  overrides: Partial<IncompleteBatch> & { completed?: number; failed?: number; total?: number } = {},
): IncompleteBatch {
  const { completed = 4, failed = 1, total = 10, ...rest } = overrides;
  return {
    checkpointId: fakeId("d"),
    jobId: fakeId("c"),
    name: "Refund requests",
    status: "paused",
    displayStatus: "paused",
    reason: "paused",
    progress: {
      totalItems: total,
      completedItems: completed,
      failedItems: failed,
      pendingItems: total - completed - failed,
      progressPercentage: Math.floor(((completed + failed) * 100) / total),
    },
    retryableFailedItems: failed,
    exhaustedFailedItems: 0,
    config: { provider: "offline", temperature: 0.7 },
    previousConfig: null,
    configHistory: [],
    lastCheckpointAt: "2026-11-28T12:30:00.000Z",
    createdAt: "2026-11-28T11:00:00.000Z",
    updatedAt: "2026-11-28T12:30:00.000Z",
    ...rest,
  };
}

type Stored = { job: BatchJob; items: BatchItem[]; checkpointId: string };

export interface WorkOptions {
  /** Items to complete (pending ones, in order). */
  complete?: number;
  /** Items to fail (pending ones, after the completed ones), with this error. */
  fail?: number;
  error?: BatchItem["lastError"];
  /** Items to mark as with the generator. */
  start?: number;
}

export class FakeBatchApi {
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, Stored>();
  checkpoints: IncompleteBatch[] = [];
  /** Streams the components open; the first message of each is full, as the server's is. */
  readonly events = new FakeEventSources();
  private readonly overrides: Handler[] = [];

  constructor() {
    this.events.onOpen = (source) => {
      // After the component has attached its listeners, like a real connection answering.
      setTimeout(() => {
        const jobId = [...this.jobs.keys()].find((id) => source.url === eventsUrl(id));
        if (!jobId || source.closed) return;
        source.open();
        source.send("batch", { ...this.details(jobId), full: true });
        if (isTerminalJobStatus(this.jobs.get(jobId)!.job.status)) source.send("end", {});
      }, 0);
    };
  }

  /** Answer a request yourself (first matching override wins); return undefined to fall through. */
  on(handler: Handler): void {
    this.overrides.push(handler);
  }

  addJob(job: BatchJob, items: BatchItem[]): BatchDetails {
    const stored = { job: { ...job, totalItems: items.length }, items, checkpointId: fakeId("d") };
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

  /** Plays the server's workers: settles items, streams the changed ones, ends the stream when the batch is done. */
  work(jobId: string, { complete = 0, fail = 0, start = 0, error }: WorkOptions): BatchItem[] {
    const stored = this.jobs.get(jobId)!;
    const changed: BatchItem[] = [];
    const waiting = () => stored.items.filter((item) => item.status === "pending" || item.status === "running");
    for (const item of waiting().slice(0, complete)) {
      Object.assign(item, {
        status: "completed",
        // An item already with the generator counted its attempt when it started.
        attempts: item.status === "running" ? item.attempts : item.attempts + 1,
        leaseOwner: null,
        leaseUntil: null,
        conversationId: fakeId("f"),
        completedAt: "2026-11-28T12:31:00.000Z",
        notBefore: null,
      });
      changed.push(item);
    }
    for (const item of waiting().slice(0, fail)) {
      Object.assign(item, {
        status: "failed",
        attempts: item.maxAttempts,
        leaseOwner: null,
        leaseUntil: null,
        lastError: error ?? {
          code: "ERR_GEN_PROVIDER_ERROR",
          message: "The AI provider had a problem.",
          retryable: true,
          at: "2026-11-28T12:31:00.000Z",
          errorId: "err_fake_item",
        },
      });
      changed.push(item);
    }
    for (const item of stored.items.filter((candidate) => candidate.status === "pending").slice(0, start)) {
      Object.assign(item, {
        status: "running",
        attempts: item.attempts + 1,
        leaseOwner: "fake-worker",
        leaseUntil: new Date(Date.now() + 60_000).toISOString(),
      });
      changed.push(item);
    }
    if (!stored.job.startedAt && changed.length > 0) stored.job.startedAt = new Date(Date.now() - 10_000).toISOString();
    if (stored.job.status === "pending" && changed.length > 0) this.setStatus(stored, "running");
    if (!stored.items.some((item) => item.status === "pending" || item.status === "running")) {
      this.setStatus(
        stored,
        stored.items.some((item) => item.status === "failed") ? "completed_with_errors" : "completed",
      );
      stored.job.completedAt = new Date().toISOString();
    }
    this.push(
      jobId,
      changed.map((item) => ({ ...item })),
    );
    return changed;
  }

  /** Streams the job as it is now (plus the given items) to every open stream of the batch; `end` once final. */
  push(jobId: string, items: BatchItem[] = []): void {
    const { job, progress } = this.details(jobId);
    for (const source of this.events.live(eventsUrl(jobId))) {
      source.send("batch", { job, progress, items, full: false });
      if (isTerminalJobStatus(job.status)) source.send("end", {});
    }
  }

  client(): APIClient {
    return instantClient((input, init) => this.fetch(input, init));
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
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

  private setStatus(stored: Stored, status: BatchJobStatus): void {
    stored.job.status = status;
    stored.job.displayStatus = toDisplayStatus(status, { workerAlive: true });
  }

  private control(stored: Stored): Response {
    this.push(stored.job.id);
    return json({ jobId: stored.job.id, status: stored.job.status, displayStatus: stored.job.displayStatus });
  }

  private async route(request: RecordedRequest): Promise<Response> {
    const { method, path } = request;
    if (method === "GET" && path === "/api/checkpoints") return json({ checkpoints: this.incompleteBatches() });
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
      if (stored) this.setStatus(stored, "cancelled");
      return new Response(null, { status: 204 });
    }
    if (rest === "checkpoint" && method === "GET") {
      const ownJob = this.jobs.get(jobId);
      if (!checkpoint && ownJob && isOpenJobStatus(ownJob.job.status)) return json(this.checkpointOf(ownJob));
      if (!checkpoint || checkpoint.checkpointId === null)
        return apiError(404, "ERR_NOT_FOUND", "Checkpoint not found");
      return json({
        id: checkpoint.checkpointId,
        jobId,
        totalItems: checkpoint.progress.totalItems,
        completedItems: [],
        failedItems: [
          ...Array.from({ length: checkpoint.retryableFailedItems }, (_, index) => ({
            itemId: fakeId("e"),
            error:
              index === 0 ? "The AI provider's rate limit was reached." : "The AI provider is overloaded right now.",
            timestamp: checkpoint.lastCheckpointAt,
            attempts: 1,
            willRetry: true,
          })),
          ...Array.from({ length: checkpoint.exhaustedFailedItems }, () => ({
            itemId: fakeId("e"),
            error: "The AI provider rejected the request.",
            timestamp: checkpoint.lastCheckpointAt,
            attempts: 3,
            willRetry: false,
          })),
        ],
        progressPercentage: checkpoint.progress.progressPercentage,
        lastCheckpointAt: checkpoint.lastCheckpointAt,
        createdAt: checkpoint.createdAt,
        updatedAt: checkpoint.updatedAt,
      });
    }
    if (rest === "" && method === "PATCH") {
      if (!checkpoint && !this.jobs.has(jobId)) return apiError(404, "ERR_NOT_FOUND", "Batch not found");
      const config = (request.body as { config: IncompleteBatch["config"] }).config;
      const stored = this.jobs.get(jobId);
      if (stored?.job.status === "cancelled")
        return apiError(410, "ERR_GONE", "This batch was discarded; its settings can no longer change.");
      if (stored && (FINISHED_JOB_STATUSES as readonly BatchJobStatus[]).includes(stored.job.status)) {
        return apiError(409, "ERR_CONFLICT", "This batch is already finished; its settings can no longer change.");
      }
      if (checkpoint) checkpoint.config = config;
      if (stored) {
        // The same settings again replace nothing.
        if (JSON.stringify(stored.job.config) !== JSON.stringify(config)) {
          const completedItems = stored.items.filter((item) => item.status === "completed").length;
          stored.job.configHistory = [
            ...stored.job.configHistory,
            { config: stored.job.config, replacedAt: new Date().toISOString(), completedItems },
          ];
        }
        stored.job.config = config;
      }
      return json({ job: stored?.job ?? null });
    }
    // The dialog's batches live only as checkpoints: pause/resume/retry answer for them too.
    if (!this.jobs.has(jobId) && checkpoint && method === "POST" && (rest === "resume" || rest === "retry")) {
      const status = "running" as const;
      this.checkpoints = this.checkpoints.filter((entry) => entry.jobId !== jobId);
      return rest === "resume"
        ? json({ jobId, status, displayStatus: "running" })
        : json({
            jobId,
            retried: checkpoint.exhaustedFailedItems + checkpoint.retryableFailedItems,
            status: "pending",
            displayStatus: "queued",
          });
    }

    const stored = this.jobs.get(jobId);
    if (!stored) return apiError(404, "ERR_NOT_FOUND", "Batch not found");
    const status = stored.job.status;
    if (rest === "" && method === "GET") return json(this.details(jobId));
    if (method === "POST" && (rest === "pause" || rest === "resume" || rest === "cancel")) {
      // Cancelling twice is fine; pausing or resuming a cancelled batch is not.
      if (status === "cancelled")
        return rest === "cancel" ? this.control(stored) : apiError(410, "ERR_GONE", "This batch was cancelled.");
      if (status === "completed" || status === "completed_with_errors") {
        return apiError(
          409,
          "ERR_CONFLICT",
          rest === "resume"
            ? "This batch is finished; retry its failed items instead."
            : "This batch is already finished.",
        );
      }
      if (rest === "pause") this.setStatus(stored, "paused");
      // Queued again until a worker claims an item, running if it had started.
      if (rest === "resume" && status === "paused")
        this.setStatus(stored, stored.job.startedAt ? "running" : "pending");
      if (rest === "cancel") this.setStatus(stored, "cancelled");
      return this.control(stored);
    }
    if (rest === "retry" && method === "POST") {
      if (status === "cancelled") return apiError(410, "ERR_GONE", "This batch was cancelled.");
      let retried = 0;
      for (const item of stored.items) {
        if (item.status !== "failed") continue;
        Object.assign(item, { status: "pending", attempts: 0, lastError: null, notBefore: null });
        retried += 1;
      }
      if (retried > 0 && (status === "completed" || status === "completed_with_errors")) {
        this.setStatus(stored, "pending");
        stored.job.completedAt = null;
      }
      return json({ jobId, retried, status: stored.job.status, displayStatus: stored.job.displayStatus });
    }
    return apiError(404, "ERR_NOT_FOUND", "Not found");
  }

  /** GET /api/checkpoints: the ones a test set, then the fake's own batches that need a person (paused, or failed past the retry cap). */
  private incompleteBatches(): IncompleteBatch[] {
    const derived: IncompleteBatch[] = [];
    for (const stored of this.jobs.values()) {
      const { job, items } = stored;
      if (this.checkpoints.some((entry) => entry.jobId === job.id)) continue;
      const failed = items.filter((item) => item.status === "failed");
      const exhausted = failed.filter(
        (item) => item.attempts >= item.maxAttempts || item.lastError?.retryable !== true,
      ).length;
      const open = isOpenJobStatus(job.status);
      if (job.status !== "paused" && !(exhausted > 0 && (open || job.status === "completed_with_errors"))) continue;
      derived.push({
        checkpointId: open ? stored.checkpointId : null,
        jobId: job.id,
        name: job.name,
        status: job.status,
        displayStatus: job.displayStatus,
        reason: job.status === "paused" ? "paused" : "failed_items",
        progress: calculateProgress(items, job.totalItems),
        retryableFailedItems: failed.length - exhausted,
        exhaustedFailedItems: exhausted,
        config: job.config,
        previousConfig: job.configHistory.at(-1)?.config ?? null,
        configHistory: job.configHistory,
        lastCheckpointAt: job.updatedAt,
        createdAt: job.createdAt,
        updatedAt: job.updatedAt,
      });
    }
    return [...this.checkpoints, ...derived];
  }

  /** GET /api/batches/:id/checkpoint for one of the fake's open batches. */
  private checkpointOf({ job, items, checkpointId }: Stored): BatchCheckpoint {
    return {
      id: checkpointId,
      jobId: job.id,
      totalItems: job.totalItems,
      completedItems: items.filter((item) => item.status === "completed").map((item) => item.id),
      failedItems: items
        .filter((item) => item.status === "failed")
        .map((item) => ({
          itemId: item.id,
          error: item.lastError?.message ?? "The item could not be generated.",
          timestamp: item.lastError?.at ?? item.updatedAt,
          ...(item.lastError ? { code: item.lastError.code } : {}),
          attempts: item.attempts,
          willRetry: item.lastError?.retryable === true && item.attempts < item.maxAttempts,
        })),
      progressPercentage: calculateProgress(items, job.totalItems).progressPercentage,
      lastCheckpointAt: job.updatedAt,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }

  private create(body: unknown): Response {
    const input = body as {
      name?: string;
      config?: BatchJob["config"];
      items: { topic: string; parameters?: Record<string, unknown> }[];
    };
    const job = makeJob({ name: input.name ?? "", status: "pending", config: input.config ?? {} });
    const items = input.items.map((item, index) =>
      makeItem(job.id, index, { topic: item.topic, parameters: item.parameters ?? {} }),
    );
    this.addJob(job, items);
    return json({ jobId: job.id, totalItems: items.length, status: "pending" }, 201);
  }
}
