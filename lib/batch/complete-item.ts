import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { conflict } from "@/lib/errors";
import type { BatchConfig, GeneratedConversation, ProviderName } from "@/lib/generation/types";
import { finishJobIfDone, recordCheckpoint } from "./job-progress";
import { iso, itemColumns, toItem, type ItemRow } from "./rows";
import type { BatchItem, BatchJobStatus, GeneratedItemConversation } from "./types";

export interface CompleteItemInput {
  db?: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  /** The attempt number claimItem returned. */
  attempt: number;
  conversation: GeneratedConversation;
  /** Recorded in the conversation's metadata: what made it. */
  provider?: ProviderName;
  config?: BatchConfig;
  maxAttempts?: number;
}

export interface CompletedItem {
  item: BatchItem;
  conversation: GeneratedItemConversation;
  /** The job's new status when this was its last item, else null. */
  jobStatus: BatchJobStatus | null;
}

const MAX_TITLE_LENGTH = 500;

export function lostLease(itemId: string, attempt: number) {
  return conflict(
    "This item is no longer leased to this worker (its lease expired and another attempt took it over). Nothing was saved.",
    { itemId, attempt, reason: "lost_lease" },
  );
}

/**
 * Saves a generated conversation as the item's result, in ONE transaction: the
 * conversation and its turns, the item (completed, only if still running under this
 * worker's lease and attempt), the checkpoint's counters, and, when it was the last item,
 * the job's completion and the checkpoint's removal. A lost lease throws 409 and a
 * discarded batch 410; either way nothing is written. So a conversation exists if and only
 * if its item is completed, and at most one per item (conversations.batch_item_id is unique).
 */
export async function completeItem(input: CompleteItemInput): Promise<CompletedItem> {
  const db = input.db ?? (await getDb());
  const maxAttempts = input.maxAttempts ?? config.batch.maxItemAttempts;
  const conversationId = randomUUID();
  const title = input.conversation.title.trim().slice(0, MAX_TITLE_LENGTH) || "Untitled conversation";
  const metadata = {
    source: "batch",
    batchJobId: input.jobId,
    attempt: input.attempt,
    ...(input.provider ? { provider: input.provider } : {}),
    ...(input.config?.model ? { model: input.config.model } : {}),
    ...(input.config?.temperature !== undefined ? { temperature: input.config.temperature } : {}),
  };

  return db.transaction(async (tx) => {
    // The conversation first (the item's conversation_id references it). Its SELECT carries
    // the lease condition, so a worker that lost its lease inserts nothing.
    const [conversation] = await tx.query<{
      id: string;
      topic: string;
      persona: string | null;
      emotion: string | null;
      created_at: Date | string;
    }>(
      `insert into public.conversations
         (id, user_id, title, topic, persona, emotion, status, metadata, batch_job_id, batch_item_id)
       select $1, i.user_id, $2, i.topic,
              nullif(btrim(i.parameters->>'persona'), ''), nullif(btrim(i.parameters->>'emotion'), ''),
              'completed', $3::jsonb || jsonb_build_object('itemIndex', i.item_index), i.job_id, i.id
         from public.batch_items i
        where i.id = $4 and i.job_id = $5 and i.user_id = $6
          and i.status = 'running' and i.lease_owner = $7 and i.attempts = $8::int
       returning id, topic, persona, emotion, created_at`,
      [
        conversationId,
        title,
        JSON.stringify(metadata),
        input.itemId,
        input.jobId,
        input.userId,
        input.workerId,
        input.attempt,
      ],
    );
    if (!conversation) throw lostLease(input.itemId, input.attempt);

    const turns = input.conversation.turns;
    await tx.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
       select $1, $2, (t.ord - 1)::int, t.role, t.content
         from unnest($3::text[], $4::text[]) with ordinality as t(role, content, ord)`,
      [conversationId, input.userId, turns.map((turn) => turn.role), turns.map((turn) => turn.content)],
    );

    const [itemRow] = await tx.query<ItemRow>(
      `update public.batch_items
          set status = 'completed', completed_at = now(), conversation_id = $1,
              lease_owner = null, lease_until = null, last_error = null
        where id = $2 and job_id = $3 and user_id = $4
          and status = 'running' and lease_owner = $5 and attempts = $6::int
       returning ${itemColumns()}`,
      [conversationId, input.itemId, input.jobId, input.userId, input.workerId, input.attempt],
    );
    if (!itemRow) throw lostLease(input.itemId, input.attempt);

    const counts = await recordCheckpoint(tx, {
      userId: input.userId,
      jobId: input.jobId,
      completedDelta: 1,
      failedDelta: 0,
    });
    const jobStatus = await finishJobIfDone(tx, { userId: input.userId, jobId: input.jobId, counts, maxAttempts });

    return {
      item: toItem(itemRow, maxAttempts),
      conversation: {
        id: conversation.id,
        title,
        topic: conversation.topic,
        persona: conversation.persona,
        emotion: conversation.emotion,
        createdAt: iso(conversation.created_at),
        turns: turns.map((turn, index) => ({ turnIndex: index, role: turn.role, content: turn.content })),
      },
      jobStatus,
    };
  });
}
