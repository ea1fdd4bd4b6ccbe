/**
 * `npm run export -- --format messages --out data.jsonl [--batch <id>] [--split 10 --seed 42]
 *   [--system-prompt "..."] [--exclude-problems] [--user <uuid>] [--json]`
 *
 * Writes a fine-tuning export without a browser: the same pipeline as
 * GET /api/exports/:id/download (keyset pages, written as read). Without --split a JSONL
 * file; with --split a zip (train.jsonl, validation.jsonl, README.md), so --out must end in
 * .zip. The file is written to <out>.partial and renamed when complete: a failed export
 * never leaves a file that looks whole.
 *
 * Database: DATABASE_URL, or the embedded PGlite dir (PGLITE_DIR) when no other process
 * holds it: while the app runs on that dir this refuses with the lock's message (export from
 * the app instead). It never opens the dir a second time.
 *
 * Exit codes: 0 written, 1 failure, 2 bad usage or the database is locked, 3 the batch is not
 * the user's (or does not exist).
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { UsageError, runCommand, type Emit } from "./cli-support";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import type { Database } from "@/lib/db/types";
import { ErrorCode } from "@/lib/errors";
import { databaseNow, assertSelectionOwned } from "@/lib/export/read";
import { exportRequestSchema } from "@/lib/export/schemas";
import { EXPORT_FORMATS, type ExportRequest } from "@/lib/export/types";
import { streamExport } from "@/lib/export/write";
import { isUuid } from "@/lib/uuid";

const USAGE = `usage: npm run export -- --format <${EXPORT_FORMATS.join("|")}> --out <file> [options]

  --format            messages (default), sharegpt or alpaca (single-turn only)
  --out               the file to write: .jsonl, or .zip with --split
  --batch <id>        only this batch's conversations (default: all of the user's)
  --split <percent>   validation share, 1..50: writes a zip of train.jsonl, validation.jsonl, README.md
  --seed <n>          the split's seed (default 42): the same seed gives the same split
  --system-prompt     added as the first (system) message of every example
  --exclude-problems  leave out conversations the pre-flight check finds a problem in
  --user <uuid>       whose conversations (default: the local user ${LOCAL_USER_ID})
  --json              one JSON object per line instead of text`;

interface Cli {
  request: ExportRequest;
  out: string;
  userId: string;
  json: boolean;
}

function parseCli(argv: string[]): Cli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "messages" },
      out: { type: "string" },
      batch: { type: "string" },
      split: { type: "string" },
      seed: { type: "string" },
      "system-prompt": { type: "string" },
      "exclude-problems": { type: "boolean", default: false },
      user: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.out) throw new UsageError("--out is required");
  const userId = values.user ?? LOCAL_USER_ID;
  if (!isUuid(userId)) throw new UsageError("--user must be a UUID");
  if (values.seed !== undefined && values.split === undefined) throw new UsageError("--seed only applies with --split");
  const number = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number`);
    return Number(text);
  };
  const candidate = {
    selection: values.batch === undefined ? { kind: "all" } : { kind: "batch", batchId: values.batch.toLowerCase() },
    options: {
      format: values.format,
      ...(values["system-prompt"] === undefined ? {} : { systemPrompt: values["system-prompt"] }),
      ...(values.split === undefined
        ? {}
        : { validationPercent: number("--split", values.split), seed: number("--seed", values.seed) ?? 42 }),
      ...(values["exclude-problems"] ? { excludeProblems: true } : {}),
    },
  };
  const parsed = exportRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const flags: Record<string, string> = {
      "options.format": "--format",
      "options.validationPercent": "--split",
      "options.seed": "--seed",
      "options.systemPrompt": "--system-prompt",
      "selection.batchId": "--batch",
    };
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    throw new UsageError(`${flags[path] ?? path} ${issue?.message ?? "is invalid"}`);
  }
  const split = (parsed.data.options.validationPercent ?? 0) > 0;
  if (split && !values.out.toLowerCase().endsWith(".zip")) throw new UsageError("with --split, --out must end in .zip");
  if (!split && values.out.toLowerCase().endsWith(".zip"))
    throw new UsageError("without --split the export is JSONL: --out must not end in .zip");
  return { request: parsed.data, out: values.out, userId: userId.toLowerCase(), json: values.json };
}

/** Writes the export to `<out>.partial`, renamed to `out` only once it is complete. */
async function writeExport(db: Database, cli: Cli, emit: Emit): Promise<number> {
  await assertSelectionOwned(db, cli.userId, cli.request.selection);
  const generatedAt = new Date();
  const name = cli.out.replace(/^.*[\\/]/, "").replace(/\.(jsonl|zip|json)$/i, "") || "export";
  const stream = streamExport({
    db,
    userId: cli.userId,
    request: cli.request,
    cutoff: await databaseNow(db),
    generatedAt,
    name,
  });
  emit(
    { event: "start", engine: db.engine, out: cli.out, kind: stream.kind },
    `Exporting to ${cli.out} (${stream.kind}) from ${db.engine}...`,
  );
  await pipeline(Readable.from(stream.chunks), fs.createWriteStream(partialPath(cli)));
  fs.renameSync(partialPath(cli), cli.out);
  const { summary } = stream;
  const split = stream.kind === "zip" ? ` (train ${summary.train}, validation ${summary.validation})` : "";
  emit(
    { event: "done", out: cli.out, ...summary },
    `Wrote ${summary.examples} examples${split} from ${summary.conversations} conversations to ${cli.out}; ` +
      `${summary.problemCount} problem(s) found${cli.request.options.excludeProblems ? " and left out" : ""}.`,
  );
  return 0;
}

const partialPath = (cli: Cli) => `${cli.out}.partial`;

process.exitCode = await runCommand({
  name: "export",
  usage: USAGE,
  parse: parseCli,
  run: writeExport,
  cleanUp: (cli) => fs.rmSync(partialPath(cli), { force: true }),
  exitCodeFor: (code) => (code === ErrorCode.DB_LOCKED ? 2 : code === ErrorCode.NOT_FOUND ? 3 : 1),
});
