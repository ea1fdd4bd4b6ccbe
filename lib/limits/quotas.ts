import "server-only";
import { config } from "@/lib/config";
import type { Queryable, Transaction } from "@/lib/db/types";
import { serverEnv } from "@/lib/env";
import { APIError, ValidationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { formatBytes } from "@/lib/format";

/*
 * Per-user limits on expensive work (config.limits), checked on the server in the same
 * transaction as the work they guard. A limit that frees itself soon (batches running at
 * once) is a 429 with Retry-After; a quota (items a day, backups) is a 403. Both name the
 * limit in the message and in details.limit.
 */

/** Advisory-lock key space of the per-user quota lock (any constant no other lock uses). */
const QUOTA_LOCK_CLASS = 7_236_451;

/**
 * Serialises one user's quota checks for the rest of the transaction, so two requests at
 * once cannot both pass a check that only one of them fits.
 */
export async function lockUserQuotas(tx: Transaction, userId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock($1::int, hashtext($2))", [QUOTA_LOCK_CLASS, userId]);
}

function quotaExceeded(limit: string, message: string, max: number, used: number): APIError {
  return new APIError(ErrorCode.API_FORBIDDEN, message, { status: 403, details: { limit, max, used } });
}

function tooManyAtOnce(limit: string, message: string, max: number, used: number, retryAfter: number): APIError {
  return new APIError(ErrorCode.API_RATE_LIMIT, message, { status: 429, retryAfter, details: { limit, max, used } });
}

/**
 * Before a batch is created (newItems > 0) or set running again (resume, retry): at most
 * config.limits.maxActiveBatches queued or running at once (429), and at most
 * config.limits.maxItemsPerDay items in batches created in the last 24 hours (403).
 * Call inside the transaction that does the work, after lockUserQuotas.
 */
export async function assertBatchQuotas(
  tx: Queryable,
  input: { userId: string; newItems: number; excludeJobId?: string },
): Promise<void> {
  const [row] = await tx.query<{ active: number; items_today: number }>(
    `select
       (select count(*)::int from public.batch_jobs
         where user_id = $1 and status in ('pending', 'running') and id is distinct from $2::uuid) as active,
       (select coalesce(sum(total_items), 0)::int from public.batch_jobs
         where user_id = $1 and created_at > now() - interval '24 hours') as items_today`,
    [input.userId, input.excludeJobId ?? null],
  );
  const active = Number(row?.active ?? 0);
  const itemsToday = Number(row?.items_today ?? 0);
  const { maxActiveBatches, maxItemsPerDay } = config.limits;
  if (active >= maxActiveBatches) {
    throw tooManyAtOnce(
      "limits.maxActiveBatches",
      `You already have ${active} batches queued or running; at most ${maxActiveBatches} run at once. ` +
        "Wait for one to finish, or pause or cancel one.",
      maxActiveBatches,
      active,
      60,
    );
  }
  if (input.newItems > 0 && itemsToday + input.newItems > maxItemsPerDay) {
    throw quotaExceeded(
      "limits.maxItemsPerDay",
      `This batch would bring your items in the last 24 hours to ${itemsToday + input.newItems}; ` +
        `the daily quota is ${maxItemsPerDay} items (${Math.max(0, maxItemsPerDay - itemsToday)} left).`,
      maxItemsPerDay,
      itemsToday,
    );
  }
}

/**
 * Backups: at most config.limits.maxBackups unexpired backups and config.limits.maxBackupBytes
 * in all (403). Checked twice in the backup's transaction: "before" writing (room for one
 * more?) and "after" (does the new one, now counted with its size, still fit?).
 */
export async function assertBackupQuota(
  tx: Queryable,
  input: { userId: string; phase: "before" | "after" },
): Promise<void> {
  const [row] = await tx.query<{ backups: number; bytes: number }>(
    `select count(*)::int as backups, coalesce(sum(size_bytes), 0)::bigint as bytes
       from public.backup_exports where user_id = $1 and expires_at > now()`,
    [input.userId],
  );
  const backups = Number(row?.backups ?? 0);
  const bytes = Number(row?.bytes ?? 0);
  const { maxBackups, maxBackupBytes } = config.limits;
  if (input.phase === "before" && backups >= maxBackups) {
    throw quotaExceeded(
      "limits.maxBackups",
      `You have ${backups} backups; the quota is ${maxBackups}. Download and delete old ones, or wait for them to expire.`,
      maxBackups,
      backups,
    );
  }
  if (input.phase === "before" ? bytes >= maxBackupBytes : bytes > maxBackupBytes) {
    throw quotaExceeded(
      "limits.maxBackupBytes",
      `Your backups ${input.phase === "after" ? "would " : ""}take ${formatBytes(bytes)}; the quota is ${formatBytes(maxBackupBytes)} in all.`,
      maxBackupBytes,
      bytes,
    );
  }
}

/** The models a batch may name: config.generation.allowedModels and the server's ANTHROPIC_MODEL. */
export function allowedModels(): string[] {
  const configured = serverEnv().ANTHROPIC_MODEL;
  const list: string[] = [...config.generation.allowedModels];
  return list.includes(configured) ? list : [...list, configured];
}

/** 400 naming config.model when a batch asks for a model outside the allow-list. */
export function assertModelAllowed(model: string | undefined, field = "config.model"): void {
  if (model === undefined) return;
  const allowed = allowedModels();
  if (!allowed.includes(model)) {
    throw new ValidationError(`The model "${model.slice(0, 100)}" is not allowed on this server.`, {
      [field]: [`must be one of: ${allowed.join(", ")}`],
    });
  }
}
