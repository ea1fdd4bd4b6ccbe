/**
 * Ties the shared countdown to an API client's rate limiter both ways: a 429 the limiter saw
 * starts the countdown for every tab, and a countdown from any tab (or a generation rate limit
 * shown by the manager) holds the limiter's requests until it ends.
 */
import type { RateLimiter } from "@/lib/api/rate-limiter";
import type { SharedCountdown } from "./shared-countdown";

export function connectRateLimiter(
  limiter: Pick<RateLimiter, "subscribe" | "pauseUntil" | "getState">,
  countdown: SharedCountdown,
): () => void {
  // Both sides ignore an end that is not later than their own, so this cannot loop.
  const stopLimiter = limiter.subscribe((state) => {
    if (state.limitedUntil !== null) countdown.start(state.limitedUntil);
  });
  const stopCountdown = countdown.subscribe((until) => limiter.pauseUntil(until));
  const running = countdown.getUntil();
  if (running !== null) limiter.pauseUntil(running);
  return () => {
    stopLimiter();
    stopCountdown();
  };
}
