/**
 * The error layer's public surface. Everything here is browser-safe: the API client, the
 * logger and the route handler all import from "@/lib/errors". The provider mapping
 * (./provider) is imported directly by the generator; Postgres classification lives in
 * lib/db/postgres-errors.
 */
export * from "./codes";
export * from "./classes";
export * from "./sanitize";
export * from "./guards";
export * from "./retry-after";
export * from "./user-messages";
export type { ErrorCategory } from "./code-traits";
export { fromHttpStatus } from "./http-status";
export { abortedError } from "./network";
export { toAppError } from "./to-app-error";
export { categorizeError, getErrorTreatment, isRetryable, type ErrorTreatment } from "./treatment";
export * from "./logger";
export * from "./log-console";
export * from "./log-server";
export * from "./default-logger";
