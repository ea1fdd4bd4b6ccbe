/**
 * Wipes and seeds the browser suite's PGlite directory, then closes it so `next start` can
 * take the data dir's lock. Run by the webServer command in playwright.config.ts:
 *   PGLITE_DIR=<dir> tsx tests/e2e/support/seed.ts
 *
 * Imports the engine factory directly (not the server-only `@/lib/db` barrel): this is a
 * plain Node script.
 */
import fs from "node:fs";
import path from "node:path";
import { createDatabase } from "@/lib/db/create-database";
import type { Queryable } from "@/lib/db/types";
import {
  ACTIVE_BACKUP,
  EXPIRED_BACKUP,
  FOREIGN_CONVERSATION,
  LOCAL_CONVERSATIONS,
  LOCAL_USER_ID,
  PAUSED_BATCH,
  type SeedConversation,
} from "./seed-data";

async function insertConversation(db: Queryable, conversation: SeedConversation): Promise<void> {
  await db.query(
    `insert into public.conversations (id, user_id, title, topic, persona, emotion, status, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, 'completed', now() - make_interval(mins => $7), now() - make_interval(mins => $7))`,
    [
      conversation.id,
      conversation.userId,
      conversation.title,
      conversation.topic,
      conversation.persona,
      conversation.emotion,
      conversation.ageMinutes,
    ],
  );
  for (const [index, turn] of conversation.turns.entries()) {
    await db.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
       values ($1, $2, $3, $4, $5)`,
      [conversation.id, conversation.userId, index, turn.role, turn.content],
    );
  }
}

async function insertBackup(db: Queryable, backup: typeof ACTIVE_BACKUP): Promise<void> {
  await db.query(
    `insert into public.backup_exports
       (id, backup_id, user_id, conversation_ids, conversation_count, backup_reason, size_bytes, sha256,
        created_at, expires_at)
     values ($1, $2, $3, $4::uuid[], $5, $6, $7, $8,
             now() - make_interval(days => $9), now() + make_interval(days => $10))`,
    [
      backup.id,
      backup.backupId,
      LOCAL_USER_ID,
      `{${backup.conversationIds.join(",")}}`,
      backup.conversationIds.length,
      backup.reason,
      backup.sizeBytes,
      "0".repeat(64),
      backup.ageDays,
      backup.expiresInDays,
    ],
  );
}

async function main(): Promise<void> {
  const dataDir = process.env.PGLITE_DIR;
  if (!dataDir) throw new Error("Set PGLITE_DIR to the browser suite's own data directory.");
  if (path.resolve(dataDir) === path.resolve(".data/pglite")) {
    throw new Error("Refusing to wipe the development database (.data/pglite).");
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const db = await createDatabase({ pgliteDir: dataDir });
  try {
    await db.transaction(async (tx) => {
      for (const conversation of [...LOCAL_CONVERSATIONS, FOREIGN_CONVERSATION]) {
        await insertConversation(tx, conversation);
      }
      await insertBackup(tx, ACTIVE_BACKUP);
      await insertBackup(tx, EXPIRED_BACKUP);
      await tx.query(
        `insert into public.batch_jobs (id, user_id, name, status, total_items) values ($1, $2, $3, $4, $5)`,
        [PAUSED_BATCH.id, LOCAL_USER_ID, PAUSED_BATCH.name, PAUSED_BATCH.status, PAUSED_BATCH.totalItems],
      );
      // Its items, so the server's engine sees real work left (three pending) and leaves the
      // paused batch alone; the finished ones' conversations were deleted (conversation_id null).
      for (let index = 0; index < PAUSED_BATCH.totalItems; index++) {
        const status =
          index < PAUSED_BATCH.completed
            ? "completed"
            : index < PAUSED_BATCH.completed + PAUSED_BATCH.failed
              ? "failed"
              : "pending";
        await tx.query(
          `insert into public.batch_items (job_id, user_id, item_index, topic, status, attempts, last_error, completed_at)
           values ($1, $2, $3, $4, $5, $6, $7::jsonb, case when $5 = 'completed' then now() else null end)`,
          [
            PAUSED_BATCH.id,
            LOCAL_USER_ID,
            index,
            `Seeded topic ${index + 1}`,
            status,
            status === "pending" ? 0 : status === "failed" ? 3 : 1,
            status === "failed"
              ? JSON.stringify({
                  code: "ERR_GEN_PROVIDER_ERROR",
                  message: "The AI provider had a problem producing this conversation.",
                  retryable: true,
                  at: new Date().toISOString(),
                })
              : null,
          ],
        );
      }
      await tx.query(
        `insert into public.batch_checkpoints (job_id, user_id, total_items, completed_count, failed_count, progress_percentage)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          PAUSED_BATCH.id,
          LOCAL_USER_ID,
          PAUSED_BATCH.totalItems,
          PAUSED_BATCH.completed,
          PAUSED_BATCH.failed,
          ((PAUSED_BATCH.completed + PAUSED_BATCH.failed) / PAUSED_BATCH.totalItems) * 100,
        ],
      );
    });
  } finally {
    await db.close();
  }
  console.log(`Seeded ${LOCAL_CONVERSATIONS.length + 1} conversations, 2 backups and 1 batch into ${dataDir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
