import "server-only";
import { Zip, ZipDeflate } from "fflate";
import type { Queryable } from "@/lib/db/types";
import { renderDatasetCard, type CardSource } from "./dataset-card";
import { ExamplePipeline, type ExportConversation } from "./pipeline";
import { scanExport } from "./preview";
import { readConversationPages, selectionConditions } from "./read";
import { resolveOptions, type ResolvedExportOptions } from "./schemas";
import { allocateValidation, splitRankSql, stratumKey } from "./split";
import type { ExportRequest, ExportSelection } from "./types";

/*
 * The export file, written as it is read: never more than one page of conversations (and
 * its lines) in memory. Without a split, one pass: JSONL lines. With a split, a zip streamed
 * with fflate (train.jsonl, validation.jsonl, README.md), in three passes:
 *   1. the pre-flight scan: which conversations are written, and how many per batch;
 *   2. the validation ids, chosen in SQL (per batch, by the seeded hash, largest-remainder
 *      sizes) and kept as a set: the only thing held across the file besides the duplicate
 *      check's hashes;
 *   3. train.jsonl (every written example not in the set), then validation.jsonl (the set,
 *      read back by id), then the dataset card with the counts.
 */

export interface ExportSummary {
  conversations: number;
  examples: number;
  train: number;
  validation: number;
  /** Problems found while writing (duplicates only when they are checked: with excludeProblems or a split). */
  problemCount: number;
}

export interface ExportStream {
  kind: "jsonl" | "zip";
  /** Bytes of the file, produced as the consumer pulls. */
  chunks: AsyncIterable<Uint8Array>;
  /** Filled in as the file is written; final once `chunks` is exhausted. */
  summary: ExportSummary;
}

export interface StreamExportInput {
  db: Queryable;
  userId: string;
  request: ExportRequest;
  /** Conversations created after this (UTC, microseconds) are not part of the export. */
  cutoff: string;
  /** When the export was made (the dataset card and the zip entries' dates). */
  generatedAt: Date;
  /** The file's name without extension (the dataset card's title). */
  name: string;
  pageSize?: number;
}

const encoder = new TextEncoder();

function pages(input: StreamExportInput, onlyIds?: readonly string[]) {
  const { db, userId, cutoff, pageSize } = input;
  return readConversationPages({ db, userId, selection: input.request.selection, cutoff, pageSize, onlyIds });
}

export function streamExport(input: StreamExportInput): ExportStream {
  const options = resolveOptions(input.request.options);
  const summary: ExportSummary = { conversations: 0, examples: 0, train: 0, validation: 0, problemCount: 0 };
  if (options.validationPercent > 0) {
    return { kind: "zip", chunks: splitZip(input, options, summary), summary };
  }
  return { kind: "jsonl", chunks: encode(jsonlPass(input, options, summary)), summary };
}

async function* encode(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield encoder.encode(chunk);
}

/** Without a split: every written example, one line each, a page per chunk. */
async function* jsonlPass(
  input: StreamExportInput,
  options: ResolvedExportOptions,
  summary: ExportSummary,
): AsyncGenerator<string> {
  const pipeline = new ExamplePipeline({ ...options, detectDuplicates: options.excludeProblems });
  for await (const page of pages(input)) {
    let text = "";
    for (const conversation of page) {
      summary.conversations += 1;
      const decision = pipeline.process(conversation);
      summary.problemCount += decision.problems.length;
      if (decision.line === null) continue;
      text += decision.line + "\n";
      summary.examples += 1;
      summary.train += 1;
    }
    if (text !== "") yield text;
  }
}

/** The validation ids: per stratum, the `k` written examples with the lowest seeded rank. */
export async function chooseValidationIds(input: {
  db: Queryable;
  userId: string;
  selection: ExportSelection;
  cutoff: string;
  seed: number;
  excluded: readonly string[];
  allocation: ReadonlyMap<string, number>;
}): Promise<Set<string>> {
  const quotas = [...input.allocation].filter(([, k]) => k > 0);
  if (quotas.length === 0) return new Set();
  const params: unknown[] = [];
  const where = selectionConditions(params, input.userId, input.selection, input.cutoff);
  params.push(
    input.excluded,
    input.seed,
    quotas.map(([key]) => key),
    quotas.map(([, k]) => k),
  );
  const n = params.length;
  const rows = await input.db.query<{ id: string }>(
    `select ranked.id
       from (select c.id, coalesce(c.batch_job_id::text, '') as stratum,
                    row_number() over (partition by c.batch_job_id order by ${splitRankSql(`$${n - 2}::int`)}, c.id) as position
               from public.conversations c
              where ${where} and not (c.id = any($${n - 3}::uuid[]))) ranked
       join unnest($${n - 1}::text[], $${n}::int[]) as quota(stratum, k) on quota.stratum = ranked.stratum
      where ranked.position <= quota.k`,
    params,
  );
  return new Set(rows.map((row) => row.id));
}

interface StratumTally {
  train: number;
  validation: number;
  providers: Set<string>;
  models: Set<string>;
}

function tally(
  strata: Map<string, StratumTally>,
  conversation: ExportConversation,
  file: "train" | "validation",
): void {
  const key = stratumKey(conversation.batchJobId);
  let entry = strata.get(key);
  if (!entry) {
    entry = { train: 0, validation: 0, providers: new Set(), models: new Set() };
    strata.set(key, entry);
  }
  entry[file] += 1;
  if (conversation.provider) entry.providers.add(conversation.provider);
  if (conversation.model) entry.models.add(conversation.model);
}

async function* splitZip(
  input: StreamExportInput,
  options: ResolvedExportOptions,
  summary: ExportSummary,
): AsyncGenerator<Uint8Array> {
  const { db, userId, cutoff } = input;
  const { selection } = input.request;
  const scan = await scanExport({
    db,
    userId,
    selection,
    options,
    cutoff,
    collectExcluded: true,
    detectDuplicates: options.excludeProblems,
    pageSize: input.pageSize,
  });
  summary.conversations = scan.conversations;
  summary.problemCount = scan.problems.total;
  const allocation = allocateValidation(scan.strata, options.validationPercent);
  const validationIds = await chooseValidationIds({
    db,
    userId,
    selection,
    cutoff,
    seed: options.seed,
    excluded: scan.excluded ?? [],
    allocation,
  });
  const strata = new Map<string, StratumTally>();

  async function* train(): AsyncGenerator<string> {
    const pipeline = new ExamplePipeline({ ...options, detectDuplicates: options.excludeProblems });
    for await (const page of pages(input)) {
      let text = "";
      for (const conversation of page) {
        const decision = pipeline.process(conversation);
        if (decision.line === null || validationIds.has(conversation.id)) continue;
        text += decision.line + "\n";
        summary.train += 1;
        summary.examples += 1;
        tally(strata, conversation, "train");
      }
      if (text !== "") yield text;
    }
  }

  async function* validation(): AsyncGenerator<string> {
    // Each was checked (duplicates included) by the scan; the same checks run again here.
    const pipeline = new ExamplePipeline({ ...options, detectDuplicates: false });
    for await (const page of pages(input, [...validationIds])) {
      let text = "";
      for (const conversation of page) {
        const decision = pipeline.process(conversation);
        if (decision.line === null) continue;
        text += decision.line + "\n";
        summary.validation += 1;
        summary.examples += 1;
        tally(strata, conversation, "validation");
      }
      if (text !== "") yield text;
    }
  }

  async function* card(): AsyncGenerator<string> {
    yield renderDatasetCard({
      name: input.name,
      generatedAt: input.generatedAt,
      options,
      counts: { train: summary.train, validation: summary.validation },
      problems: { found: scan.problems.total, excluded: options.excludeProblems },
      sources: await describeSources(db, userId, strata),
    });
  }

  yield* zipStream(
    [
      { name: "train.jsonl", content: train },
      { name: "validation.jsonl", content: validation },
      { name: "README.md", content: card },
    ],
    input.generatedAt,
  );
}

/** The batches behind the examples: name and configured provider/model, with what the conversations record. */
async function describeSources(
  db: Queryable,
  userId: string,
  strata: Map<string, StratumTally>,
): Promise<CardSource[]> {
  const batchIds = [...strata.keys()].filter((key) => key !== "");
  const batches = new Map<string, { name: string; provider: string | null; model: string | null }>();
  if (batchIds.length > 0) {
    const rows = await db.query<{ id: string; name: string; provider: string | null; model: string | null }>(
      `select id, name, config->>'provider' as provider, config->>'model' as model
         from public.batch_jobs where user_id = $1 and id = any($2::uuid[])`,
      [userId, batchIds],
    );
    for (const row of rows) batches.set(row.id, row);
  }
  return [...strata.entries()].map(([key, entry]) => {
    const batch = batches.get(key);
    const providers = new Set(entry.providers);
    const models = new Set(entry.models);
    if (batch?.provider) providers.add(batch.provider);
    if (batch?.model) models.add(batch.model);
    return {
      batchId: key === "" ? null : key,
      batchName: batch?.name ?? null,
      providers: [...providers].sort(),
      models: [...models].sort(),
      train: entry.train,
      validation: entry.validation,
    };
  });
}

interface ZipFile {
  name: string;
  content: () => AsyncIterable<string>;
}

/**
 * A zip archive streamed with fflate: each file deflated as its text arrives, the archive's
 * bytes handed on as they are produced (fflate's Zip emits them synchronously from push).
 */
export async function* zipStream(files: readonly ZipFile[], modified: Date): AsyncGenerator<Uint8Array> {
  const pending: Uint8Array[] = [];
  const state: { failure: Error | null } = { failure: null };
  const zip = new Zip((error, data) => {
    if (error) state.failure = error;
    else if (data.byteLength > 0) pending.push(data);
  });
  const drain = (): Uint8Array | null => {
    if (state.failure) throw state.failure;
    if (pending.length === 0) return null;
    const total = pending.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const joined = pending.length === 1 ? (pending[0] as Uint8Array) : new Uint8Array(total);
    if (pending.length > 1) {
      let offset = 0;
      for (const chunk of pending) {
        joined.set(chunk, offset);
        offset += chunk.byteLength;
      }
    }
    pending.length = 0;
    return joined;
  };

  for (const file of files) {
    const entry = new ZipDeflate(file.name, { level: 6 });
    entry.mtime = modified;
    zip.add(entry);
    for await (const text of file.content()) {
      entry.push(encoder.encode(text), false);
      const chunk = drain();
      if (chunk) yield chunk;
    }
    entry.push(new Uint8Array(0), true);
    const chunk = drain();
    if (chunk) yield chunk;
  }
  zip.end();
  const last = drain();
  if (last) yield last;
}
