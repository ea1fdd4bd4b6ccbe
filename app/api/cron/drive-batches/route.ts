import { after } from "next/server";
import { jsonResponse, withRoute } from "@/lib/http/route-handler";
import { authorizeCron } from "@/lib/backup/cron-auth";
import { runDrive } from "@/lib/batch/worker/drive";
import { isAnyWorkerAlive } from "@/lib/batch/workers";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env";
import { errorLogger } from "@/lib/errors";

/*
 * Serverless batch drives (BATCH_WORKER=drive, the default on Vercel). A drive that runs out
 * of time hands over by calling this route; a Vercel cron may call it too (GET) to revive
 * batches nobody is looking at. Authorization: Bearer $CRON_SECRET, else 401. Answers 202 at
 * once; the drive runs after the response, within the function's time limit, unless a
 * worker is alive already ({ started: false }).
 */
async function startDrive(request: Request): Promise<Response> {
  const env = serverEnv();
  authorizeCron(request, env);
  const db = await getDb();
  // One drive at a time: a live worker (a drive still running) carries on and hands over by itself.
  if (await isAnyWorkerAlive(db)) return jsonResponse({ started: false, reason: "a worker is alive" }, { status: 202 });
  after(async () => {
    try {
      await runDrive({ db, env });
    } catch (error) {
      errorLogger.error(error, { stage: "drive" });
    }
  });
  return jsonResponse({ started: true }, { status: 202 });
}

export const GET = withRoute(({ request }) => startDrive(request), { auth: "none" });
export const POST = withRoute(({ request }) => startDrive(request), { auth: "none" });

// A drive may take the function's whole time limit (Vercel: up to 300 s on Hobby with Fluid compute).
export const maxDuration = 300;
