/**
 * An exclusive, stale-aware lock on a PGlite data directory.
 *
 * PGlite takes no lock of its own: two processes that open one data dir both "work" and
 * one of them silently loses its writes. So the embedded engine is strictly one process at
 * a time, enforced here with a lock file created with O_EXCL inside the data dir. A second
 * opener (another `next dev`, `npm run db:migrate`, a CLI) fails with ERR_DB_LOCKED and a
 * message that says what to do.
 *
 * Liveness is the lock's own heartbeat, not the holder's pid or hostname: the holder touches
 * the lock file every `refreshMs` (its mtime), and a lock not refreshed for three intervals
 * is stale and may be taken over. Pids and hostnames repeat across containers (a restarted
 * container has a new hostname; two containers can share one, and both run as pid 1), so
 * they are only used to answer "still held" quickly when the holder visibly lives on this
 * machine; a holder that merely looks dead is watched for one window first, so a live one in
 * another container keeps its lock.
 *
 * Release is synchronous on purpose: it must also run in the process's 'exit' handler,
 * where nothing asynchronous runs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { DatabaseError, ErrorCode } from "@/lib/errors";

export const LOCK_FILE_NAME = "training-data-studio.lock";

/** What the lock file holds; enough to tell a user who holds it and to detect a dead holder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the holder took the lock (ISO). */
  since: string;
  /** The holding program, e.g. "next" or "db-migrate.ts". */
  program: string;
  /** Linux process start time (clock ticks since boot): tells a reused pid from the holder. */
  processStart?: string;
  /** Identifies this acquisition, so a release never deletes someone else's lock. */
  token: string;
  /** How often the holder refreshes the lock file's mtime; three missed refreshes make it stale. */
  refreshMs?: number;
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly lockFile: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void;
}

/** A takeover that crashed midway leaves its marker; after this long it is ignored. */
const TAKEOVER_STALE_MS = 10_000;
/** The holder's heartbeat: it touches the lock file this often (a few seconds). */
export const DEFAULT_LOCK_REFRESH_MS = 2_000;
/** A lock not refreshed for this many intervals is stale. */
const MISSED_REFRESHES = 3;

/**
 * Locks held by this process, keyed by lock file path. Kept on globalThis because Next.js
 * may evaluate this module more than once in one process (route handlers and server
 * components are bundled separately; dev reloads modules), and every copy must agree.
 */
interface LockRegistry {
  held: Map<string, string>;
  exitHookInstalled: boolean;
}

const REGISTRY_KEY = Symbol.for("training-data-studio.data-dir-locks");
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: LockRegistry };

function registry(): LockRegistry {
  const g = globalThis as GlobalWithRegistry;
  g[REGISTRY_KEY] ??= { held: new Map(), exitHookInstalled: false };
  return g[REGISTRY_KEY];
}

function isErrnoException(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string";
}

/** Start time of a process from /proc (Linux only); undefined where that is unavailable. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Field 22 (starttime) is the 20th after the command name.
    return fields[19];
  } catch {
    return undefined;
  }
}

function programName(): string {
  const script = process.argv[1];
  return script ? path.basename(script) : path.basename(process.argv0);
}

function describeHolderForUser(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.hostname} (${holder.program}, since ${holder.since})`;
}

function lockedError(dataDir: string, lockFile: string, holder: LockHolder | undefined, sameProcess: boolean) {
  const who = holder ? describeHolderForUser(holder) : "another process";
  const message = sameProcess
    ? `The embedded database in ${dataDir} is already open in this process (pid ${process.pid}). ` +
      `Open it once and share that instance (getDb()); a second PGlite on the same directory loses data.`
    : `The embedded database in ${dataDir} is in use by ${who}. ` +
      `PGlite allows one process at a time. Stop that process, or use the running app's HTTP API ` +
      `instead of opening the database directly, or set DATABASE_URL to a PostgreSQL server so ` +
      `several processes can share one database. If no such process is running, delete ${lockFile}.`;
  return new DatabaseError(ErrorCode.DB_LOCKED, message, {
    isRecoverable: false,
    context: {
      dataDir,
      lockFile,
      holderPid: holder?.pid,
      holderHostname: holder?.hostname,
      holderProgram: holder?.program,
      holderSince: holder?.since,
    },
    userMessage: "The local database is in use by another process.",
  });
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== "object") return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.pid !== "number" || typeof v.hostname !== "string" || typeof v.token !== "string") return undefined;
    return {
      pid: v.pid,
      hostname: v.hostname,
      since: typeof v.since === "string" ? v.since : "an unknown time",
      program: typeof v.program === "string" ? v.program : "unknown program",
      processStart: typeof v.processStart === "string" ? v.processStart : undefined,
      token: v.token,
      refreshMs: typeof v.refreshMs === "number" && v.refreshMs > 0 ? v.refreshMs : undefined,
    };
  } catch {
    return undefined;
  }
}

type HolderState =
  | { kind: "alive"; holder: LockHolder | undefined; sameProcess: boolean }
  | { kind: "stale"; raw: string }
  /** Refreshed recently, but its holder cannot be seen alive from here: watch one window. */
  | { kind: "unconfirmed"; holder: LockHolder | undefined; raw: string; mtimeMs: number; staleAfterMs: number }
  | { kind: "gone" };

function isVisiblyAlive(holder: LockHolder): boolean {
  // On this machine (same hostname) and not our own pid: ask the kernel.
  if (holder.hostname !== os.hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    if (!(isErrnoException(err) && err.code === "EPERM")) return false;
  }
  // The pid lives, but it may have been reused by an unrelated process since the holder died.
  const start = processStartTime(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

/** Reads the current lock file and decides whether its holder still lives. */
function inspect(lockFile: string): HolderState {
  let raw: string;
  let mtimeMs: number;
  try {
    raw = fs.readFileSync(lockFile, "utf8");
    mtimeMs = fs.statSync(lockFile).mtimeMs;
  } catch (err) {
    if (isErrnoException(err) && err.code === "ENOENT") return { kind: "gone" };
    throw err;
  }

  const holder = parseHolder(raw);
  if (holder && registry().held.get(lockFile) === holder.token) return { kind: "alive", holder, sameProcess: true };

  // An empty or half-written file (an opener between its create and its write) ages the same way.
  const staleAfterMs = MISSED_REFRESHES * (holder?.refreshMs ?? DEFAULT_LOCK_REFRESH_MS);
  if (Date.now() - mtimeMs > staleAfterMs) return { kind: "stale", raw };
  if (holder && isVisiblyAlive(holder)) return { kind: "alive", holder, sameProcess: false };
  return { kind: "unconfirmed", holder, raw, mtimeMs, staleAfterMs };
}

/**
 * Watches an unconfirmed lock until it would be stale: refreshed meanwhile means a live
 * holder (in another container, on another host); not refreshed means it is stale.
 */
async function settle(lockFile: string, state: Extract<HolderState, { kind: "unconfirmed" }>): Promise<HolderState> {
  const waitMs = Math.max(0, state.mtimeMs + state.staleAfterMs - Date.now()) + 50;
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const again = inspect(lockFile);
  if (again.kind !== "unconfirmed") return again;
  // Same file, same mtime: nobody refreshed it.
  if (again.raw === state.raw && again.mtimeMs === state.mtimeMs) return { kind: "stale", raw: again.raw };
  return { kind: "alive", holder: again.holder, sameProcess: false };
}

function tryCreate(lockFile: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, "wx", 0o644);
  } catch (err) {
    if (isErrnoException(err) && err.code === "EEXIST") return false;
    throw err;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock, serialised by a marker directory so that two processes taking over
 * the same stale lock cannot delete each other's fresh one. Returns false when another
 * process is taking over right now.
 */
function removeStale(lockFile: string, staleRaw: string): boolean {
  const marker = `${lockFile}.takeover`;
  try {
    fs.mkdirSync(marker);
  } catch (err) {
    if (!(isErrnoException(err) && err.code === "EEXIST")) throw err;
    try {
      if (Date.now() - fs.statSync(marker).mtimeMs > TAKEOVER_STALE_MS) fs.rmdirSync(marker);
    } catch {
      // Someone else cleaned it up meanwhile; the caller simply tries again.
    }
    return false;
  }
  try {
    let current: string | undefined;
    try {
      current = fs.readFileSync(lockFile, "utf8");
    } catch (err) {
      if (!(isErrnoException(err) && err.code === "ENOENT")) throw err;
    }
    // Only delete the very lock we judged stale, not one a live process has created since.
    if (current === staleRaw) fs.rmSync(lockFile, { force: true });
    return true;
  } finally {
    fs.rmSync(marker, { recursive: true, force: true });
  }
}

function releaseAllOnExit(): void {
  for (const [lockFile, token] of registry().held) releaseFile(lockFile, token);
  registry().held.clear();
}

function releaseFile(lockFile: string, token: string): void {
  try {
    const holder = parseHolder(fs.readFileSync(lockFile, "utf8"));
    if (holder?.token === token) fs.rmSync(lockFile, { force: true });
  } catch {
    // Already gone, or the directory was removed: nothing left to release.
  }
}

export interface AcquireOptions {
  /** How often this holder refreshes the lock (tests use short intervals). */
  refreshMs?: number;
}

/** Touches the lock file while it is still ours; stops when it is not (released, or taken). */
function startRefreshing(lockFile: string, token: string, refreshMs: number): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (registry().held.get(lockFile) !== token) {
      clearInterval(timer);
      return;
    }
    try {
      const now = new Date();
      fs.utimesSync(lockFile, now, now);
    } catch {
      // The directory is gone or unreadable for a moment: the next tick tries again.
    }
  }, refreshMs);
  timer.unref();
  return timer;
}

/**
 * Takes the exclusive lock on `dataDir` (created if missing) or throws a DatabaseError with
 * code ERR_DB_LOCKED naming the holder and what to do. A lock whose holder cannot be seen
 * alive from here is watched for up to three refresh intervals before it is taken over.
 */
export async function acquireDataDirLock(dataDir: string, options: AcquireOptions = {}): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, LOCK_FILE_NAME);
  const reg = registry();
  const refreshMs = options.refreshMs ?? DEFAULT_LOCK_REFRESH_MS;

  if (reg.held.has(lockFile)) {
    throw lockedError(dir, lockFile, undefined, true);
  }

  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    since: new Date().toISOString(),
    program: programName(),
    processStart: processStartTime(process.pid),
    token: randomUUID(),
    refreshMs,
  };

  // A few rounds: each lost race (another opener, a concurrent takeover) means re-inspecting.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, holder)) {
      reg.held.set(lockFile, holder.token);
      if (!reg.exitHookInstalled) {
        process.once("exit", releaseAllOnExit);
        reg.exitHookInstalled = true;
      }
      const refresher = startRefreshing(lockFile, holder.token, refreshMs);
      let released = false;
      return {
        dataDir: dir,
        lockFile,
        holder,
        release() {
          if (released) return;
          released = true;
          clearInterval(refresher);
          if (reg.held.get(lockFile) === holder.token) reg.held.delete(lockFile);
          releaseFile(lockFile, holder.token);
        },
      };
    }

    let state = inspect(lockFile);
    if (state.kind === "unconfirmed") state = await settle(lockFile, state);
    if (state.kind === "alive") throw lockedError(dir, lockFile, state.holder, state.sameProcess);
    if (state.kind === "stale") removeStale(lockFile, state.raw);
  }

  const last = inspect(lockFile);
  throw lockedError(
    dir,
    lockFile,
    last.kind === "alive" || last.kind === "unconfirmed" ? last.holder : undefined,
    false,
  );
}

/**
 * The current holder of a data dir's lock, if any.
 * @internal For tests, which check who holds the lock.
 */
export function readDataDirLock(dataDir: string): LockHolder | undefined {
  try {
    return parseHolder(fs.readFileSync(path.join(path.resolve(dataDir), LOCK_FILE_NAME), "utf8"));
  } catch {
    return undefined;
  }
}
