import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { healthReport } from "@/lib/health";

/** GET /api/health: engine, migrations, generator and auth mode; 503 when the database is down. */
export const GET = withRoute(async () => jsonResponse(await healthReport()), { auth: "none" });
