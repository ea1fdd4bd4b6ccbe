/**
 * An in-memory stand-in for the backup and bulk-delete routes behind a `fetch` function, so
 * components under test talk through a real APIClient. It keeps the contract's rules that the
 * UI depends on (nothing deleted without a covering backup or an explicit confirmation,
 * restore re-inserts only what is missing, an expired backup is gone: 410) and records every
 * request. tests/contract/backup checks its answers against the real routes.
 */
import type { APIClient } from "@/lib/api";
import { instantClient, json, requestUrl } from "../support/fake-http";
import type { CreatedBackup } from "@/components/backup/backup-api";
import type { BackupSummary } from "@/lib/backup/list-backups";

/** What POST /api/backup/create answers: the route adds the file's digest and its creation time. */
export type FakeCreatedBackup = CreatedBackup & { sha256: string; createdAt: string };

interface StoredBackup {
  /** The row id the list shows beside the backupId. */
  id: string;
  backup: FakeCreatedBackup;
  reason: string;
  conversations: FakeConversation[];
  /** Set by expire(): the fake's clock never runs out by itself, so the fixed dates keep working. */
  expired?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response | undefined> | undefined;

export { json };

/** The routes' error shape: every error carries the errorId it was logged under (`extra` may name its own). */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return json({ error: { code, message, errorId: "err_fake_0001", ...extra } }, status);
}

export interface FakeConversation {
  id: string;
  title: string;
}

export function makeConversations(count: number): FakeConversation[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
    title: `Conversation ${index + 1}`,
  }));
}

export class FakeBackupApi {
  readonly requests: RecordedRequest[] = [];
  /** The user's conversations as the server holds them. */
  conversations = new Map<string, FakeConversation>();
  readonly backups = new Map<string, StoredBackup>();
  private readonly overrides: Handler[] = [];
  private backupCounter = 0;

  constructor(conversations: readonly FakeConversation[] = []) {
    for (const conversation of conversations) this.conversations.set(conversation.id, conversation);
  }

  /** Answer a request yourself (first matching override wins); return undefined to fall through. */
  on(handler: Handler): void {
    this.overrides.push(handler);
  }

  /** The backup's retention ran out: it leaves the list, and using it answers 410. */
  expire(backupId: string): void {
    const stored = this.backups.get(backupId);
    if (!stored) throw new Error(`no backup ${backupId}`);
    stored.expired = true;
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && pattern.test(request.path));
  }

  client(): APIClient {
    return instantClient((input, init) => this.fetch(input, init), 3);
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const request: RecordedRequest = { method: init?.method ?? "GET", path: url.pathname, body };
    this.requests.push(request);
    const signal = init?.signal;
    if (signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    for (const handler of this.overrides) {
      const answer = await abortable(Promise.resolve(handler(request)), signal);
      if (signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
      if (answer) return answer;
    }
    return this.route(request);
  };

  private route(request: RecordedRequest): Response {
    const { method, path } = request;
    if (method === "POST" && path === "/api/backup/create")
      return this.create(request.body as { conversationIds: string[]; reason?: string });
    if (method === "POST" && path === "/api/conversations/bulk-delete")
      return this.bulkDelete(request.body as { ids: string[]; backupId?: string; confirmWithoutBackup?: true });
    const restore = /^\/api\/backup\/([^/]+)\/restore$/.exec(path);
    if (method === "POST" && restore) return this.restore(decodeURIComponent(restore[1] ?? ""));
    if (method === "GET" && path === "/api/backups") return this.list();
    const download = /^\/api\/backup\/download\/([^/]+)$/.exec(path);
    if (method === "GET" && download) return this.download(decodeURIComponent(download[1] ?? ""));
    return apiError(404, "ERR_NOT_FOUND", "Not found");
  }

  /** The backup a request names: 404 unknown, 410 expired (the routes' order). */
  private find(backupId: string): StoredBackup | Response {
    const stored = this.backups.get(backupId);
    if (!stored) return apiError(404, "ERR_NOT_FOUND", "Backup not found");
    if (stored.expired) return apiError(410, "ERR_GONE", "This backup has expired.");
    return stored;
  }

  private list(): Response {
    const backups: BackupSummary[] = [...this.backups.values()]
      .filter((stored) => !stored.expired)
      .reverse()
      .map(({ id, backup, reason }) => ({
        id,
        backupId: backup.backupId,
        conversationCount: backup.conversationCount,
        sizeBytes: backup.sizeBytes,
        backupReason: reason,
        createdAt: backup.createdAt,
        expiresAt: backup.expiresAt,
      }));
    return json({ backups });
  }

  private download(backupId: string): Response {
    const stored = this.find(backupId);
    if (stored instanceof Response) return stored;
    const { backup, reason, conversations } = stored;
    const document = JSON.stringify({
      version: "1.0",
      backupId,
      createdAt: backup.createdAt,
      backupReason: reason,
      conversations,
    });
    return new Response(document, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${backupId}.json"`,
      },
    });
  }

  private create({ conversationIds, reason = "manual" }: { conversationIds: string[]; reason?: string }): Response {
    const found = conversationIds.map((id) => this.conversations.get(id));
    if (found.some((conversation) => conversation === undefined))
      return apiError(404, "ERR_NOT_FOUND", "Conversation not found");
    this.backupCounter += 1;
    const backupId = `bk_test_${String(this.backupCounter).padStart(4, "0")}`;
    const backup: FakeCreatedBackup = {
      backupId,
      conversationCount: conversationIds.length,
      sizeBytes: 2048,
      sha256: "0".repeat(64),
      createdAt: "2026-11-28T12:00:00.000Z",
      expiresAt: "2026-12-05T12:00:00.000Z",
      downloadUrl: `/api/backup/download/${backupId}`,
    };
    const id = `5f0c1c1e-0000-4000-8000-${String(this.backupCounter).padStart(12, "0")}`;
    this.backups.set(backupId, {
      id,
      backup,
      reason,
      conversations: found.filter((c): c is FakeConversation => c !== undefined),
    });
    return json(backup, 201);
  }

  private bulkDelete({
    ids,
    backupId,
    confirmWithoutBackup,
  }: {
    ids: string[];
    backupId?: string;
    confirmWithoutBackup?: true;
  }): Response {
    const missing = new Set(ids.filter((id) => !this.conversations.has(id))).size;
    if (missing > 0) {
      return apiError(404, "ERR_NOT_FOUND", "Conversation not found", {
        details: { missing, selected: new Set(ids).size },
      });
    }
    if (backupId === undefined && confirmWithoutBackup !== true) {
      return apiError(400, "ERR_VAL_INVALID_INPUT", "A backup or an explicit confirmation is required", {
        details: { fieldErrors: { backupId: ["is required"] } },
      });
    }
    if (backupId !== undefined) {
      const stored = this.find(backupId);
      if (stored instanceof Response) return stored;
      const covered = new Set(stored.conversations.map((conversation) => conversation.id));
      if (ids.some((id) => !covered.has(id)))
        return apiError(409, "ERR_CONFLICT", "The backup does not cover every conversation");
    }
    for (const id of ids) this.conversations.delete(id);
    return json({ deleted: ids.length });
  }

  private restore(backupId: string): Response {
    const stored = this.find(backupId);
    if (stored instanceof Response) return stored;
    let restored = 0;
    for (const conversation of stored.conversations) {
      if (this.conversations.has(conversation.id)) continue;
      this.conversations.set(conversation.id, conversation);
      restored += 1;
    }
    return json({ restored, skipped: stored.conversations.length - restored });
  }
}

/** A response the test releases when it wants: to look at a step while its request is in flight. */
export function deferred(): { promise: Promise<Response | undefined>; resolve: (response?: Response) => void } {
  let resolve!: (response?: Response) => void;
  const promise = new Promise<Response | undefined>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException("The operation was aborted.", "AbortError"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
