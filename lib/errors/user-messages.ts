/**
 * What the user reads for each code: what happened, in plain words, and what to do next.
 * Never interpolates provider or database text; the only variables are numbers we computed.
 */
import { APIError, GenerationError, ValidationError, type AppError } from "./classes";
import { CATEGORY_BY_CODE } from "./code-traits";
import { ErrorCode } from "./codes";
import { asBag } from "./text";
import { toAppError } from "./to-app-error";

export const USER_MESSAGES: Record<ErrorCode, string> = {
  ERR_API_BAD_REQUEST: "The request was not accepted. Check what you entered and try again.",
  ERR_API_UNAUTHORIZED: "Your session has ended. Sign in again to continue.",
  ERR_API_FORBIDDEN: "You do not have access to this. Ask the owner or sign in with another account.",
  ERR_API_NOT_FOUND: "We could not find this item. It may have been deleted; refresh the page.",
  ERR_API_CONFLICT: "Someone or something else changed this at the same time. Refresh the page and try again.",
  ERR_API_GONE: "This is no longer available (it expired or was cancelled).",
  ERR_API_PAYLOAD_TOO_LARGE: "This is too large to send in one go. Split it into smaller parts.",
  ERR_API_RATE_LIMIT: "Too many requests in a short time. Wait a moment, then try again.",
  ERR_API_SERVER_ERROR: "Something went wrong on our side. Try again in a moment.",
  ERR_API_SERVICE_UNAVAILABLE: "The service is busy or restarting. Try again in a moment.",
  ERR_API_INVALID_RESPONSE: "The server sent an answer we could not read. Try again; if it keeps happening, report it.",
  ERR_NET_OFFLINE: "You appear to be offline. Check your connection; we will retry when you are back.",
  ERR_NET_TIMEOUT: "The server took too long to answer. Try again in a moment.",
  ERR_NET_CONNECTION_FAILED: "We could not reach the server. Check your connection and try again.",
  ERR_NET_ABORTED: "The request was cancelled.",
  ERR_GEN_RATE_LIMIT: "The AI provider's rate limit was reached. Wait a moment before generating more.",
  ERR_GEN_OVERLOADED: "The AI provider is overloaded right now. Try again in a few moments.",
  ERR_GEN_PROVIDER_ERROR: "The AI provider had a problem producing this conversation. Try again.",
  ERR_GEN_TIMEOUT: "The AI provider took too long to answer. Try again.",
  ERR_GEN_INVALID_OUTPUT: "The AI provider returned an unusable conversation. Try generating it again.",
  ERR_GEN_INVALID_REQUEST: "The AI provider rejected these settings. Check the model and parameters, then try again.",
  ERR_GEN_AUTH_FAILED: "The AI provider refused our credentials. An administrator needs to check the API key.",
  ERR_GEN_CONTENT_FILTERED: "The AI provider declined this topic. Rephrase the topic and try again.",
  ERR_DB_CONNECTION: "The database is unreachable right now. Try again in a moment.",
  ERR_DB_UNIQUE_VIOLATION: "This already exists. Refresh the page to see the current data.",
  ERR_DB_FOREIGN_KEY_VIOLATION: "This refers to something that no longer exists. Refresh the page and try again.",
  ERR_DB_CHECK_VIOLATION: "A value is not allowed. Check what you entered and try again.",
  ERR_DB_NOT_NULL_VIOLATION: "A required value is missing. Fill in every required field and try again.",
  ERR_DB_SERIALIZATION_FAILURE: "Another change got there first. Try again.",
  ERR_DB_DEADLOCK: "Another change got there first. Try again.",
  ERR_DB_TIMEOUT: "The database took too long to answer. Try again in a moment.",
  ERR_DB_LOCKED: "This is being changed by another operation. Try again in a moment.",
  ERR_DB_MIGRATION_FAILED: "The database could not be prepared. An administrator needs to check the server logs.",
  ERR_DB_QUERY_FAILED: "The data could not be saved or loaded. Try again; if it keeps happening, report it.",
  ERR_VAL_INVALID_INPUT: "Some of what you entered is not valid. Correct the highlighted fields and try again.",
  ERR_VAL_MALFORMED_JSON: "The request could not be read. Reload the page and try again.",
  ERR_VAL_UNSUPPORTED_MEDIA_TYPE: "The request was sent in a format we do not accept. Reload the page and try again.",
  ERR_VAL_PAYLOAD_TOO_LARGE: "This is too large to send in one go. Split it into smaller parts.",
  ERR_VAL_INVALID_ID: "This link or id is not valid. Check the address and try again.",
  ERR_AUTH_REQUIRED: "Sign in to continue.",
  ERR_AUTH_INVALID_TOKEN: "Your sign-in could not be verified. Sign in again.",
  ERR_AUTH_TOKEN_EXPIRED: "Your session has expired. Sign in again to continue.",
  ERR_NOT_FOUND: "We could not find this item. It may have been deleted; refresh the page.",
  ERR_CONFLICT: "This changed at the same time somewhere else. Refresh the page and try again.",
  ERR_GONE: "This is no longer available (it expired or was cancelled).",
  ERR_CONFIG_INVALID: "The app is not configured correctly. An administrator needs to check the settings.",
  ERR_INTERNAL: "Something went wrong on our side. Try again; if it keeps happening, report it with the error id.",
  ERR_UNKNOWN: "Something unexpected went wrong. Try again; if it keeps happening, report it with the error id.",
};

/** "about 30 seconds" / "about 2 minutes", for rate-limit sentences. */
export function describeWait(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} second${whole === 1 ? "" : "s"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

function retryAfterOf(error: AppError): number | undefined {
  if (error instanceof APIError || error instanceof GenerationError) return error.retryAfter;
  return undefined;
}

function fieldNames(error: AppError): string[] {
  if (error instanceof ValidationError) return Object.keys(error.fieldErrors);
  if (error instanceof APIError) {
    const fieldErrors = asBag(error.details?.fieldErrors);
    if (fieldErrors) return Object.keys(fieldErrors);
  }
  return [];
}

/**
 * A sentence for the user: what happened and what to do. Built from the code (plus numbers
 * we computed and field names from our own schemas), never from provider or database text.
 */
export function getUserMessage(err: unknown): string {
  const error = toAppError(err);
  if (error.userMessage) return error.userMessage;

  const wait = retryAfterOf(error);
  if (wait !== undefined && wait > 0) {
    if (error.code === ErrorCode.API_RATE_LIMIT) {
      return `Too many requests in a short time. Wait ${describeWait(wait)}, then try again.`;
    }
    if (error.code === ErrorCode.GEN_RATE_LIMIT) {
      return `The AI provider's rate limit was reached. Wait ${describeWait(wait)} before generating more.`;
    }
  }

  const fields = fieldNames(error).filter((name) => /^[\w.[\]-]{1,80}$/.test(name));
  if (fields.length > 0 && CATEGORY_BY_CODE[error.code] === "validation") {
    const listed = fields.slice(0, 5).join(", ");
    return `Some of what you entered is not valid. Check ${fields.length === 1 ? "this field" : "these fields"}: ${listed}${fields.length > 5 ? ", …" : ""}.`;
  }
  return USER_MESSAGES[error.code];
}
