/**
 * Turns a non-2xx Response into an APIError: our `{"error": {...}}` shape when the body has
 * it (code, message, details, errorId kept), otherwise an error derived from the status.
 * The call itself (method, path, status, sanitized body) rides along for the details modal.
 */
import { fromHttpStatus, type APIError } from "@/lib/errors";
import { attachExchange, requestPath, responseBody } from "./error-exchange";

export interface ParseErrorResponseOptions {
  /** Clock for HTTP-date Retry-After values (tests). */
  now?: number;
  /** The request, for the details modal and the logs ("GET /api/batches"). */
  method?: string;
  url?: string;
}

/** Never throws: an unreadable body simply yields the status-derived error. */
export async function parseErrorResponse(
  response: Response,
  options: ParseErrorResponseOptions = {},
): Promise<APIError> {
  let body = "";
  try {
    body = await response.text();
  } catch {
    // Body stream broke mid-read; the status still says what happened.
  }
  const error = fromHttpStatus(response.status, body, response.headers, { now: options.now });
  // The status and body fromHttpStatus notes are in the exchange below; one copy is enough.
  delete error.context.status;
  delete error.context.body;
  return attachExchange(error, {
    request: options.method && options.url ? { method: options.method, url: requestPath(options.url) } : undefined,
    response: { status: response.status, body: responseBody(body) },
  });
}
