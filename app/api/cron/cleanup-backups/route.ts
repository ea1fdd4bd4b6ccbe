import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { authorizeCron } from "@/lib/backup/cron-auth";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";
import { serverEnv } from "@/lib/env";
import { runDailyCleanup } from "@/lib/maintenance/daily-cleanup";

/**
 * GET /api/cron/cleanup-backups (Vercel Cron, daily: vercel.json) -> the daily clean-up's
 * answer: { removed, remaining, pruned: { errorLogs, batchWorkers, rateLimitWindows, exportRequests } },
 * with skipped: "already running" when another run held the backup lock.
 * Authorization: Bearer $CRON_SECRET, else 401.
 * On serverless it also revives batches whose work stalled with nobody looking.
 */
export const GET = withRoute(
  async ({ request }) => {
    authorizeCron(request, serverEnv());
    const result = await runDailyCleanup();
    await kickBatchEngine();
    return jsonResponse(result);
  },
  { auth: "none" },
);
