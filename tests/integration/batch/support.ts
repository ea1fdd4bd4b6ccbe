/**
 * Test seams for the batch suite: a deterministic generator that counts provider calls and
 * fails exactly where a test says (a legitimate ConversationGenerator, not a database mock),
 * and small helpers that read the batch tables with plain SQL.
 */
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { claimItem } from "@/lib/batch/claim-item";
import { processClaimedItem, type ItemOutcome } from "@/lib/batch/worker/process-item";
import type { Database, Queryable } from "@/lib/db/types";
import type { ConversationGenerator, GeneratedConversation, GenerationItem } from "@/lib/generation/types";
import { sleep } from "@/lib/sleep";

export interface ScriptedGeneratorPlan {
  /** How many first calls for this topic fail (Infinity: every call). Default 0. */
  failuresFor?: (topic: string) => number;
  /** What a planned failure throws. Default: a retryable provider error (HTTP 500). */
  errorFor?: (topic: string) => Error;
  /** Waits before answering (abortable): lets runners overlap. */
  latencyMs?: number;
}

export class ScriptedGenerator implements ConversationGenerator {
  readonly name = "offline" as const;
  calls = 0;
  failures = 0;
  readonly callsByTopic = new Map<string, number>();

  constructor(private readonly plan: ScriptedGeneratorPlan = {}) {}

  async generateConversation(
    item: GenerationItem,
    _config: unknown,
    signal?: AbortSignal,
  ): Promise<GeneratedConversation> {
    this.calls += 1;
    const call = (this.callsByTopic.get(item.topic) ?? 0) + 1;
    this.callsByTopic.set(item.topic, call);
    if (this.plan.latencyMs) await sleep(this.plan.latencyMs, signal);
    else await Promise.resolve();
    if (call <= (this.plan.failuresFor?.(item.topic) ?? 0)) {
      this.failures += 1;
      throw this.plan.errorFor?.(item.topic) ?? providerError();
    }
    return {
      title: `About ${item.topic}`,
      turns: [
        { role: "user", content: `Tell me about ${item.topic}.` },
        { role: "assistant", content: `Here is what I know about ${item.topic}.` },
      ],
    };
  }
}

export function providerError(): GenerationError {
  return new GenerationError(ErrorCode.GEN_PROVIDER_ERROR, "The AI provider answered api_error (HTTP 500)", {
    provider: "offline",
    isRecoverable: true,
  });
}

export function rateLimitError(retryAfter = 7, shouldRetry?: boolean): GenerationError {
  return new GenerationError(ErrorCode.GEN_RATE_LIMIT, "The AI provider answered rate_limit_error (HTTP 429)", {
    provider: "offline",
    isRecoverable: true,
    retryAfter,
    shouldRetry,
  });
}

/** A 529 that says how long to stay away, as an overloaded provider does. */
export function overloadedError(retryAfter: number): GenerationError {
  return new GenerationError(ErrorCode.GEN_PROVIDER_ERROR, "The AI provider answered overloaded_error (HTTP 529)", {
    provider: "offline",
    isRecoverable: true,
    retryAfter,
  });
}

export function authError(): GenerationError {
  return new GenerationError(ErrorCode.GEN_AUTH_FAILED, "The AI provider answered authentication_error (HTTP 401)", {
    provider: "anthropic",
    isRecoverable: false,
  });
}

export function topics(count: number, prefix = "Topic"): { topic: string }[] {
  return Array.from({ length: count }, (_, i) => ({ topic: `${prefix} ${i + 1}` }));
}

export interface ItemSnapshot {
  id: string;
  item_index: number;
  topic: string;
  status: string;
  attempts: number;
  conversations: number;
  lease_owner: string | null;
}

/** Every item of a job with how many conversations point at it. */
export async function itemSnapshot(db: Queryable, jobId: string): Promise<ItemSnapshot[]> {
  return db.query<ItemSnapshot & Record<string, unknown>>(
    `select i.id, i.item_index, i.topic, i.status, i.attempts, i.lease_owner,
            (select count(*)::int from public.conversations c where c.batch_item_id = i.id) as conversations
       from public.batch_items i where i.job_id = $1 order by i.item_index`,
    [jobId],
  );
}

export async function countRows(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return Number(row?.n ?? 0);
}

/** A fingerprint of the batch tables, to prove a rejected request changed nothing. */
export async function batchFingerprint(db: Queryable): Promise<string> {
  const [row] = await db.query(
    `select
       (select md5(coalesce(string_agg(j::text, '|' order by j.id), '')) from public.batch_jobs j) as jobs,
       (select md5(coalesce(string_agg(i::text, '|' order by i.id), '')) from public.batch_items i) as items,
       (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from public.batch_checkpoints c) as checkpoints,
       (select count(*)::int from public.conversations) as conversations`,
  );
  return JSON.stringify(row);
}

/**
 * One item through the engine's own path, without a worker loop: claim it (outside the
 * budget, which these tests do not exercise) and let processClaimedItem generate and save
 * it. Returns the outcome, or null when the item could not be claimed.
 */
export async function runItemOnce(input: {
  db: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  generator: ConversationGenerator;
  maxAttempts?: number;
}): Promise<ItemOutcome | null> {
  const maxAttempts = input.maxAttempts ?? 3;
  const claim = await claimItem({ ...input, leaseMs: 5_000, maxAttempts });
  if (!claim) return null;
  return processClaimedItem(
    {
      db: input.db,
      workerId: input.workerId,
      leaseMs: 5_000,
      maxAttempts,
      retryDelaysMs: [0],
      defaultRetryAfterMs: 1_000,
      maxRetryAfterMs: 60_000,
      generatorFor: () => input.generator,
      shutdown: new AbortController().signal,
    },
    claim,
  );
}
