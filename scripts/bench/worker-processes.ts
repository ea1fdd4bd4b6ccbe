/**
 * `npm run worker` processes for the benchmarks: the real scripts/worker.ts (what a
 * deployment adds beside the app), each in its own process group, configured only through
 * its environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const READY_LINE = "Batch worker ";

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnWorker(env: Record<string, string>): WorkerProcess {
  // What `npm run worker` runs (tsx with the react-server condition), without npm and the
  // tsx CLI in between: one process per worker, stopped by its own process group.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not start a worker process");
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { pid: child.pid, child, output: () => output, exited };
}

/** Starts `count` worker processes and resolves once each has said it is running. */
export async function startWorkerProcesses(
  count: number,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < count; i += 1) workers.push(spawnWorker(env));
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const deadline = Date.now() + timeoutMs;
            const check = () => {
              if (worker.output().includes(READY_LINE)) return resolve();
              if (worker.child.exitCode !== null || Date.now() > deadline) {
                return reject(new Error(`worker process ${worker.pid} did not start:\n${worker.output()}`));
              }
              setTimeout(check, 50);
            };
            check();
          }),
      ),
    );
    return workers;
  } catch (error) {
    await stopWorkerProcesses(workers);
    throw error;
  }
}

/** SIGTERM to each worker's process group (graceful stop), SIGKILL after `graceMs`. */
export async function stopWorkerProcesses(workers: readonly WorkerProcess[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
      try {
        process.kill(-worker.pid, "SIGTERM");
      } catch {
        return; // already gone
      }
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        worker.exited.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        try {
          process.kill(-worker.pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
        await worker.exited;
      }
    }),
  );
}
