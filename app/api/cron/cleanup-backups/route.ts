import { jsonResponse, withRoute } from "@/lib/api/route-handler";
import { authorizeCron } from "@/lib/backup/cron-auth";
import { cleanupExpiredBackups } from "@/lib/backup/storage";
import { kickBatchEngine } from "@/lib/batch/worker/process-worker";
import { serverEnv } from "@/lib/env";

/**
 * GET /api/cron/cleanup-backups (Vercel Cron, daily: vercel.json) -> { removed } or
 * { removed: 0, skipped: "already running" }. Authorization: Bearer $CRON_SECRET, else 401.
 * On serverless it also revives batches whose work stalled with nobody looking.
 */
export const GET = withRoute(
  async ({ request }) => {
    authorizeCron(request, serverEnv());
    const result = await cleanupExpiredBackups();
    await kickBatchEngine({ origin: new URL(request.url).origin });
    return jsonResponse(result);
  },
  { auth: "none" },
);
