import "server-only";
import { errorToResponse, logErrorResponse } from "@/lib/http/route-error-response";
import { isSupabaseConfigured, serverEnv, type ServerEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { isAllowedLocalHost, parseAllowedHosts } from "./host-check";
import { SECURITY_HEADERS } from "./security-headers";

const REFUSAL =
  "This local Training Data Studio answers only to localhost, 127.0.0.1 and [::1] (and the hosts in ALLOWED_HOSTS).";

/**
 * proxy.ts, local mode only: a request whose Host is not loopback or in ALLOWED_HOSTS gets
 * 403 (the app's JSON error shape under /api, a short text page elsewhere); null lets it
 * through. In Supabase mode every request needs the user's own token, which a rebinding
 * page never has, so the Host is not checked there.
 */
export function refuseForeignHost(request: Request, env: ServerEnv = serverEnv()): Response | null {
  if (isSupabaseConfigured(env)) return null;
  if (isAllowedLocalHost(request.headers.get("host"), parseAllowedHosts(env.ALLOWED_HOSTS))) return null;

  const pathname = new URL(request.url).pathname;
  const refusal = new AppError(ErrorCode.API_FORBIDDEN, REFUSAL);
  const response =
    pathname === "/api" || pathname.startsWith("/api/")
      ? errorToResponse(refusal, request)
      : refusalPage(logErrorResponse(refusal, 403, request));
  for (const { key, value } of SECURITY_HEADERS) response.headers.set(key, value);
  return response;
}

/** A page's refusal: short text, with the errorId it was logged under (like every error answer). */
function refusalPage(errorId: string): Response {
  const text = `403 Forbidden\n\n${REFUSAL}\nOpen the app at http://127.0.0.1:<port>/ on this machine.\n\nError id: ${errorId}\n`;
  return new Response(text, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
