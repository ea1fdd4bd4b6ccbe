import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { ExamplePipeline, ExampleStats, ProblemList } from "./pipeline";
import { assertSelectionOwned, databaseNow, readConversationPages } from "./read";
import { resolveOptions, type ResolvedExportOptions } from "./schemas";
import { allocateValidation, stratumKey } from "./split";
import type { ExportPreview, ExportProblem, ExportRequest, ExportSelection } from "./types";

/*
 * The pre-flight scan: every selected conversation read once (a page at a time) through the
 * same pipeline the download uses. Keeps counts, a turns histogram, the first problems, the
 * examples per batch (for the split) and, when the split needs it, the ids left out.
 */

export interface ScanInput {
  db: Queryable;
  userId: string;
  selection: ExportSelection;
  options: ResolvedExportOptions;
  cutoff: string;
  /** Keep the ids of the conversations that are not written (the split's SQL leaves them out). */
  collectExcluded?: boolean;
  /** Default true (the preview reports duplicates); a download checks only when it excludes problems. */
  detectDuplicates?: boolean;
  pageSize?: number;
}

export interface ScanResult {
  conversations: number;
  stats: ExampleStats;
  problems: ProblemList;
  /** Examples written per stratum (batch id, "" for none). */
  strata: Map<string, number>;
  excluded: string[] | null;
}

export async function scanExport(input: ScanInput): Promise<ScanResult> {
  const pipeline = new ExamplePipeline({
    format: input.options.format,
    systemPrompt: input.options.systemPrompt,
    excludeProblems: input.options.excludeProblems,
    detectDuplicates: input.detectDuplicates,
  });
  const stats = new ExampleStats();
  const problems = new ProblemList();
  const strata = new Map<string, number>();
  const excluded: string[] | null = input.collectExcluded ? [] : null;
  let conversations = 0;
  for await (const page of readConversationPages({ ...input })) {
    for (const conversation of page) {
      conversations += 1;
      const decision = pipeline.process(conversation);
      problems.add(conversation, decision.problems);
      if (decision.line === null) {
        excluded?.push(conversation.id);
        continue;
      }
      stats.add(decision.turns, decision.estimatedTokens);
      const key = stratumKey(conversation.batchJobId);
      strata.set(key, (strata.get(key) ?? 0) + 1);
    }
  }
  return { conversations, stats, problems, strata, excluded };
}

/** "Same content as “<title>”" for the listed duplicates (one query for their originals' titles). */
async function describeDuplicates(db: Queryable, userId: string, problems: ProblemList): Promise<ExportProblem[]> {
  const originals = [
    ...new Set(problems.listed.flatMap((problem) => (problem.duplicateOf ? [problem.duplicateOf] : []))),
  ];
  const titles = new Map<string, string>();
  if (originals.length > 0) {
    const rows = await db.query<{ id: string; title: string }>(
      `select id, title from public.conversations where user_id = $1 and id = any($2::uuid[])`,
      [userId, originals],
    );
    for (const row of rows) titles.set(row.id, row.title);
  }
  return problems.listed.map(({ duplicateOf, ...problem }) => {
    if (duplicateOf === undefined) return problem;
    const title = titles.get(duplicateOf);
    return { ...problem, message: title === undefined ? problem.message : `Same content as “${title}”.` };
  });
}

export interface PreviewExportInput {
  db?: Queryable;
  userId: string;
  request: ExportRequest;
}

/** POST /api/exports/preview: 404 for a batch or an id that is not the user's. */
export async function previewExport(input: PreviewExportInput): Promise<ExportPreview> {
  const db = input.db ?? (await getDb());
  const { selection } = input.request;
  const options = resolveOptions(input.request.options);
  await assertSelectionOwned(db, input.userId, selection);
  const cutoff = await databaseNow(db);
  const scan = await scanExport({ db, userId: input.userId, selection, options, cutoff });

  let split: ExportPreview["split"] = null;
  if (options.validationPercent > 0) {
    const allocation = allocateValidation(scan.strata, options.validationPercent);
    const validation = [...allocation.values()].reduce((sum, n) => sum + n, 0);
    split = { train: scan.stats.count - validation, validation };
  }
  return {
    conversations: scan.conversations,
    examples: scan.stats.count,
    turnsPerExample: scan.stats.turnsPerExample(),
    estimatedTokens: scan.stats.estimatedTokens,
    problems: await describeDuplicates(db, input.userId, scan.problems),
    problemCount: scan.problems.total,
    split,
  };
}
