/**
 * The two sides of the backup contract: FakeBackupApi, and the backup, backups and
 * bulk-delete route handlers on the test database. Both can be given conversations and can
 * let a backup's retention run out.
 */
import { randomUUID } from "node:crypto";
import { POST as restoreRoute } from "@/app/api/backup/[backupId]/restore/route";
import { POST as createRoute } from "@/app/api/backup/create/route";
import { GET as downloadRoute } from "@/app/api/backup/download/[backupId]/route";
import { GET as listRoute } from "@/app/api/backups/route";
import { POST as bulkDeleteRoute } from "@/app/api/conversations/bulk-delete/route";
import type { Database } from "@/lib/db/types";
import { FakeBackupApi } from "@/tests/components/backup/fake-backup-api";
import { expireBackup, seedConversations } from "@/tests/integration/backup/support";
import type { ContractSide } from "../support/contract";
import { newUser, routeFetch, type RealUser, type Route } from "../support/real-server";

export interface BackupSide extends ContractSide {
  /** `count` conversations of the signed-in user; their ids. */
  seedConversations(count: number): Promise<string[]>;
  /** The backup's retention runs out now. */
  expire(backupId: string): Promise<void>;
}

export class FakeBackupSide implements BackupSide {
  readonly name = "fake";
  readonly api = new FakeBackupApi();

  fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined)
      Object.assign(init, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    return this.api.fetch(path, init);
  }

  async seedConversations(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const [index, id] of ids.entries()) this.api.conversations.set(id, { id, title: `Conversation ${index + 1}` });
    return ids;
  }

  async expire(backupId: string): Promise<void> {
    this.api.expire(backupId);
  }
}

const ROUTES: readonly Route[] = [
  { method: "POST", path: /^\/api\/backup\/create$/, handler: createRoute },
  { method: "GET", path: /^\/api\/backups$/, handler: listRoute },
  { method: "GET", path: /^\/api\/backup\/download\/(?<backupId>[^/]+)$/, handler: downloadRoute },
  { method: "POST", path: /^\/api\/backup\/(?<backupId>[^/]+)\/restore$/, handler: restoreRoute },
  { method: "POST", path: /^\/api\/conversations\/bulk-delete$/, handler: bulkDeleteRoute },
];

export class RealBackupSide implements BackupSide {
  readonly name = "real";
  readonly fetch: ContractSide["fetch"];

  private constructor(
    private readonly db: Database,
    private readonly user: RealUser,
  ) {
    this.fetch = routeFetch(ROUTES, user);
  }

  static async create(db: Database): Promise<RealBackupSide> {
    return new RealBackupSide(db, await newUser());
  }

  seedConversations(count: number): Promise<string[]> {
    return seedConversations(this.db, this.user.id, count, 2);
  }

  expire(backupId: string): Promise<void> {
    return expireBackup(this.db, backupId);
  }
}
