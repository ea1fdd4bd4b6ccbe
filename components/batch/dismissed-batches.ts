/**
 * Batches the user dismissed from the resume dialog in this tab. Dismissing keeps the batch
 * (it stays resumable from its page and the batches list); it only stops the dialog from
 * reopening on every navigation of this tab until the batch's checkpoint moves on.
 */
const STORAGE_KEY = "tds.resume-dialog.dismissed";

type DismissedMap = Record<string, string>;

function read(storage: Storage | undefined): DismissedMap {
  if (!storage) return {};
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const map: DismissedMap = {};
    for (const [jobId, stamp] of Object.entries(parsed)) if (typeof stamp === "string") map[jobId] = stamp;
    return map;
  } catch {
    return {};
  }
}

function sessionStore(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    // Storage disabled (privacy settings): the dialog simply reopens, which is safe.
    return undefined;
  }
}

export interface DismissKey {
  jobId: string;
  /** The checkpoint's last save: a batch that progressed since is shown again. */
  lastCheckpointAt: string;
}

export function isDismissed({ jobId, lastCheckpointAt }: DismissKey, storage = sessionStore()): boolean {
  return read(storage)[jobId] === lastCheckpointAt;
}

export function rememberDismissed(keys: readonly DismissKey[], storage = sessionStore()): void {
  if (!storage) return;
  const map = read(storage);
  for (const { jobId, lastCheckpointAt } of keys) map[jobId] = lastCheckpointAt;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(map));
  } catch {
    // Quota or disabled storage: forgetting a dismissal is harmless.
  }
}
