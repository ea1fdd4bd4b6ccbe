/**
 * A separate process that opens a PGlite data dir and holds it, for the data-dir lock tests.
 *
 *   npx tsx tests/support/hold-pglite-lock.ts <dataDir>
 *
 * Prints one JSON line {"pid": ..., "ready": true} once the database is open and a row is
 * written, then waits. On stdin: "exit" ends the process at once without closing the
 * database (the lock must still be released); "close" closes it properly first.
 * Killed with SIGKILL it leaves a stale lock behind, as a crash would.
 */
import readline from "node:readline";
import { createDatabase } from "@/lib/db/create-database";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: hold-pglite-lock.ts <dataDir>");
  process.exit(2);
}

const db = await createDatabase({ pgliteDir: dataDir });
await db.query(
  `insert into public.error_logs (error_id, level, message) values ($1, 'info', 'written by the lock holder')`,
  [`holder_${process.pid}`],
);
console.log(JSON.stringify({ pid: process.pid, ready: true }));

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = line.trim();
  if (command === "exit") process.exit(0);
  if (command === "close") {
    void db.close().then(() => process.exit(0));
  }
});
