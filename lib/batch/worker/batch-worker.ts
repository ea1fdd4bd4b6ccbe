import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import type { BatchConfig, ConversationGenerator } from "@/lib/generation/types";
import type { ClaimedItem } from "../claim-item";
import { releaseWorkerItems } from "../park-item";
import type { ProviderBudget } from "../provider-budget";
import { recordWorkerHeartbeat, removeWorker } from "../workers";
import { claimNextItem } from "./claim-next";
import { processClaimedItem, type ItemOutcome } from "./process-item";
import { settleOpenJobs } from "./settle-jobs";
import { sleepUntilWoken } from "@/lib/sleep";

export interface BatchWorkerOptions {
  db: Database;
  /** Default: a fresh UUID. Leases name it, so it must be unique per process. */
  id?: string;
  /** loop: a long-lived process; drive: a bounded serverless invocation. */
  kind?: "loop" | "drive";
  budget: ProviderBudget;
  leaseMs?: number;
  maxAttempts?: number;
  retryDelaysMs?: readonly number[];
  defaultRetryAfterMs?: number;
  maxRetryAfterMs?: number;
  idlePollMs?: number;
  busyPollMs?: number;
  heartbeatMs?: number;
  workerTtlMs?: number;
  settleIntervalMs?: number;
  /** Stop claiming after this long (serverless drives); in-flight items still finish. */
  stopClaimingAfterMs?: number;
  /** A drive also ends once nothing has been runnable for this long (nothing to wait for). */
  stopWhenIdleForMs?: number;
  generatorFor?: (config: BatchConfig) => ConversationGenerator;
  /** Called after every item outcome (tests, the CLI's progress lines). */
  onOutcome?: (event: { claim: ClaimedItem; outcome: ItemOutcome }) => void;
  /** Runs once a day on long-lived workers (the backup purge). */
  daily?: { intervalMs: number; run: () => Promise<unknown> };
}

/**
 * The batch engine of one process: claims runnable items of every user's batches under the
 * deployment's provider budget (claimNextItem), generates up to the in-flight limit at
 * once, and saves each outcome in its own transaction (processClaimedItem). PostgreSQL is
 * the coordinator: any number of workers in any number of processes share the work, and a
 * dead one's items are taken over when their leases run out.
 *
 * No loop spins: with nothing claimable it sleeps until the next parked item is due or a
 * poll interval passes, whichever is first, and `wake()` (a batch created or resumed in this
 * process) cuts the sleep short.
 */
export class BatchWorker {
  readonly id: string;
  private readonly options: Required<
    Omit<
      BatchWorkerOptions,
      "id" | "stopClaimingAfterMs" | "stopWhenIdleForMs" | "generatorFor" | "onOutcome" | "daily"
    >
  > &
    Pick<BatchWorkerOptions, "stopClaimingAfterMs" | "stopWhenIdleForMs" | "generatorFor" | "onOutcome" | "daily">;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopClaiming = new AbortController();
  private readonly shutdown = new AbortController();
  private wakeSignal = new AbortController();
  private loop: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private startedAt = 0;
  private stopping: Promise<void> | undefined;
  private stopped = false;
  private beating: Promise<void> = Promise.resolve();

  constructor(options: BatchWorkerOptions) {
    this.id = options.id ?? `${os.hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.options = {
      db: options.db,
      kind: options.kind ?? "loop",
      budget: options.budget,
      leaseMs: options.leaseMs ?? config.batch.leaseMs,
      maxAttempts: options.maxAttempts ?? config.batch.maxItemAttempts,
      retryDelaysMs: options.retryDelaysMs ?? config.batch.retryDelaysMs,
      defaultRetryAfterMs: options.defaultRetryAfterMs ?? config.batch.defaultRetryAfterMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? config.batch.maxRetryAfterMs,
      idlePollMs: options.idlePollMs ?? config.batch.idlePollMs,
      busyPollMs: options.busyPollMs ?? config.batch.busyPollMs,
      heartbeatMs: options.heartbeatMs ?? config.batch.workerHeartbeatMs,
      workerTtlMs: options.workerTtlMs ?? config.batch.workerTtlMs,
      settleIntervalMs: options.settleIntervalMs ?? config.batch.settleIntervalMs,
      stopClaimingAfterMs: options.stopClaimingAfterMs,
      stopWhenIdleForMs: options.stopWhenIdleForMs,
      generatorFor: options.generatorFor,
      onOutcome: options.onOutcome,
      daily: options.daily,
    };
  }

  /** Items this worker is generating right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get isClaiming(): boolean {
    return this.loop !== undefined && !this.stopClaiming.signal.aborted;
  }

  /** Starts the loop (once). Resolves when the worker is registered as alive. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.startedAt = Date.now();
    await this.heartbeat();
    this.timers.push(
      setInterval(() => {
        this.beating = this.beating.then(() => this.heartbeat());
      }, this.options.heartbeatMs),
    );
    this.timers.push(setInterval(() => void this.settle(), this.options.settleIntervalMs));
    const daily = this.options.daily;
    if (daily) {
      // Once soon after start (a process restarted daily still purges), then every interval.
      this.timers.push(setTimeout(() => void this.runDaily(daily.run), 5_000));
      this.timers.push(setInterval(() => void this.runDaily(daily.run), daily.intervalMs));
    }
    for (const timer of this.timers) timer.unref?.();
    this.loop = this.run();
  }

  /** Look for work now (a batch was created or resumed in this process). */
  wake(): void {
    this.wakeSignal.abort();
  }

  /** Resolves when the loop has ended by itself (a drive's deadline or idleness) or by stop(). */
  async finished(): Promise<void> {
    await this.loop;
  }

  /**
   * Graceful stop: no new claims at once; items in flight get `graceMs` to finish and save;
   * whatever is still running then is interrupted and handed back (pending again, the
   * attempt returned), and the worker leaves the registry.
   */
  stop(graceMs: number = config.batch.shutdownGraceMs): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.stopClaiming.abort();
    this.wake();
    await this.loop;
    const settled = Promise.all(this.inFlight.values());
    const timedOut = await Promise.race([settled.then(() => false), sleepUntilWoken(graceMs).then(() => true)]);
    if (timedOut) {
      this.shutdown.abort();
      await settled;
    }
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.stopped = true;
    await this.beating;
    try {
      await releaseWorkerItems(this.options.db, this.id);
      await removeWorker(this.options.db, this.id);
    } catch (error) {
      // The database is gone too: the leases run out by themselves and the row expires.
      errorLogger.warn(error, { workerId: this.id, stage: "worker stop" });
    }
  }

  private async run(): Promise<void> {
    let idleSince: number | undefined;
    while (!this.stopClaiming.signal.aborted) {
      if (this.deadlinePassed()) break;
      if (this.inFlight.size >= this.options.budget.maxInFlight) {
        await this.waitForWake(this.options.idlePollMs);
        continue;
      }
      let waitMs: number;
      try {
        const result = await claimNextItem({
          db: this.options.db,
          workerId: this.id,
          leaseMs: this.options.leaseMs,
          maxAttempts: this.options.maxAttempts,
          budget: this.options.budget,
          max: this.options.budget.maxInFlight - this.inFlight.size,
        });
        if (result.kind === "claimed") {
          idleSince = undefined;
          for (const claim of result.claims) this.launch(claim);
          continue;
        }
        if (result.kind === "wait") {
          idleSince = undefined;
          waitMs = result.reason === "in_flight" ? this.options.busyPollMs : result.waitMs;
        } else if (result.nextInMs !== null) {
          // Parked items come due later: waiting for them is work, not idleness.
          idleSince = undefined;
          waitMs = Math.min(this.options.idlePollMs, result.nextInMs);
        } else {
          idleSince ??= Date.now();
          const idleLimit = this.options.stopWhenIdleForMs;
          if (idleLimit !== undefined && this.inFlight.size === 0 && Date.now() - idleSince >= idleLimit) break;
          waitMs = this.options.idlePollMs;
        }
      } catch (error) {
        // The database is away: try again shortly, never in a tight loop.
        errorLogger.warn(error, { workerId: this.id, stage: "claim" });
        waitMs = this.options.idlePollMs;
      }
      await this.waitForWake(Math.max(5, Math.min(waitMs, this.untilDeadlineMs())));
    }
  }

  private untilDeadlineMs(): number {
    const limit = this.options.stopClaimingAfterMs;
    return limit === undefined ? Number.POSITIVE_INFINITY : this.startedAt + limit - Date.now();
  }

  private deadlinePassed(): boolean {
    return this.untilDeadlineMs() <= 0;
  }

  private async waitForWake(ms: number): Promise<void> {
    // Woken while busy (an item finished during the claim): look again at once.
    if (this.wakeSignal.signal.aborted) {
      this.wakeSignal = new AbortController();
      return;
    }
    // Only the wake signal: stop() aborts stopClaiming and then wakes, and a combined signal
    // (AbortSignal.any) per wait would leak one dependant entry per wait on Node 20.
    await sleepUntilWoken(ms, this.wakeSignal.signal);
    if (this.wakeSignal.signal.aborted) this.wakeSignal = new AbortController();
  }

  private launch(claim: ClaimedItem): void {
    const key = `${claim.item.id}:${claim.attempt}`;
    const work = processClaimedItem(
      {
        db: this.options.db,
        workerId: this.id,
        leaseMs: this.options.leaseMs,
        maxAttempts: this.options.maxAttempts,
        retryDelaysMs: this.options.retryDelaysMs,
        defaultRetryAfterMs: this.options.defaultRetryAfterMs,
        maxRetryAfterMs: this.options.maxRetryAfterMs,
        generatorFor: this.options.generatorFor,
        shutdown: this.shutdown.signal,
      },
      claim,
    ).then((outcome) => {
      this.inFlight.delete(key);
      try {
        this.options.onOutcome?.({ claim, outcome });
      } catch (error) {
        errorLogger.warn(error, { workerId: this.id, stage: "onOutcome" });
      }
      // A slot is free: claim the next item without waiting for a poll.
      this.wake();
    });
    this.inFlight.set(key, work);
  }

  private async heartbeat(): Promise<void> {
    // A heartbeat still in flight when stop() removed the row must not bring it back.
    if (this.shutdown.signal.aborted || this.stopped) return;
    try {
      await recordWorkerHeartbeat(this.options.db, {
        id: this.id,
        hostname: os.hostname(),
        pid: process.pid,
        kind: this.options.kind,
        ttlMs: this.options.workerTtlMs,
      });
    } catch (error) {
      errorLogger.warn(error, { workerId: this.id, stage: "heartbeat" });
    }
  }

  private async settle(): Promise<void> {
    try {
      await settleOpenJobs(this.options.db, this.options.maxAttempts);
    } catch (error) {
      errorLogger.warn(error, { workerId: this.id, stage: "settle" });
    }
  }

  private async runDaily(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      errorLogger.warn(error, { workerId: this.id, stage: "daily" });
    }
  }
}
