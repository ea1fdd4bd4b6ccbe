/**
 * tests/components/backup/fake-backup-api.ts against the real backup and bulk-delete routes:
 * a backup's life (create, list, download, delete with it, restore, expire) and the refusals
 * the delete dialog relies on, the same answers on both (see tests/contract/support/contract.ts).
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { CreatedBackup } from "@/components/backup/backup-api";
import { contractSuite, type Recorder, type Scenario } from "../support/contract";
import { setUpRealServer } from "../support/real-server";
import { FakeBackupSide, RealBackupSide, type BackupSide } from "./sides";

const server = setUpRealServer();

async function backUp(
  side: BackupSide,
  record: Recorder,
  conversationIds: string[],
  step = "create",
): Promise<CreatedBackup> {
  return record.response<CreatedBackup>(
    step,
    await side.fetch("POST", "/api/backup/create", { conversationIds, reason: "bulk_delete" }),
  );
}

const DOWNLOAD = { headers: ["content-disposition"], file: true } as const;

const scenarios: Scenario<BackupSide>[] = [
  {
    name: "a backup is created, listed, downloaded, deleted with, and restored (twice: nothing twice)",
    async run(side, record) {
      const ids = await side.seedConversations(3);
      const backup = await backUp(side, record, ids);
      expect(backup.downloadUrl).toBe(`/api/backup/download/${backup.backupId}`);
      const listed = await record.response<{ backups: { backupId: string }[] }>(
        "list",
        await side.fetch("GET", "/api/backups"),
      );
      expect(listed.backups.map((entry) => entry.backupId)).toEqual([backup.backupId]);
      await record.response("download", await side.fetch("GET", backup.downloadUrl), DOWNLOAD);
      await record.response(
        "delete with the backup",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids, backupId: backup.backupId }),
      );
      await record.response("restore", await side.fetch("POST", `/api/backup/${backup.backupId}/restore`));
      await record.response("restore again", await side.fetch("POST", `/api/backup/${backup.backupId}/restore`));
    },
  },
  {
    name: "a delete needs a backup that covers every id, or an explicit confirmation",
    async run(side, record) {
      const ids = await side.seedConversations(2);
      await record.response("delete with neither", await side.fetch("POST", "/api/conversations/bulk-delete", { ids }));
      const partial = await backUp(side, record, ids.slice(0, 1), "back up one of two");
      await record.response(
        "delete with a backup of one",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids, backupId: partial.backupId }),
      );
      await record.response(
        "delete confirmed without a backup",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids, confirmWithoutBackup: true }),
      );
    },
  },
  {
    name: "an expired backup leaves the list; download, restore and a delete with it answer 410",
    async run(side, record) {
      const ids = await side.seedConversations(2);
      const backup = await backUp(side, record, ids);
      await side.expire(backup.backupId);
      await record.response("list", await side.fetch("GET", "/api/backups"));
      await record.response("download", await side.fetch("GET", backup.downloadUrl), DOWNLOAD);
      await record.response("restore", await side.fetch("POST", `/api/backup/${backup.backupId}/restore`));
      await record.response(
        "delete with it",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids, backupId: backup.backupId }),
      );
    },
  },
  {
    name: "conversations and backups that do not exist are a 404",
    async run(side, record) {
      const ids = await side.seedConversations(1);
      const unknownBackup = "bkp_unknownBackup123456";
      await record.response(
        "back up an unknown id",
        await side.fetch("POST", "/api/backup/create", { conversationIds: [...ids, randomUUID()] }),
      );
      await record.response("download", await side.fetch("GET", `/api/backup/download/${unknownBackup}`), DOWNLOAD);
      await record.response("restore", await side.fetch("POST", `/api/backup/${unknownBackup}/restore`));
      await record.response(
        "delete with it",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids, backupId: unknownBackup }),
      );
      await record.response(
        "delete an unknown id",
        await side.fetch("POST", "/api/conversations/bulk-delete", { ids: [randomUUID()], confirmWithoutBackup: true }),
      );
    },
  },
];

contractSuite<BackupSide>(
  "the backup fake keeps the backup routes' contract",
  { fake: () => new FakeBackupSide(), real: () => RealBackupSide.create(server.db()) },
  scenarios,
);
