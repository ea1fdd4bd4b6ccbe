import "server-only";
import type { Queryable } from "@/lib/db/types";
import { BATCH_LIST_LIMIT, listBatches } from "./batch-queries";
import type { BatchJobSummary } from "./types";

/*
 * The /batches page's query, kept under its original names for the page and its table;
 * the work is listBatches (also behind GET /api/batches).
 */
export type { BatchJobSummary } from "./types";

export const BATCH_JOB_LIST_LIMIT = BATCH_LIST_LIMIT;

/** The user's batch jobs, newest first, with live counters (or final ones once finished). */
export function listBatchJobs(input: { db?: Queryable; userId: string; limit?: number }): Promise<BatchJobSummary[]> {
  return listBatches({ db: input.db, userId: input.userId, limit: input.limit ?? BATCH_JOB_LIST_LIMIT });
}
