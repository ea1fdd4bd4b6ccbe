import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";

export interface DashboardCounts {
  conversations: number;
  turns: number;
  batchJobs: number;
  /** Backups that can still be downloaded or restored. */
  activeBackups: number;
}

interface CountsRow extends Record<string, unknown> {
  conversations: number | string;
  turns: number | string;
  batch_jobs: number | string;
  active_backups: number | string;
}

/** The home page's numbers, in one round trip. Every count is scoped to the user. */
export async function getDashboardCounts({ db, userId }: { db?: Queryable; userId: string }): Promise<DashboardCounts> {
  const queryable = db ?? (await getDb());
  const [row] = await queryable.query<CountsRow>(
    `select
       (select count(*) from public.conversations where user_id = $1) as conversations,
       (select count(*) from public.conversation_turns where user_id = $1) as turns,
       (select count(*) from public.batch_jobs where user_id = $1) as batch_jobs,
       (select count(*) from public.backup_exports where user_id = $1 and expires_at > now()) as active_backups`,
    [userId],
  );
  return {
    conversations: Number(row?.conversations ?? 0),
    turns: Number(row?.turns ?? 0),
    batchJobs: Number(row?.batch_jobs ?? 0),
    activeBackups: Number(row?.active_backups ?? 0),
  };
}
