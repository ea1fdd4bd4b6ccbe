import { jsonResponse, withRoute } from "@/lib/api/route-handler";
import { authorizeCron } from "@/lib/backup/cron-auth";
import { cleanupExpiredBackups } from "@/lib/backup/storage";
import { serverEnv } from "@/lib/env";

/**
 * GET /api/cron/cleanup-backups (Vercel Cron, daily: vercel.json) -> { removed } or
 * { removed: 0, skipped: "already running" }. Authorization: Bearer $CRON_SECRET, else 401.
 */
export const GET = withRoute(
  async ({ request }) => {
    authorizeCron(request, serverEnv());
    return jsonResponse(await cleanupExpiredBackups());
  },
  { auth: "none" },
);
