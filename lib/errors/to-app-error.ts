/**
 * Anything thrown, as an AppError: each kind of failure is recognised here and mapped by
 * its own module (HTTP answers, the AI provider, Postgres, the network, rehydration).
 */
import { looksLikePostgresError, classifyPostgresError } from "@/lib/db/postgres-errors";
import { AppError } from "./classes";
import { ErrorCode } from "./codes";
import { isAppError } from "./guards";
import { fromHttpStatus } from "./http-status";
import { toNetworkError } from "./network";
import { looksLikeProviderError, toProviderError } from "./provider";
import { rehydrate } from "./rehydrate";
import type { HeadersLike } from "./retry-after";
import { sanitize } from "./sanitize";
import { asBag, shortText } from "./text";

/**
 * AppErrors pass through unchanged; the rest is classified (Postgres, provider, network,
 * HTTP Response) or wrapped as ERR_UNKNOWN.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isAppError(err)) return rehydrate(err);
  // The database engines classify their own failures; this catches one that escaped them.
  if (looksLikePostgresError(err)) return classifyPostgresError(err);
  if (looksLikeProviderError(err)) return toProviderError(err);
  const network = toNetworkError(err);
  if (network) return network;
  if (typeof Response !== "undefined" && err instanceof Response)
    return fromHttpStatus(err.status, undefined, err.headers);

  if (err instanceof Error) {
    return new AppError(ErrorCode.UNKNOWN, shortText(err.message || err.name || "Unknown error"), {
      cause: err,
      context: { originalName: err.name },
    });
  }
  if (typeof err === "string") return new AppError(ErrorCode.UNKNOWN, shortText(err) || "Unknown error");
  const bag = asBag(err);
  if (bag && typeof bag.status === "number" && bag.status >= 400 && bag.status <= 599) {
    return fromHttpStatus(bag.status, bag.body ?? bag.error, asBag(bag.headers) as HeadersLike | undefined);
  }
  return new AppError(ErrorCode.UNKNOWN, "Unknown error", { context: { value: sanitize(err) } });
}
