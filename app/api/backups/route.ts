import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { listBackups } from "@/lib/backup";

/** GET /api/backups -> { backups }: the user's unexpired backups, newest first. */
export const GET = withRoute(async ({ user }) => jsonResponse({ backups: await listBackups({ userId: user.id }) }));
