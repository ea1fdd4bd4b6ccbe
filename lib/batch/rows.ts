import "server-only";
import { config } from "@/lib/config";
import type { Row } from "@/lib/db/types";
import type { BatchConfig, ProviderName } from "@/lib/generation/types";
import type { BatchItemStatus } from "./processor";
import { toDisplayStatus } from "./status";
import type { BatchItem, BatchJob, BatchJobStatus, ConfigChange, ItemError } from "./types";

/*
 * Database rows of the batch tables and their API shapes. One place for the column lists,
 * so every query returns what the mappers expect.
 */

export interface JobRow extends Row {
  id: string;
  name: string;
  status: BatchJobStatus;
  config: unknown;
  config_history: unknown;
  total_items: number;
  completed_count: number;
  failed_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
}

export const JOB_COLUMNS = `j.id, j.name, j.status, j.config, j.config_history, j.total_items,
  j.completed_count, j.failed_count, j.created_at, j.updated_at, j.started_at, j.completed_at`;

export interface ItemRow extends Row {
  id: string;
  job_id: string;
  item_index: number;
  topic: string;
  parameters: unknown;
  status: BatchItemStatus;
  attempts: number;
  last_error: unknown;
  lease_owner: string | null;
  lease_until: Date | string | null;
  not_before: Date | string | null;
  conversation_id: string | null;
  completed_at: Date | string | null;
  updated_at: Date | string;
}

const ITEM_COLUMN_NAMES = [
  "id",
  "job_id",
  "item_index",
  "topic",
  "parameters",
  "status",
  "attempts",
  "last_error",
  "lease_owner",
  "lease_until",
  "not_before",
  "conversation_id",
  "completed_at",
  "updated_at",
] as const;

/** The batch_items columns an ItemRow holds, optionally qualified by a table alias. */
export function itemColumns(alias?: string): string {
  return ITEM_COLUMN_NAMES.map((name) => (alias ? `${alias}.${name}` : name)).join(", ");
}

export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : iso(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const PROVIDERS: readonly ProviderName[] = ["offline", "anthropic"];

/** The stored config, reduced to the keys the app knows (it was validated on the way in). */
export function toBatchConfig(value: unknown): BatchConfig {
  const raw = asRecord(value);
  const result: BatchConfig = {};
  if (typeof raw.provider === "string" && (PROVIDERS as readonly string[]).includes(raw.provider)) {
    result.provider = raw.provider as ProviderName;
  }
  if (typeof raw.model === "string") result.model = raw.model;
  if (typeof raw.temperature === "number") result.temperature = raw.temperature;
  return result;
}

export function toConfigHistory(value: unknown): ConfigChange[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const raw = asRecord(entry);
    return {
      config: toBatchConfig(raw.config),
      replacedAt:
        typeof raw.replacedAt === "string" && !Number.isNaN(Date.parse(raw.replacedAt))
          ? iso(raw.replacedAt)
          : iso(new Date(0)),
      completedItems: typeof raw.completedItems === "number" ? raw.completedItems : 0,
    };
  });
}

/** `workerAlive`: whether any worker of the deployment is alive (else an open job shows "interrupted"). */
export function toJob(row: JobRow, workerAlive: boolean): BatchJob {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    displayStatus: toDisplayStatus(row.status, { workerAlive }),
    config: toBatchConfig(row.config),
    configHistory: toConfigHistory(row.config_history),
    totalItems: Number(row.total_items),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    startedAt: isoOrNull(row.started_at),
    completedAt: isoOrNull(row.completed_at),
  };
}

function toItemError(value: unknown): ItemError | null {
  if (value === null || value === undefined) return null;
  const raw = asRecord(value);
  const error: ItemError = {
    code: typeof raw.code === "string" ? raw.code : "ERR_UNKNOWN",
    message: typeof raw.message === "string" ? raw.message : "The item could not be generated.",
    retryable: raw.retryable === true,
    at: typeof raw.at === "string" ? raw.at : new Date(0).toISOString(),
  };
  if (typeof raw.retryAfter === "number") error.retryAfter = raw.retryAfter;
  if (typeof raw.errorId === "string") error.errorId = raw.errorId;
  return error;
}

export function toItem(row: ItemRow, maxAttempts: number = config.batch.maxItemAttempts): BatchItem {
  return {
    id: row.id,
    index: Number(row.item_index),
    topic: row.topic,
    parameters: asRecord(row.parameters),
    status: row.status,
    attempts: Number(row.attempts),
    maxAttempts,
    lastError: toItemError(row.last_error),
    leaseOwner: row.lease_owner,
    leaseUntil: isoOrNull(row.lease_until),
    notBefore: isoOrNull(row.not_before),
    conversationId: row.conversation_id,
    completedAt: isoOrNull(row.completed_at),
    updatedAt: iso(row.updated_at),
  };
}
