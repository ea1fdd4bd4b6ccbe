/**
 * The app's batch API over real HTTP, as a client sees it (no auth: without Supabase every
 * request is the local user), and polling with generous deadlines instead of timed asserts.
 */
import type { BatchDetails } from "@/lib/batch/types";
import type { BatchConfigInput, BatchItemInput } from "@/lib/batch/schemas";

export function topics(count: number, prefix = "Topic"): BatchItemInput[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: `${prefix} ${i + 1}: a parcel that arrived late`,
    parameters: { turns: 4 },
  }));
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what}: HTTP ${response.status}, not JSON: ${text.slice(0, 500)}`);
  }
}

/** POST /api/batches -> the new job's id (201 expected). */
export async function postBatch(
  baseUrl: string,
  body: { name: string; items: BatchItemInput[]; config?: BatchConfigInput },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/batches`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = await readJson(response, "POST /api/batches");
  if (response.status !== 201)
    throw new Error(`POST /api/batches: HTTP ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  const jobId = (json as { jobId?: unknown }).jobId;
  if (typeof jobId !== "string") throw new Error(`POST /api/batches: no jobId in ${JSON.stringify(json)}`);
  return jobId;
}

/** GET /api/batches/:id */
export async function getBatch(baseUrl: string, jobId: string): Promise<BatchDetails> {
  const response = await fetch(`${baseUrl}/api/batches/${jobId}`, { signal: AbortSignal.timeout(30_000) });
  const json = await readJson(response, `GET /api/batches/${jobId}`);
  if (response.status !== 200)
    throw new Error(`GET /api/batches/${jobId}: HTTP ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json as BatchDetails;
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Named in the timeout error. */
  what: string;
}

/** Calls `probe` until it returns a value (not undefined); fails after timeoutMs with the last value seen. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** Polls the batch until `done(details)` holds. */
export function waitForBatch(
  baseUrl: string,
  jobId: string,
  done: (details: BatchDetails) => boolean,
  options: PollOptions,
): Promise<BatchDetails> {
  return pollUntil(async () => {
    const details = await getBatch(baseUrl, jobId);
    return done(details) ? details : undefined;
  }, options);
}

/** The pid inside a worker id (`${hostname}:${pid}:${random}`). */
export function pidOfWorker(workerId: string): number {
  const parts = workerId.split(":");
  const pid = Number(parts[parts.length - 2]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a worker id: ${workerId}`);
  return pid;
}
