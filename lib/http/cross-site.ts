import "server-only";
import { AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

/*
 * Cross-site request forgery guard for state-changing requests. A page on another site can
 * make the browser POST a form (or a body-less fetch) to us; in local mode there is no
 * cookie to withhold, so nothing but this check stops it. Same-origin pages, and clients
 * that are not browsers (curl, scripts, tests), pass.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a browser says the request came from another origin. Sec-Fetch-Site is asked
 * first (every current browser sends it and a page cannot forge it); otherwise Origin is
 * compared with the host the browser addressed, as Next.js does for server actions.
 */
export function isCrossSiteRequest(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  // "none": the user opened the URL directly (address bar, bookmark), not a page.
  if (fetchSite !== null) return fetchSite !== "same-origin" && fetchSite !== "none";

  const origin = request.headers.get("origin");
  if (origin === null) return false;
  // Sandboxed frames and some redirects send the opaque origin "null": never ours.
  if (origin === "null") return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (!host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Throws 403 ERR_API_FORBIDDEN for a cross-site request with a method that changes state. */
export function assertNotCrossSite(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase()) || !isCrossSiteRequest(request)) return;
  throw new AppError(ErrorCode.API_FORBIDDEN, "Requests from other sites are not accepted. Use the app itself.");
}
