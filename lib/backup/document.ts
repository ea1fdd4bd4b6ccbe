import "server-only";
import { createHash, type Hash } from "node:crypto";

/*
 * The backup file format (version 1.0), one exact byte sequence shared by the writer (which
 * hashes it), the download (which streams it) and the verifier (which hashes it again):
 *
 *   {"version":"1.0","backupId":"...","createdAt":"...","backupReason":"...","conversations":[
 *   <part 0>,<part 1>,...
 *   ]}
 *
 * without the line breaks. Each part is one conversation with all its turns, as written by
 * serializeConversation. Timestamps keep Postgres's microseconds ("2026-03-01T10:00:00.123456Z")
 * so a restore gives back the very same values.
 */

export const BACKUP_FORMAT_VERSION = "1.0";

export interface BackupEnvelope {
  backupId: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  backupReason: string;
}

export interface BackupTurn {
  id: string;
  turnIndex: number;
  role: "user" | "assistant";
  content: string;
  createdAt: string;
}

export interface BackupConversation {
  id: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  status: string;
  metadata: Record<string, unknown>;
  batchJobId: string | null;
  batchItemId: string | null;
  createdAt: string;
  updatedAt: string;
  turns: BackupTurn[];
}

/**
 * What a parsed backup file looks like.
 * @internal For tests, which parse downloaded files; the app streams the document as text.
 */
export interface BackupDocument extends BackupEnvelope {
  version: typeof BACKUP_FORMAT_VERSION;
  conversations: BackupConversation[];
}

/** Everything before the first part. Key order is fixed: it is part of the hashed bytes. */
export function documentHead(envelope: BackupEnvelope): string {
  const head = JSON.stringify({
    version: BACKUP_FORMAT_VERSION,
    backupId: envelope.backupId,
    createdAt: envelope.createdAt,
    backupReason: envelope.backupReason,
    conversations: [],
  });
  // `...,"conversations":[]}` -> `...,"conversations":[`
  return head.slice(0, -2);
}

export const DOCUMENT_TAIL = "]}";
export const PART_SEPARATOR = ",";

export function serializeConversation(conversation: BackupConversation): string {
  return JSON.stringify({
    id: conversation.id,
    title: conversation.title,
    topic: conversation.topic,
    persona: conversation.persona,
    emotion: conversation.emotion,
    status: conversation.status,
    metadata: conversation.metadata,
    batchJobId: conversation.batchJobId,
    batchItemId: conversation.batchItemId,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    turns: conversation.turns.map((turn) => ({
      id: turn.id,
      turnIndex: turn.turnIndex,
      role: turn.role,
      content: turn.content,
      createdAt: turn.createdAt,
    })),
  });
}

/**
 * SHA-256 and UTF-8 size of a document fed to it chunk by chunk, in order: the writer, the
 * verifier and the restore compute the same figures without holding the document whole.
 */
export class DocumentDigest {
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;

  update(chunk: string): void {
    this.hash.update(chunk, "utf8");
    this.bytes += Buffer.byteLength(chunk, "utf8");
  }

  /** Finishes the digest; call once. */
  finish(): { sha256: string; sizeBytes: number } {
    return { sha256: this.hash.digest("hex"), sizeBytes: this.bytes };
  }
}
