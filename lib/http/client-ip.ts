import "server-only";

/**
 * The client's IP address as the platform reports it: the first value of X-Forwarded-For
 * (Vercel and `next start` set it), else X-Real-IP, else "unknown".
 *
 * Only trustworthy when the proxy in front of the app OVERWRITES X-Forwarded-For (Vercel
 * does). Behind your own proxy (nginx, a load balancer) configure it to replace the header
 * with the peer address, not append to what the client sent; otherwise a client picks its
 * own IP and with it a fresh per-IP limit on every request.
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || request.headers.get("x-real-ip")?.trim() || "";
  // Whatever the header says, a bucket key stays short and printable.
  const cleaned = candidate.replace(/[^0-9A-Za-z.:[\]%_-]/g, "").slice(0, 64);
  return cleaned === "" ? "unknown" : cleaned.toLowerCase();
}
