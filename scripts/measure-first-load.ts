/**
 * First-load JS of a page, in gzip kB: every <script src> under /_next/static in the page's
 * server-rendered HTML, each fetched and gzipped (level 9, like a CDN), then summed.
 * Next 16 no longer prints this number in `next build`, so we measure it.
 *
 *   npm run build && npx tsx scripts/measure-first-load.ts            # starts its own server
 *   npx tsx scripts/measure-first-load.ts --url http://127.0.0.1:3100 # measures a running one
 *   options: --path /conversations (default /), --json
 *
 * Without --url it runs `next start` on a free port with a throwaway PGlite dir (so it never
 * contends for the dev database's lock) and stops it afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

interface ChunkSize {
  src: string;
  rawBytes: number;
  gzipBytes: number;
  /** <script nomodule>: polyfills only legacy browsers download. Counted, and reported apart. */
  noModule: boolean;
}

interface ScriptTag {
  src: string;
  noModule: boolean;
}

/** `<script src="...">` tags under /_next/static, in document order, without duplicates. */
function scriptChunks(html: string): ScriptTag[] {
  const tags = new Map<string, ScriptTag>();
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1] ?? "";
    const src = /\bsrc="([^"]+)"/i.exec(attributes)?.[1]?.replaceAll("&amp;", "&");
    if (src === undefined || !new URL(src, "http://x").pathname.startsWith("/_next/static/")) continue;
    if (!tags.has(src)) tags.set(src, { src, noModule: /\bnomodule\b/i.test(attributes) });
  }
  return [...tags.values()];
}

async function measure(baseUrl: string, pagePath: string): Promise<ChunkSize[]> {
  const response = await fetch(new URL(pagePath, baseUrl));
  if (!response.ok) throw new Error(`GET ${pagePath} answered ${response.status}`);
  const chunks = scriptChunks(await response.text());
  if (chunks.length === 0) throw new Error(`No /_next/static scripts found in ${pagePath}'s HTML`);
  return Promise.all(
    chunks.map(async ({ src, noModule }) => {
      const chunk = await fetch(new URL(src, baseUrl));
      if (!chunk.ok) throw new Error(`GET ${src} answered ${chunk.status}`);
      const bytes = Buffer.from(await chunk.arrayBuffer());
      return { src, noModule, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForServer(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      await fetch(baseUrl);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`next start did not answer within ${timeoutMs / 1000} s`);
}

async function startServer(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npm run build` first (or pass --url).");
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-measure-"));
  const child = spawn(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      // Its own process group, so stopping it stops everything it started.
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
      // Local mode on loopback: a production server needs the explicit opt-in (README, Deploying safely).
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: dataDir,
        DATABASE_URL: "",
        ALLOW_LOCAL_MODE: "1",
      },
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(baseUrl, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, stop };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      path: { type: "string", default: "/" },
      json: { type: "boolean", default: false },
    },
  });
  const server = values.url ? { baseUrl: values.url, stop: async () => {} } : await startServer();
  try {
    const chunks = await measure(server.baseUrl, values.path);
    const totalGzip = chunks.reduce((sum, c) => sum + c.gzipBytes, 0);
    const totalRaw = chunks.reduce((sum, c) => sum + c.rawBytes, 0);
    const noModuleGzip = chunks.filter((c) => c.noModule).reduce((sum, c) => sum + c.gzipBytes, 0);
    const kB = (bytes: number) => (bytes / 1024).toFixed(1);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            path: values.path,
            chunks,
            totalRawBytes: totalRaw,
            totalGzipBytes: totalGzip,
            noModuleGzipBytes: noModuleGzip,
          },
          null,
          2,
        ),
      );
    } else {
      for (const c of [...chunks].sort((a, b) => b.gzipBytes - a.gzipBytes)) {
        console.log(`${kB(c.gzipBytes).padStart(7)} kB  ${c.src}${c.noModule ? "  (nomodule)" : ""}`);
      }
      console.log(
        `First-load JS of ${values.path}: ${kB(totalGzip)} kB gzip (${kB(totalRaw)} kB raw) in ${chunks.length} chunks`,
      );
      if (noModuleGzip > 0) {
        console.log(`  of which nomodule polyfills (legacy browsers only): ${kB(noModuleGzip)} kB gzip`);
        console.log(`  what a modern browser downloads: ${kB(totalGzip - noModuleGzip)} kB gzip`);
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
