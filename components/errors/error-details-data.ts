/**
 * Everything the error-details modal shows, copies or reports, computed without React so it
 * can be tested directly. The one rule: nothing leaves this module unsanitized.
 */
import {
  REDACTED,
  categorizeError,
  getErrorTreatment,
  getUserMessage,
  sanitize,
  type AppError,
  type ErrorCategory,
  type ErrorTreatment,
} from "@/lib/errors";
import { exchangeOf } from "@/lib/api/error-exchange";
import type { ErrorDetailsExtra, ErrorDetailsRequest, ErrorDetailsResponse } from "./error-details-store";

export interface SanitizedErrorDetails {
  errorId: string;
  code: string;
  name: string;
  message: string;
  userMessage: string;
  category: ErrorCategory;
  treatment: ErrorTreatment;
  isRecoverable: boolean;
  /** When the error happened (AppError.timestamp), ISO. */
  timestamp: string;
  stack: string;
  context: Record<string, unknown>;
  /** The failed API call: method and path (no origin, tokens redacted). */
  request?: ErrorDetailsRequest;
  /** Its answer: status and body. Absent when no answer came. */
  response?: ErrorDetailsResponse;
  subject?: string;
  batchId?: string;
  itemId?: string;
}

export interface ErrorDetailsView {
  details: SanitizedErrorDetails;
  /** How many values sanitize() replaced; the modal says so. */
  redactedCount: number;
}

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** "[REDACTED]" markers in the sanitized details: also counts what the API client hid when it kept a response body. */
function countRedactions(value: unknown): number {
  try {
    return (JSON.stringify(value) ?? "").split(REDACTED).length - 1;
  } catch {
    // A BigInt somewhere in a context: no count rather than no modal.
    return 0;
  }
}

function readRequest(value: unknown): ErrorDetailsRequest | undefined {
  if (!isBag(value) || typeof value.method !== "string" || typeof value.url !== "string") return undefined;
  return value.body === undefined
    ? { method: value.method, url: value.url }
    : { method: value.method, url: value.url, body: value.body };
}

function readResponse(value: unknown): ErrorDetailsResponse | undefined {
  if (!isBag(value) || typeof value.status !== "number") return undefined;
  return value.body === undefined ? { status: value.status } : { status: value.status, body: value.body };
}

/**
 * Sanitizes the error and the call around it in one pass. An API client error carries its
 * call (see lib/api/error-exchange); it is shown in Request and Response, not in Context.
 */
export function buildErrorDetails(error: AppError, extra: ErrorDetailsExtra = {}): ErrorDetailsView {
  const exchange = exchangeOf(error);
  const { request: _request, response: _response, ...otherContext } = error.context;
  const raw = {
    errorId: error.errorId,
    code: error.code,
    name: error.name,
    message: error.message,
    userMessage: getUserMessage(error),
    timestamp: error.timestamp,
    stack: error.stack ?? "",
    context: exchange.request || exchange.response ? otherContext : error.context,
    request: extra.request ?? exchange.request,
    response: extra.response ?? exchange.response,
    subject: extra.subject,
    batchId: extra.batchId,
    itemId: extra.itemId,
  };
  const value = sanitize(raw);
  // sanitize keeps the shape (only leaf values change), but read it defensively anyway.
  const bag: Bag = isBag(value) ? value : {};
  return {
    redactedCount: countRedactions(value),
    details: {
      errorId: text(bag.errorId),
      code: text(bag.code),
      name: text(bag.name, "Error"),
      message: text(bag.message),
      userMessage: text(bag.userMessage),
      category: categorizeError(error),
      treatment: getErrorTreatment(error),
      isRecoverable: error.isRecoverable,
      timestamp: text(bag.timestamp),
      stack: text(bag.stack),
      context: isBag(bag.context) ? bag.context : {},
      request: readRequest(bag.request),
      response: readResponse(bag.response),
      subject: optionalText(bag.subject),
      batchId: optionalText(bag.batchId),
      itemId: optionalText(bag.itemId),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request and Response, as the Technical tab lists them

function bodyLines(body: unknown): string[] {
  return (typeof body === "string" ? body : JSON.stringify(body, null, 2)).split("\n");
}

/** "POST /api/backup/create", then the body the caller passed, if any. */
export function requestLines(request: ErrorDetailsRequest): string[] {
  const line = `${request.method} ${request.url}`;
  return request.body === undefined ? [line] : [line, "", ...bodyLines(request.body)];
}

/** "HTTP 500", then the body (indented JSON or text). */
export function responseLines(response: ErrorDetailsResponse): string[] {
  const status = `HTTP ${response.status}`;
  return response.body === undefined ? [status, "", "(no body)"] : [status, "", ...bodyLines(response.body)];
}

// ---------------------------------------------------------------------------------------------
// Stack frames

/** V8 ("    at fn (file:1:2)") and Firefox/Safari ("fn@file:1:2") frame lines. */
const FRAME_LINE = /^\s*at\s|^[^\s@]*@\S+:\d+(?::\d+)?$/;

/** Library and runtime frames: everything that is not our own code. */
const VENDOR_FRAME =
  /node_modules|node:internal|next\/dist|react-dom|react-server-dom|webpack\/runtime|<anonymous>|\(native\)|^\s*at\s+(?:new\s+)?Promise\b|^\s*at\s+async Promise\b/;

export interface ParsedStack {
  /** The "Name: message" lines before the first frame. */
  header: string[];
  frames: string[];
}

export function parseStack(stack: string): ParsedStack {
  const lines = stack.split("\n").filter((line) => line.trim() !== "");
  const firstFrame = lines.findIndex((line) => FRAME_LINE.test(line));
  if (firstFrame === -1) return { header: lines, frames: [] };
  return { header: lines.slice(0, firstFrame), frames: lines.slice(firstFrame) };
}

export function isAppFrame(frame: string): boolean {
  return !VENDOR_FRAME.test(frame);
}

// ---------------------------------------------------------------------------------------------
// Search: plain text, case-insensitive. No RegExp is ever built from the query.

export interface TextPart {
  text: string;
  match: boolean;
}

/** Splits `line` into matching and non-matching parts for <mark> highlighting. */
export function splitMatches(line: string, query: string): TextPart[] {
  if (query === "") return [{ text: line, match: false }];
  const haystack = line.toLowerCase();
  const needle = query.toLowerCase();
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle, from); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: line.slice(from, at), match: false });
    parts.push({ text: line.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < line.length) parts.push({ text: line.slice(from), match: false });
  return parts;
}

export function countMatches(line: string, query: string): number {
  return splitMatches(line, query).filter((part) => part.match).length;
}

export interface SearchableLines {
  stack: string[];
  context: string[];
}

/** The lines the Technical tab lists: all of them without a query, only the matching ones with one. */
export function searchLines(
  details: SanitizedErrorDetails,
  query: string,
  appFramesOnly: boolean,
): SearchableLines & { matchCount: number } {
  const { header, frames } = parseStack(details.stack);
  const stackLines = [...header, ...(appFramesOnly ? frames.filter(isAppFrame) : frames)];
  const contextLines =
    Object.keys(details.context).length === 0 ? [] : JSON.stringify(details.context, null, 2).split("\n");
  const trimmed = query.trim();
  if (trimmed === "") return { stack: stackLines, context: contextLines, matchCount: 0 };
  const stack = stackLines.filter((line) => countMatches(line, trimmed) > 0);
  const context = contextLines.filter((line) => countMatches(line, trimmed) > 0);
  const matchCount = [...stack, ...context].reduce((sum, line) => sum + countMatches(line, trimmed), 0);
  return { stack, context, matchCount };
}

// ---------------------------------------------------------------------------------------------
// Fingerprint: the same bug gives the same value across users and deployments.

/** Line and column numbers and cache-busting queries change per build; the function and file do not. */
function normalizeFrame(frame: string): string {
  return frame
    .trim()
    .replace(/\?[^:\s)]*/g, "")
    .replace(/:\d+(?::\d+)?(?=\)?$)/, "");
}

/** FNV-1a, 32 bit: tiny, synchronous and stable; this groups reports, it protects nothing. */
function fnv1a(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export function errorFingerprint(details: Pick<SanitizedErrorDetails, "code" | "stack">, topFrames = 3): string {
  const frames = parseStack(details.stack).frames.filter(isAppFrame).slice(0, topFrames).map(normalizeFrame);
  return fnv1a([details.code, ...frames].join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Copy and report

/** The JSON the Copy button puts on the clipboard (already sanitized). */
export function detailsJson(view: ErrorDetailsView, appVersion: string): string {
  return JSON.stringify(
    { ...view.details, fingerprint: errorFingerprint(view.details), appVersion, redactedCount: view.redactedCount },
    null,
    2,
  );
}

/** Mail clients and browsers start dropping mailto URLs around 2000 characters. */
export const MAX_REPORT_URL_LENGTH = 1800;

export interface ReportOptions {
  supportEmail: string;
  appVersion: string;
  maxLength?: number;
}

/**
 * A mailto: link with what support needs to find the error: ids, code, fingerprint, version,
 * the failed call's method, path and status, and the top of the sanitized stack. Never the
 * message, context or a body, which can quote conversation text; stack frames only (the
 * stack's header line repeats the message).
 */
export function buildReportMailto(details: SanitizedErrorDetails, options: ReportOptions): string {
  const maxLength = options.maxLength ?? MAX_REPORT_URL_LENGTH;
  const subject = `Error report ${details.errorId} (${details.code})`;
  const head = [
    "Please describe what you were doing when this happened:",
    "",
    "",
    "--- Error details (no conversation text is included) ---",
    `Error id: ${details.errorId}`,
    `Code: ${details.code}`,
    `Type: ${details.name}`,
    `Fingerprint: ${errorFingerprint(details)}`,
    `App version: ${options.appVersion}`,
    `Happened at: ${details.timestamp}`,
  ];
  // The path without its query (which can hold a search the user typed), and the status.
  if (details.request) {
    const answer = details.response ? `HTTP ${details.response.status}` : "no answer";
    head.push(`Request: ${details.request.method} ${details.request.url.split("?")[0]} (${answer})`);
  }
  if (details.batchId) head.push(`Batch: ${details.batchId}`);
  if (details.itemId) head.push(`Item: ${details.itemId}`);

  const build = (lines: string[]): string =>
    `mailto:${options.supportEmail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join("\n"))}`;

  const frames = parseStack(details.stack).frames.map((frame) => frame.trim());
  let url = build(head);
  if (url.length > maxLength) return url.slice(0, maxLength).replace(/%[0-9A-F]?$/i, "");
  // Add frames while the link stays short enough; say so when some were left out.
  const kept: string[] = [];
  for (const frame of frames) {
    const note = kept.length + 1 < frames.length ? [`(${frames.length - kept.length - 1} more frames left out)`] : [];
    const candidate = build([...head, "", "Stack (sanitized):", ...kept, frame, ...note]);
    if (candidate.length > maxLength) break;
    kept.push(frame);
    url = candidate;
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Plain words for the Summary tab

const KIND_LABEL: Record<ErrorCategory, string> = {
  rate_limit: "Rate limit",
  network: "Connection problem",
  validation: "Invalid input",
  auth: "Sign-in problem",
  not_found: "Not found",
  conflict: "Conflict",
  generation: "Generation failure",
  database: "Storage problem",
  server: "Server problem",
  unknown: "Unexpected error",
};

export function kindLabel(category: ErrorCategory): string {
  return KIND_LABEL[category];
}

const ADVICE_BY_CATEGORY: Partial<Record<ErrorCategory, string>> = {
  rate_limit: "Wait for the countdown to end, then try again. Generating fewer items at once helps.",
  network: "Check your connection, then try again.",
  validation: "Correct the fields that are named and submit again.",
  auth: "Sign in again, then repeat what you were doing.",
  not_found: "It may have been deleted. Reload the page to see the current list.",
  conflict: "Someone or something changed it meanwhile. Reload the page and try again.",
};

export function adviceFor(details: Pick<SanitizedErrorDetails, "category" | "treatment">): string {
  const specific = ADVICE_BY_CATEGORY[details.category];
  if (specific) return specific;
  if (details.treatment === "temporary") return "This usually passes on its own. Try again in a moment.";
  return "Trying the same thing again will likely fail again. Use Report issue so support can look into it with the error id.";
}
