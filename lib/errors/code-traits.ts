/**
 * What each error code means for the rest of the app: its category (how the UI groups it)
 * and whether repeating the same request later can succeed.
 */
import type { ErrorCode } from "./codes";

export type ErrorCategory =
  | "rate_limit"
  | "network"
  | "validation"
  | "auth"
  | "not_found"
  | "conflict"
  | "generation"
  | "database"
  | "server"
  | "unknown";

export const CATEGORY_BY_CODE: Record<ErrorCode, ErrorCategory> = {
  ERR_API_BAD_REQUEST: "validation",
  ERR_API_UNAUTHORIZED: "auth",
  ERR_API_FORBIDDEN: "auth",
  ERR_API_NOT_FOUND: "not_found",
  ERR_API_CONFLICT: "conflict",
  ERR_API_GONE: "not_found",
  ERR_API_PAYLOAD_TOO_LARGE: "validation",
  ERR_API_RATE_LIMIT: "rate_limit",
  ERR_API_SERVER_ERROR: "server",
  ERR_API_SERVICE_UNAVAILABLE: "server",
  ERR_API_INVALID_RESPONSE: "server",
  ERR_NET_OFFLINE: "network",
  ERR_NET_TIMEOUT: "network",
  ERR_NET_CONNECTION_FAILED: "network",
  ERR_NET_ABORTED: "network",
  ERR_GEN_RATE_LIMIT: "rate_limit",
  ERR_GEN_OVERLOADED: "generation",
  ERR_GEN_PROVIDER_ERROR: "generation",
  ERR_GEN_TIMEOUT: "generation",
  ERR_GEN_INVALID_OUTPUT: "generation",
  ERR_GEN_INVALID_REQUEST: "generation",
  ERR_GEN_AUTH_FAILED: "generation",
  ERR_GEN_CONTENT_FILTERED: "generation",
  ERR_DB_CONNECTION: "database",
  ERR_DB_UNIQUE_VIOLATION: "database",
  ERR_DB_FOREIGN_KEY_VIOLATION: "database",
  ERR_DB_CHECK_VIOLATION: "database",
  ERR_DB_NOT_NULL_VIOLATION: "database",
  ERR_DB_SERIALIZATION_FAILURE: "database",
  ERR_DB_DEADLOCK: "database",
  ERR_DB_TIMEOUT: "database",
  ERR_DB_LOCKED: "database",
  ERR_DB_MIGRATION_FAILED: "database",
  ERR_DB_QUERY_FAILED: "database",
  ERR_VAL_INVALID_INPUT: "validation",
  ERR_VAL_MALFORMED_JSON: "validation",
  ERR_VAL_UNSUPPORTED_MEDIA_TYPE: "validation",
  ERR_VAL_PAYLOAD_TOO_LARGE: "validation",
  ERR_VAL_INVALID_ID: "validation",
  ERR_AUTH_REQUIRED: "auth",
  ERR_AUTH_INVALID_TOKEN: "auth",
  ERR_AUTH_TOKEN_EXPIRED: "auth",
  ERR_NOT_FOUND: "not_found",
  ERR_CONFLICT: "conflict",
  ERR_GONE: "not_found",
  ERR_CONFIG_INVALID: "server",
  ERR_INTERNAL: "server",
  ERR_UNKNOWN: "unknown",
};

/**
 * Whether the same request, repeated later, can succeed. This is not `isRecoverable`
 * (a 409 is recoverable by refreshing, but repeating it verbatim is pointless).
 */
export const RETRYABLE_BY_CODE: Record<ErrorCode, boolean> = {
  ERR_API_BAD_REQUEST: false,
  ERR_API_UNAUTHORIZED: false,
  ERR_API_FORBIDDEN: false,
  ERR_API_NOT_FOUND: false,
  ERR_API_CONFLICT: false,
  ERR_API_GONE: false,
  ERR_API_PAYLOAD_TOO_LARGE: false,
  ERR_API_RATE_LIMIT: true,
  ERR_API_SERVER_ERROR: true,
  ERR_API_SERVICE_UNAVAILABLE: true,
  ERR_API_INVALID_RESPONSE: false,
  ERR_NET_OFFLINE: true,
  ERR_NET_TIMEOUT: true,
  ERR_NET_CONNECTION_FAILED: true,
  ERR_NET_ABORTED: false,
  ERR_GEN_RATE_LIMIT: true,
  ERR_GEN_OVERLOADED: true,
  ERR_GEN_PROVIDER_ERROR: true,
  ERR_GEN_TIMEOUT: true,
  ERR_GEN_INVALID_OUTPUT: true,
  ERR_GEN_INVALID_REQUEST: false,
  ERR_GEN_AUTH_FAILED: false,
  ERR_GEN_CONTENT_FILTERED: false,
  ERR_DB_CONNECTION: true,
  ERR_DB_UNIQUE_VIOLATION: false,
  ERR_DB_FOREIGN_KEY_VIOLATION: false,
  ERR_DB_CHECK_VIOLATION: false,
  ERR_DB_NOT_NULL_VIOLATION: false,
  ERR_DB_SERIALIZATION_FAILURE: true,
  ERR_DB_DEADLOCK: true,
  ERR_DB_TIMEOUT: true,
  ERR_DB_LOCKED: true,
  ERR_DB_MIGRATION_FAILED: false,
  ERR_DB_QUERY_FAILED: false,
  ERR_VAL_INVALID_INPUT: false,
  ERR_VAL_MALFORMED_JSON: false,
  ERR_VAL_UNSUPPORTED_MEDIA_TYPE: false,
  ERR_VAL_PAYLOAD_TOO_LARGE: false,
  ERR_VAL_INVALID_ID: false,
  ERR_AUTH_REQUIRED: false,
  ERR_AUTH_INVALID_TOKEN: false,
  ERR_AUTH_TOKEN_EXPIRED: false,
  ERR_NOT_FOUND: false,
  ERR_CONFLICT: false,
  ERR_GONE: false,
  ERR_CONFIG_INVALID: false,
  ERR_INTERNAL: true,
  ERR_UNKNOWN: false,
};
