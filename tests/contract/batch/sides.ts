/**
 * The two sides of the batch contract. Both answer the batch routes and play the server's
 * workers the way FakeBatchApi.work does: complete, then fail (past the retry cap), then
 * start items, in index order. The real side runs each item through the engine's own claim
 * and processClaimedItem with the offline generator (faults injected to fail one), so its
 * answers come from the same code a worker runs.
 */
import { POST as cancelRoute } from "@/app/api/batches/[id]/cancel/route";
import { DELETE as discardRoute, GET as checkpointRoute } from "@/app/api/batches/[id]/checkpoint/route";
import { GET as eventsRoute } from "@/app/api/batches/[id]/events/route";
import { POST as pauseRoute } from "@/app/api/batches/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/batches/[id]/resume/route";
import { POST as retryRoute } from "@/app/api/batches/[id]/retry/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/batches/[id]/route";
import { POST as createRoute } from "@/app/api/batches/route";
import { GET as checkpointsRoute } from "@/app/api/checkpoints/route";
import { eventsUrl } from "@/components/batch/use-batch-events";
import { claimItem, getBatch, type BatchItem, type ClaimedItem } from "@/lib/batch";
import { processClaimedItem, type ItemOutcome } from "@/lib/batch/worker/process-item";
import { recordWorkerHeartbeat } from "@/lib/batch/workers";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { OfflineGenerator } from "@/lib/generation/offline-generator";
import { FakeBatchApi, type WorkOptions } from "@/tests/components/batch/fake-batch-api";
import type { FakeEventSource } from "@/tests/components/batch/fake-event-source";
import type { ContractSide } from "../support/contract";
import { newUser, routeFetch, type RealUser, type Route } from "../support/real-server";

export interface StreamMessage {
  event: string;
  data: unknown;
}

export interface EventReader {
  /** The next `event:` message of the stream (waits for it). */
  next(): Promise<StreamMessage>;
}

export interface BatchSide extends ContractSide {
  work(jobId: string, work: Pick<WorkOptions, "complete" | "fail" | "start">): Promise<void>;
  /** Opens GET /api/batches/:id/events as the browser's EventSource would. */
  events(jobId: string): Promise<EventReader>;
}

const STREAM_WAIT_MS = 10_000;

/** A queue of messages with a waiting reader, shared by both sides' streams. */
class MessageQueue implements EventReader {
  private readonly messages: StreamMessage[] = [];
  private waiting: ((message: StreamMessage) => void) | undefined;

  push(message: StreamMessage): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(message);
    } else this.messages.push(message);
  }

  next(): Promise<StreamMessage> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no stream message within ${STREAM_WAIT_MS} ms`)),
        STREAM_WAIT_MS,
      );
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }
}

export class FakeBatchSide implements BatchSide {
  readonly name = "fake";
  readonly api = new FakeBatchApi();
  private readonly sources: FakeEventSource[] = [];

  fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined)
      Object.assign(init, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    return this.api.fetch(path, init);
  }

  async work(jobId: string, work: WorkOptions): Promise<void> {
    this.api.work(jobId, work);
  }

  async events(jobId: string): Promise<EventReader> {
    const queue = new MessageQueue();
    const source = this.api.events.factory(eventsUrl(jobId)) as FakeEventSource;
    for (const event of ["batch", "end"]) {
      source.addEventListener(event, (message) =>
        queue.push({ event, data: JSON.parse(String((message as MessageEvent).data)) }),
      );
    }
    this.sources.push(source);
    return queue;
  }

  async close(): Promise<void> {
    for (const source of this.sources) source.close();
  }
}

const ROUTES: readonly Route[] = [
  { method: "POST", path: /^\/api\/batches$/, handler: createRoute },
  { method: "GET", path: /^\/api\/checkpoints$/, handler: checkpointsRoute },
  { method: "GET", path: /^\/api\/batches\/(?<id>[^/]+)$/, handler: getRoute },
  { method: "PATCH", path: /^\/api\/batches\/(?<id>[^/]+)$/, handler: patchRoute },
  { method: "GET", path: /^\/api\/batches\/(?<id>[^/]+)\/events$/, handler: eventsRoute },
  { method: "POST", path: /^\/api\/batches\/(?<id>[^/]+)\/pause$/, handler: pauseRoute },
  { method: "POST", path: /^\/api\/batches\/(?<id>[^/]+)\/resume$/, handler: resumeRoute },
  { method: "POST", path: /^\/api\/batches\/(?<id>[^/]+)\/cancel$/, handler: cancelRoute },
  { method: "POST", path: /^\/api\/batches\/(?<id>[^/]+)\/retry$/, handler: retryRoute },
  { method: "GET", path: /^\/api\/batches\/(?<id>[^/]+)\/checkpoint$/, handler: checkpointRoute },
  { method: "DELETE", path: /^\/api\/batches\/(?<id>[^/]+)\/checkpoint$/, handler: discardRoute },
];

const WORKER_ID = "contract-worker";
const LEASE_MS = 60_000;
const succeeding = new OfflineGenerator();
/** A retryable provider error on every call: the item fails until it is out of attempts. */
const failing = new OfflineGenerator({ faults: [{ kind: "server", probability: 1 }] });

export class RealBatchSide implements BatchSide {
  readonly name = "real";
  readonly fetch: ContractSide["fetch"];
  /** Items `start` claimed, finished by a later `work` as a worker would. */
  private readonly claims = new Map<string, ClaimedItem>();
  private readonly streams: Response[] = [];

  private constructor(
    private readonly db: Database,
    private readonly user: RealUser,
  ) {
    this.fetch = routeFetch(ROUTES, user);
  }

  /** A side with a user of its own and a live worker registration (the test plays that worker). */
  static async create(db: Database): Promise<RealBatchSide> {
    await recordWorkerHeartbeat(db, {
      id: WORKER_ID,
      hostname: "contract-test",
      pid: process.pid,
      kind: "loop",
      ttlMs: 30 * 60_000,
    });
    return new RealBatchSide(db, await newUser());
  }

  async work(jobId: string, { complete = 0, fail = 0, start = 0 }: WorkOptions): Promise<void> {
    for (const item of (await this.waiting(jobId)).slice(0, complete))
      assertOutcome(await this.process(jobId, item, succeeding), "completed");
    for (const item of (await this.waiting(jobId)).slice(0, fail)) {
      for (let attempt = item.attempts; attempt < config.batch.maxItemAttempts; attempt += 1) {
        assertOutcome(await this.process(jobId, item, failing), "failed");
      }
    }
    const pending = (await this.items(jobId)).filter((item) => item.status === "pending");
    for (const item of pending.slice(0, start)) this.claims.set(item.id, await this.claim(jobId, item));
  }

  async events(jobId: string): Promise<EventReader> {
    const response = await this.fetch("GET", eventsUrl(jobId));
    if (response.status !== 200 || !response.body) throw new Error(`the event stream answered ${response.status}`);
    this.streams.push(response);
    const queue = new MessageQueue();
    void readServerSentEvents(response.body, queue);
    return queue;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) await stream.body?.cancel().catch(() => undefined);
  }

  private async items(jobId: string): Promise<BatchItem[]> {
    return (await getBatch({ db: this.db, userId: this.user.id, jobId })).items;
  }

  private async waiting(jobId: string): Promise<BatchItem[]> {
    return (await this.items(jobId)).filter((item) => item.status === "pending" || item.status === "running");
  }

  private async claim(jobId: string, item: BatchItem): Promise<ClaimedItem> {
    const claim = await claimItem({
      db: this.db,
      userId: this.user.id,
      jobId,
      itemId: item.id,
      workerId: WORKER_ID,
      leaseMs: LEASE_MS,
      maxAttempts: config.batch.maxItemAttempts,
    });
    if (!claim) throw new Error(`item ${item.index} could not be claimed`);
    return claim;
  }

  private async process(jobId: string, item: BatchItem, generator: OfflineGenerator): Promise<ItemOutcome> {
    const claim = this.claims.get(item.id) ?? (await this.claim(jobId, item));
    this.claims.delete(item.id);
    return processClaimedItem(
      {
        db: this.db,
        workerId: WORKER_ID,
        leaseMs: LEASE_MS,
        maxAttempts: config.batch.maxItemAttempts,
        // No backoff: the next attempt may be claimed at once, as the fake's items are.
        retryDelaysMs: [0],
        defaultRetryAfterMs: 1_000,
        maxRetryAfterMs: 60_000,
        generatorFor: () => generator,
        shutdown: new AbortController().signal,
      },
      claim,
    );
  }
}

function assertOutcome(outcome: ItemOutcome, wanted: ItemOutcome): void {
  if (outcome !== wanted) throw new Error(`the engine's outcome was ${outcome}, not ${wanted}`);
}

/** `event:` / `data:` blocks of a text/event-stream body, pushed as they arrive. */
async function readServerSentEvents(body: ReadableStream<Uint8Array>, queue: MessageQueue): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let boundary = buffer.indexOf("\n\n"); boundary >= 0; boundary = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) queue.push({ event, data: JSON.parse(data) as unknown });
      }
    }
  } catch {
    // Cancelled by close(): the scenario is over.
  }
}
