/**
 * How long a backup has left, in the coarse units a reader plans with ("expires in 6 d 23 h").
 * Rounded down, so the page never promises more time than there is.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatTimeLeft(expiresAt: string | Date, now: number): string {
  const expiry = typeof expiresAt === "string" ? new Date(expiresAt).getTime() : expiresAt.getTime();
  if (Number.isNaN(expiry)) return "expiry unknown";
  const left = expiry - now;
  if (left <= 0) return "expired";
  if (left < MINUTE) return "expires in less than a minute";
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return `expires in ${days} d ${hours} h`;
  if (hours > 0) return `expires in ${hours} h ${minutes} min`;
  return `expires in ${minutes} min`;
}
