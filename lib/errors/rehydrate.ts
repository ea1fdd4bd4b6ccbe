/** An AppError rebuilt from a plain object that once was one (JSON, postMessage, another bundle's copy). */
import {
  APIError,
  AppError,
  DatabaseError,
  GenerationError,
  NetworkError,
  ValidationError,
  type AppErrorOptions,
  type FieldErrors,
} from "./classes";
import type { AppErrorLike } from "./guards";
import { asBag, shortText, type Bag } from "./text";

export function rehydrate(like: AppErrorLike): AppError {
  const bag = like as unknown as Bag;
  const options: AppErrorOptions = {
    isRecoverable: typeof like.isRecoverable === "boolean" ? like.isRecoverable : undefined,
    context: asBag(like.context),
    errorId: typeof like.errorId === "string" ? like.errorId : undefined,
    timestamp: typeof like.timestamp === "string" ? like.timestamp : undefined,
  };
  const message = shortText(like.message);
  const retryAfter = typeof bag.retryAfter === "number" ? bag.retryAfter : undefined;
  switch (like.name) {
    case "APIError":
      return new APIError(like.code, message, {
        ...options,
        status: typeof bag.status === "number" ? bag.status : 500,
        retryAfter,
        details: asBag(bag.details),
      });
    case "NetworkError":
      return new NetworkError(like.code, message, options);
    case "ValidationError":
      return new ValidationError(message, (asBag(bag.fieldErrors) as FieldErrors | undefined) ?? {}, {
        ...options,
        code: like.code,
      });
    case "GenerationError":
      return new GenerationError(like.code, message, {
        ...options,
        provider: typeof bag.provider === "string" ? bag.provider : undefined,
        retryAfter,
        shouldRetry: typeof bag.shouldRetry === "boolean" ? bag.shouldRetry : undefined,
      });
    case "DatabaseError":
      return new DatabaseError(like.code, message, {
        ...options,
        sqlState: typeof bag.sqlState === "string" ? bag.sqlState : undefined,
        constraint: typeof bag.constraint === "string" ? bag.constraint : undefined,
      });
    default:
      return new AppError(like.code, message, options);
  }
}
