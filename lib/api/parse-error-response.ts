/**
 * Turns a non-2xx Response into an APIError: our `{"error": {...}}` shape when the body has
 * it (code, message, details, errorId kept), otherwise an error derived from the status.
 */
import type { APIError } from "@/lib/errors/classes";
import { fromHttpStatus, type FromHttpStatusOptions } from "@/lib/errors/http-status";

/** The same options fromHttpStatus takes (clock, and the request for the logs). */
export type ParseErrorResponseOptions = FromHttpStatusOptions;

/** Never throws: an unreadable body simply yields the status-derived error. */
export async function parseErrorResponse(response: Response, options: ParseErrorResponseOptions = {}): Promise<APIError> {
  let body = "";
  try {
    body = await response.text();
  } catch {
    // Body stream broke mid-read; the status still says what happened.
  }
  return fromHttpStatus(response.status, body, response.headers, options);
}
