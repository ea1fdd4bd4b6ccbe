/**
 * Redaction of secrets before anything is logged, sent to the server, shown in the
 * error-details modal or copied to the clipboard. Deep, cycle-safe, never throws and
 * never mutates its input: callers use it at every boundary without guarding it.
 *
 * Emails are deliberately kept: they are the signed-in user's own and help support.
 */

export const REDACTED = "[REDACTED]";

const MAX_DEPTH = 12;

interface SanitizeState {
  count: number;
  /** Objects on the current path; a repeat means a cycle. */
  ancestors: Set<object>;
}

// ---------------------------------------------------------------------------
// Keys whose value is a secret whatever it looks like.

/**
 * Word-ish fragments that mark a key as secret once separators are removed
 * (api_key, apiKey and api-key all normalise to "apikey").
 */
const SENSITIVE_KEY_FRAGMENTS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "authorization",
  "apikey",
  "cookie",
  "session",
  "sessid",
  "privatekey",
  "credential",
  "accesskey",
  "signature",
  "cardnumber",
  "creditcard",
];
const SENSITIVE_EXACT_KEYS = new Set(["pwd", "pass", "sid", "auth", "cvv", "cvc", "pin", "otp", "dsn"]);

/**
 * Keys that contain a fragment above but name something that is never a secret, whatever
 * their value: token accounting and tokenizer settings.
 */
const NON_SECRET_KEY_PATTERN = /tokencount|tokenlimit|tokenusage|tokeniz|tokentype$/;

/**
 * Keys that are harmless only for some values: generation usage ("input_tokens": 812,
 * "maxTokens": 2048) is a number and exactly what a bug report needs, but "refresh_tokens"
 * holds strings. Likewise "hasPassword": true says nothing, while "hashedPassword" (also
 * "has..." to a regex) and "HASURA_ADMIN_SECRET" hold secrets. So the name alone never
 * exempts these: a number under a count key and a boolean under any key are kept.
 */
const COUNT_KEY_PATTERN = /tokens$/;
const FLAG_KEY_PATTERN = /^(has|is|requires?)[a-z]/;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}

/** True when a value stored under this key may be a secret (see shouldRedactValue for the value). */
export function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  const normalised = normaliseKey(key);
  if (normalised.length === 0 || NON_SECRET_KEY_PATTERN.test(normalised)) return false;
  if (SENSITIVE_EXACT_KEYS.has(normalised) || lower.endsWith(".sid")) return true;
  return SENSITIVE_KEY_FRAGMENTS.some((fragment) => normalised.includes(fragment));
}

/** A number under a token-count key ("input_tokens": 812) is usage, not a credential. */
function isUsageCount(key: string, value: unknown): boolean {
  return typeof value === "number" && COUNT_KEY_PATTERN.test(normaliseKey(key));
}

/**
 * The text form of the exemptions above, for "key=value" and JSON-in-a-string: "true" or
 * "false" under a flag-like key, digits under a count key.
 */
function isHarmlessTextValue(key: string, value: string): boolean {
  const normalised = normaliseKey(key);
  if (FLAG_KEY_PATTERN.test(normalised) && /^(true|false)$/i.test(value)) return true;
  return COUNT_KEY_PATTERN.test(normalised) && /^\d{1,12}$/.test(value);
}

/** True when this value under this key must be redacted wholesale (booleans never are: see redactValue). */
function isSecretEntry(key: string, value: unknown): boolean {
  return isSensitiveKey(key) && !isUsageCount(key, value);
}

/**
 * In "name: value" prose these words are too common ("Invalid token: signature mismatch")
 * to treat the next word as a secret; their "=" and JSON forms are still redacted.
 */
const AMBIGUOUS_COLON_KEYS = new Set([
  "token",
  "session",
  "credential",
  "credentials",
  "signature",
  "auth",
  "pin",
  "pass",
]);

// ---------------------------------------------------------------------------
// Secrets in free text. Order matters: whole blocks and headers first, so a bearer JWT
// inside an Authorization header is one redaction, not two.

type Replacer = (match: string, ...groups: string[]) => string;

interface TextRule {
  /** What the rule catches; documents the list and names test cases. */
  kind: string;
  pattern: RegExp;
  /** Returns the replacement; returning `match` unchanged means "not a secret after all". */
  replace: Replacer | string;
}

function isRedacted(value: string | undefined): boolean {
  return value === undefined || value.startsWith(REDACTED) || value.startsWith("%5BREDACTED");
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Mixed case, digits or token punctuation: what a credential looks like, unlike an English word. */
function looksLikeCredential(token: string): boolean {
  return /[0-9\-._~+/=]/.test(token) || /[A-Z]/.test(token.slice(1));
}

/**
 * A whole key (maximal run of key characters) that contains a secret-ish word, as a regex
 * source. Only such keys are examined in "key=value" and "key: value" text: matching every
 * word first and filtering later is quadratic on long inputs, and a logger cannot hang.
 */
const KEY_IN_TEXT =
  "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,40}(?:pass|pwd|secret|token|auth|api[-_]?key|cookie|sess|sid|private[-_]?key|credential|access[-_]?key|signature|card[-_]?number|credit[-_]?card|cvv|cvc|pin|otp|dsn)[A-Za-z0-9_.-]{0,40})(?![A-Za-z0-9_.-])";

const TEXT_RULES: TextRule[] = [
  {
    kind: "private key PEM block",
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: REDACTED,
  },
  {
    kind: "connection-string password",
    // scheme://user:password@host. The password runs to the last "@" before a "/" (an
    // unencoded "@" in it is still covered) and never spans "/", so "host:443/@scope" is kept.
    pattern: /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^:/\s@]{0,256}:)([^\s/]{1,512})@/gi,
    replace: (match, prefix = "", password) => (isRedacted(password) ? match : `${prefix}${REDACTED}@`),
  },
  {
    kind: "Authorization header",
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)([^"'\r\n,}]+)/gi,
    replace: (match, prefix = "", value = "") =>
      isRedacted(value.trim()) || value.trim() === "" ? match : `${prefix}${REDACTED}`,
  },
  {
    kind: "Cookie / Set-Cookie header",
    pattern: /\b((?:set-)?cookie["']?\s*:\s*["']?)([^"'\r\n]+)/gi,
    replace: (match, prefix = "", value = "") =>
      isRedacted(value.trim()) || value.trim() === "" ? match : `${prefix}${REDACTED}`,
  },
  {
    kind: "Bearer / Basic / Token credential",
    pattern: /\b(Bearer|Basic|Token|Digest)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)/g,
    replace: (match, scheme = "", space = "", token = "") =>
      looksLikeCredential(token) && !isRedacted(token) ? `${scheme}${space}${REDACTED}` : match,
  },
  { kind: "JWT", pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  {
    kind: "Anthropic / OpenAI key",
    pattern: /\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g,
    replace: REDACTED,
  },
  { kind: "Stripe key", pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g, replace: REDACTED },
  { kind: "Stripe webhook secret", pattern: /\bwhsec_[A-Za-z0-9]{16,}/g, replace: REDACTED },
  { kind: "Supabase key", pattern: /\b(?:sb_secret_|sb_publishable_|sbp_)[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  {
    kind: "AWS access key id",
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    replace: REDACTED,
  },
  {
    kind: "GitHub token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
    replace: REDACTED,
  },
  { kind: "Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  {
    kind: "Slack webhook URL",
    pattern: /(https:\/\/hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g,
    replace: (_match, prefix = "") => `${prefix}${REDACTED}`,
  },
  { kind: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/g, replace: REDACTED },
  { kind: "Google OAuth token", pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g, replace: REDACTED },
  { kind: "SendGrid key", pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { kind: "npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: REDACTED },
  { kind: "Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: REDACTED },
  {
    kind: 'JSON-ish "secret-key": "value" inside a string',
    // Also matches escaped JSON (\"password\":\"x\") found in double-encoded log lines.
    pattern: /(\\?["'])([A-Za-z0-9_.-]{1,64})\1(\s*:\s*)(\\?["'])((?:(?!\4)[^\r\n]){0,4096})\4/g,
    replace: (match, keyQuote = "", key = "", colon = "", valueQuote = "", value = "") =>
      isSensitiveKey(key) && value !== "" && !isRedacted(value) && !isHarmlessTextValue(key, value)
        ? `${keyQuote}${key}${keyQuote}${colon}${valueQuote}${REDACTED}${valueQuote}`
        : match,
  },
  {
    kind: "secret=value (query strings, env lines, cookies)",
    // A quoted value runs to its closing quote. A bare one has no "=" except base64 padding
    // and ends at a delimiter, so it never swallows the next "key=" ("next=password=x").
    pattern: new RegExp(
      `${KEY_IN_TEXT}=(?:(["'])([^"'\\r\\n]{0,1024})\\2|([^&\\s"'<>,;=]{1,1024}={0,2})(?=[&\\s"'<>,;]|$))`,
      "gi",
    ),
    replace: (match, key = "", quote = "", quoted = "", bare = "") => {
      const value = quote ? quoted : bare;
      return isSensitiveKey(key) && value !== "" && !isRedacted(value) && !isHarmlessTextValue(key, value)
        ? `${key}=${quote}${REDACTED}${quote}`
        : match;
    },
  },
  {
    kind: "secret: value (headers, YAML, log lines)",
    // A quoted value runs to its closing quote. A bare value is taken whole (the lookahead
    // plus backreference is an atomic group: no backtracking, so no quadratic blow-up) and
    // may not end in ":", i.e. be the next key ("token: password: x" still finds password).
    pattern: new RegExp(
      `${KEY_IN_TEXT}([ \\t]*:[ \\t]*)(?:(["'])([^"'\\r\\n]{0,1024})\\3|(?=([^\\s"',;]{1,512}))\\5(?<!:))`,
      "gi",
    ),
    replace: (match, key = "", colon = "", quote = "", quoted = "", bare = "") => {
      const value = quote ? quoted : bare;
      return isSensitiveKey(key) &&
        !AMBIGUOUS_COLON_KEYS.has(normaliseKey(key)) &&
        value !== "" &&
        !isRedacted(value) &&
        !isHarmlessTextValue(key, value)
        ? `${key}${colon}${quote}${REDACTED}${quote}`
        : match;
    },
  },
  {
    kind: "payment card number",
    // 13-19 digits, optional single spaces/dashes, a card-network first digit (2-6) and a
    // valid Luhn checksum: timestamps (start with 1), ids inside UUIDs and decimals are kept.
    pattern: /(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-]|\.\d)/g,
    replace: (match) => {
      const digits = match.replace(/[ -]/g, "");
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) ? REDACTED : match;
    },
  },
];

function sanitizeText(input: string, state: SanitizeState): string {
  let output = input;
  for (const rule of TEXT_RULES) {
    rule.pattern.lastIndex = 0;
    output = output.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      // Capture groups come before the numeric offset; a group that did not take part is undefined.
      const offsetIndex = rest.findIndex((part) => typeof part === "number");
      const groups = rest.slice(0, offsetIndex).map((part) => (typeof part === "string" ? part : ""));
      const replaced = typeof rule.replace === "string" ? rule.replace : rule.replace(match, ...groups);
      if (replaced !== match) state.count += 1;
      return replaced;
    });
  }
  return output;
}

// ---------------------------------------------------------------------------
// Deep copy with redaction.

function redactValue(value: unknown, state: SanitizeState): unknown {
  // Booleans and absent values say nothing secret ("hasPassword": false stays useful).
  if (value === null || value === undefined || typeof value === "boolean" || value === "") return value;
  state.count += 1;
  return REDACTED;
}

function sanitizeEntries(
  entries: Iterable<[string, unknown]>,
  state: SanitizeState,
  depth: number,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [rawKey, value] of entries) {
    const key = sanitizeText(rawKey, state);
    copy[key] = isSecretEntry(rawKey, value) ? redactValue(value, state) : sanitizeAny(value, state, depth + 1);
  }
  return copy;
}

function readOwn(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return "[Unreadable]";
  }
}

function sanitizeError(error: Error, state: SanitizeState, depth: number): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ["name", readOwn(error, "name")],
    ["message", readOwn(error, "message")],
  ];
  for (const key of Object.keys(error)) {
    if (key !== "name" && key !== "message" && key !== "stack" && key !== "cause")
      entries.push([key, readOwn(error, key)]);
  }
  entries.push(["stack", readOwn(error, "stack")]);
  if ("cause" in error && error.cause !== undefined) entries.push(["cause", error.cause]);
  if (typeof AggregateError !== "undefined" && error instanceof AggregateError) entries.push(["errors", error.errors]);
  return sanitizeEntries(entries, state, depth);
}

function sanitizeAny(value: unknown, state: SanitizeState, depth: number): unknown {
  switch (typeof value) {
    case "string":
      return sanitizeText(value, state);
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
    case "symbol":
      return value;
    case "function":
      return `[Function${value.name ? ` ${value.name}` : ""}]`;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return "[Truncated]";
  if (state.ancestors.has(value)) return "[Circular]";

  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof RegExp) return sanitizeText(String(value), state);
  if (typeof URL !== "undefined" && value instanceof URL) return sanitizeText(value.href, state);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[Binary ${value.byteLength} bytes]`;

  state.ancestors.add(value);
  try {
    if (value instanceof Error) return sanitizeError(value, state, depth);
    if (Array.isArray(value)) return value.map((item) => sanitizeAny(item, state, depth + 1));
    if (value instanceof Map) {
      return sanitizeEntries(
        Array.from(value.entries(), ([key, item]): [string, unknown] => [String(key), item]),
        state,
        depth,
      );
    }
    if (value instanceof Set) return Array.from(value, (item) => sanitizeAny(item, state, depth + 1));
    if (typeof Headers !== "undefined" && value instanceof Headers)
      return sanitizeEntries(value.entries(), state, depth);
    return sanitizeEntries(
      Object.keys(value).map((key): [string, unknown] => [key, readOwn(value, key)]),
      state,
      depth,
    );
  } finally {
    state.ancestors.delete(value);
  }
}

/**
 * A redacted deep copy of `value` plus how many values were redacted (the error-details
 * modal says so). Errors become plain objects `{name, message, ..., stack, cause}`.
 */
export function sanitizeWithCount<T>(value: T): { value: unknown; redactedCount: number } {
  const state: SanitizeState = { count: 0, ancestors: new Set() };
  try {
    return { value: sanitizeAny(value, state, 0), redactedCount: state.count };
  } catch {
    // A hostile Proxy or exotic host object: better an opaque marker than a crash in a logger.
    return { value: "[Unserializable]", redactedCount: state.count };
  }
}

/** A redacted deep copy of `value`; see sanitizeWithCount. */
export function sanitize(value: unknown): unknown {
  return sanitizeWithCount(value).value;
}

/** Redacts secrets inside one string. */
export function sanitizeString(value: string): string {
  const result = sanitizeWithCount(String(value)).value;
  return typeof result === "string" ? result : REDACTED;
}

/** Sanitizes a context object and keeps the record type, for AppError contexts and log entries. */
export function sanitizeRecord(value: Record<string, unknown>): Record<string, unknown> {
  const result = sanitize(value);
  return result !== null && typeof result === "object" && !Array.isArray(result)
    ? (result as Record<string, unknown>)
    : {};
}
