/**
 * Real `next start` processes for the process tests: each in its own process group
 * (spawned detached), so a SIGKILL to the group takes down the server and anything it
 * forked at once, as a crash or an OOM kill would.
 *
 * Needs a production build in .next (`npm run build`): nothing here builds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * The app whose .next is started: this checkout, or PROCESS_TEST_APP_DIR (a copy built
 * elsewhere, for local runs while something else rebuilds this checkout's .next).
 */
const ROOT = path.resolve(process.env.PROCESS_TEST_APP_DIR || path.join(import.meta.dirname, "..", "..", ".."));
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** Keep this much of each server's output, to show when something fails. */
const OUTPUT_LIMIT = 64_000;

/** Fails with a clear message when there is no production build to start. */
export function requireProductionBuild(): void {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error(
      `No production build in ${path.join(ROOT, ".next")}: run \`npm run build\` before \`npm run test:process\`.`,
    );
  }
}

/** A port the kernel says is free right now (bind to 0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

export interface AppServer {
  name: string;
  port: number;
  url: string;
  /** The spawned process's pid, which is also its process group id. */
  pid: number;
  child: ChildProcess;
  /** The last OUTPUT_LIMIT characters of its stdout and stderr. */
  output(): string;
  /** True once the spawned process has exited. */
  exited(): boolean;
}

export interface StartServerOptions {
  name: string;
  /** Added to (and overriding) the base environment below. */
  env: Record<string, string>;
  port?: number;
  healthTimeoutMs?: number;
  /** `-H` of next start (default 127.0.0.1); null starts it without -H (every interface). */
  hostname?: string | null;
}

const running = new Set<AppServer>();

/**
 * The environment every server gets: the parent's (PATH, HOME), minus whatever a developer's
 * shell might set that changes behaviour, plus what the tests rely on. Empty strings count as
 * unset in lib/env.ts, and they also win over any .env file `next start` loads.
 */
function baseEnv(): NodeJS.ProcessEnv & { NODE_ENV: "production" } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("VITEST") && key !== "NODE_ENV" && key !== "TEST_DATABASE_URL")
      env[key] = value;
  }
  return {
    ...env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "true",
    NEXT_PUBLIC_SUPABASE_URL: "",
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "",
    SUPABASE_JWT_SECRET: "",
    // Local mode under `next start` (a production server) needs the explicit opt-in, and loopback.
    ALLOW_LOCAL_MODE: "1",
    ALLOWED_HOSTS: "",
    ANTHROPIC_API_KEY: "",
    ANTHROPIC_BASE_URL: "",
    BATCH_WORKER: "loop",
    VERCEL: "",
    // Fast takeover: a killed server's items are claimable again 3 s after its last renewal.
    BATCH_LEASE_MS: "3000",
    GENERATION_LATENCY_MS: "0",
    GENERATION_FAULTS: "",
    LOG_LEVEL: "warn",
  };
}

/** Starts `next start -H 127.0.0.1 -p PORT` in its own process group and waits for GET /api/health 200. */
export async function startServer(options: StartServerOptions): Promise<AppServer> {
  if (!options.env.DATABASE_URL)
    throw new Error(`startServer(${options.name}): DATABASE_URL is required (PostgreSQL only)`);
  const server = await spawnServer(options);
  try {
    await waitHealthy(server, options.healthTimeoutMs ?? 120_000);
  } catch (error) {
    await killServer(server);
    throw error;
  }
  return server;
}

/**
 * Spawns `next start` in its own process group without waiting for anything: for tests of
 * servers that must refuse to start (waitForExit) or that answer other than 200 on health.
 */
export async function spawnServer(options: StartServerOptions): Promise<AppServer> {
  requireProductionBuild();
  const port = options.port ?? (await freePort());
  const hostname = options.hostname === undefined ? "127.0.0.1" : options.hostname;
  const args = [NEXT_BIN, "start", ...(hostname === null ? [] : ["-H", hostname]), "-p", String(port)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...baseEnv(), ...options.env },
  });
  if (child.pid === undefined) throw new Error(`startServer(${options.name}): spawn failed`);
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  // Always drained: a full pipe would block the server.
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const server: AppServer = {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    child,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
  running.add(server);
  return server;
}

/**
 * Waits until the spawned process exits on its own and gives its exit code (or signal name).
 * A process still alive after timeoutMs is killed and the wait fails with its output.
 */
export async function waitForExit(server: AppServer, timeoutMs = 120_000): Promise<number | string> {
  if (!server.exited()) {
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      new Promise<boolean>((resolve) => server.child.once("exit", () => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!exited) {
      await killServer(server);
      throw new Error(
        `${server.name} was expected to exit on its own but was still running after ${timeoutMs} ms:\n${server.output()}`,
      );
    }
  }
  const code = server.child.exitCode ?? server.child.signalCode ?? "unknown";
  // Nothing it forked may outlive it.
  await killServer(server);
  return code;
}

/** Polls GET /api/health until it answers 200; fails at once if the process exits first. */
export async function waitHealthy(server: AppServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exited()) {
      throw new Error(
        `${server.name} exited before it was healthy (${server.child.exitCode ?? server.child.signalCode}):\n${server.output()}`,
      );
    }
    try {
      const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.name} was not healthy within ${timeoutMs} ms (last: ${last}):\n${server.output()}`);
}

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, ...]; undefined when gone. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** The process group of a live pid (undefined when it is gone or a zombie). */
export function processGroupOf(pid: number): number | undefined {
  const fields = procStat(pid);
  if (!fields || fields[0] === "Z") return undefined;
  const pgrp = Number(fields[2]);
  return Number.isInteger(pgrp) ? pgrp : undefined;
}

/** Live (non-zombie) pids whose process group is `pgid`. */
export function processesInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStat(Number(entry));
    if (fields && fields[0] !== "Z" && Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/** Which started server's process group holds this pid (the worker's pid may be a child of the spawned one). */
export function serverOwningPid(servers: readonly AppServer[], pid: number): AppServer | undefined {
  const pgrp = processGroupOf(pid);
  return servers.find((server) => server.pid === pid || (pgrp !== undefined && server.pid === pgrp));
}

/**
 * SIGKILL to the server's whole process group, then waits until the spawned process has
 * exited and nothing of the group is left alive: after this, none of its code runs any more.
 */
export async function killServer(server: AppServer): Promise<void> {
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {
    // The group is gone already.
  }
  if (!server.exited()) await new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  while (processesInGroup(server.pid).length > 0) {
    if (Date.now() > deadline)
      throw new Error(`${server.name}: processes ${processesInGroup(server.pid).join(", ")} survived SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  running.delete(server);
}

/** afterAll: kills every server still running. */
export async function killAllServers(): Promise<void> {
  for (const server of [...running]) await killServer(server);
}

// A test process that dies without its afterAll must not leave servers behind.
process.once("exit", () => {
  for (const server of running) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
});
