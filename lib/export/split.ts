import { createHash } from "node:crypto";

/*
 * The train/validation split: deterministic for a seed, disjoint, stratified by batch.
 *
 * - Strata: the batch a conversation came from (conversations.batch_job_id); conversations
 *   without a batch form one stratum of their own.
 * - Size: round(N * percent / 100) in total, shared out across strata by largest remainder
 *   (each stratum gets floor(n_s * percent / 100), the leftover examples go to the strata with
 *   the largest fractional parts, ties by stratum key), so the total is exact and every batch
 *   contributes its share.
 * - Which ones: inside a stratum, the examples with the smallest md5("<seed>:<id>") (ties by
 *   id). The server computes the same ordering in SQL (md5($seed || ':' || id::text)), so the
 *   JS reference here and the database agree (tests check both).
 */

/** The stratum key of a conversation's batch; "" for conversations without one. */
export function stratumKey(batchJobId: string | null): string {
  return batchJobId === null ? "" : batchJobId.toLowerCase();
}

/** The seeded rank of an example inside its stratum (lower goes to validation first). */
export function splitRank(seed: number, id: string): string {
  return createHash("md5").update(`${seed}:${id.toLowerCase()}`, "utf8").digest("hex");
}

/** The SQL expression of splitRank for a conversations alias `c` and a seed parameter. */
export function splitRankSql(seedParam: string): string {
  return `md5(${seedParam}::text || ':' || c.id::text) collate "C"`;
}

/** How many validation examples each stratum gives: largest remainder of n_s * percent / 100. */
export function allocateValidation(strata: ReadonlyMap<string, number>, percent: number): Map<string, number> {
  const total = [...strata.values()].reduce((sum, n) => sum + n, 0);
  const target = Math.round((total * percent) / 100);
  const rows = [...strata.entries()].map(([key, n]) => {
    const quota = (n * percent) / 100;
    const floor = Math.floor(quota);
    return { key, n, floor, remainder: quota - floor };
  });
  let left = target - rows.reduce((sum, row) => sum + row.floor, 0);
  const byRemainder = [...rows].sort(
    (a, b) => b.remainder - a.remainder || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const allocation = new Map(rows.map((row) => [row.key, row.floor]));
  for (const row of byRemainder) {
    if (left <= 0) break;
    if (row.remainder <= 0 || (allocation.get(row.key) ?? 0) >= row.n) continue;
    allocation.set(row.key, (allocation.get(row.key) ?? 0) + 1);
    left -= 1;
  }
  return allocation;
}

export interface SplitCandidate {
  id: string;
  batchJobId: string | null;
}

/**
 * The reference split in memory: the validation ids.
 * @internal For tests, which check the streamed split against it.
 */
export function selectValidation(examples: readonly SplitCandidate[], percent: number, seed: number): Set<string> {
  const strata = new Map<string, { id: string; rank: string }[]>();
  for (const example of examples) {
    const key = stratumKey(example.batchJobId);
    const list = strata.get(key) ?? [];
    list.push({ id: example.id.toLowerCase(), rank: splitRank(seed, example.id) });
    strata.set(key, list);
  }
  const allocation = allocateValidation(new Map([...strata].map(([key, list]) => [key, list.length])), percent);
  const validation = new Set<string>();
  for (const [key, list] of strata) {
    list.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const { id } of list.slice(0, allocation.get(key) ?? 0)) validation.add(id);
  }
  return validation;
}
