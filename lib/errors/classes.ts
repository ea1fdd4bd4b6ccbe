import { ErrorCode, HTTP_STATUS_BY_CODE } from "./codes";

export interface AppErrorOptions {
  /** Will trying again (later, or after a fix elsewhere) plausibly succeed? */
  isRecoverable?: boolean;
  /** Structured facts for logs and the details modal. Sanitized before it is shown or sent. */
  context?: Record<string, unknown>;
  cause?: unknown;
  /** Correlates the user's toast, the server log and a support report. */
  errorId?: string;
  /** When the error happened (ISO string); defaults to now. */
  timestamp?: string;
  /** Overrides the default user-facing sentence for this code. */
  userMessage?: string;
}

/** A short id a user can read out to support ("err_k3v9x2m1q8"). */
export function createErrorId(): string {
  const random =
    typeof crypto !== "undefined" && "randomUUID" in crypto
      ? crypto.randomUUID().replace(/-/g, "").slice(0, 12)
      : Math.random().toString(36).slice(2, 14);
  return `err_${random}`;
}

/** The app's one error family: a code, whether it is worth retrying, and safe context. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly isRecoverable: boolean;
  readonly context: Record<string, unknown>;
  readonly errorId: string;
  readonly timestamp: string;
  /** The explicit user-facing sentence, when one was given (see getUserMessage in user-messages.ts). */
  readonly userMessage?: string;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.isRecoverable = options.isRecoverable ?? false;
    this.context = options.context ?? {};
    this.errorId = options.errorId ?? createErrorId();
    this.timestamp = options.timestamp ?? new Date().toISOString();
    this.userMessage = options.userMessage;
  }

  /** The HTTP status a route answers with for this error. */
  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  /** A sentence for the user; never includes provider or database text. */
  getUserMessage(): string {
    return this.userMessage ?? this.message;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      userMessage: this.getUserMessage(),
      isRecoverable: this.isRecoverable,
      errorId: this.errorId,
      timestamp: this.timestamp,
      context: this.context,
      stack: this.stack,
    };
  }
}

export interface APIErrorOptions extends AppErrorOptions {
  status: number;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  retryAfter?: number;
  details?: Record<string, unknown>;
}

/** A failed HTTP call: our own API's error shape, or a provider's response. */
export class APIError extends AppError {
  readonly status: number;
  readonly retryAfter?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: APIErrorOptions) {
    super(code, message, {
      ...options,
      isRecoverable: options.isRecoverable ?? (options.status === 429 || options.status >= 500),
    });
    this.name = "APIError";
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, retryAfter: this.retryAfter, details: this.details };
  }
}

/** The request never got an HTTP answer: offline, DNS, reset, timeout. */
export class NetworkError extends AppError {
  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(code, message, { ...options, isRecoverable: options.isRecoverable ?? code !== ErrorCode.NET_ABORTED });
    this.name = "NetworkError";
  }
}

export type FieldErrors = Record<string, string[]>;

/** Input that breaks a rule; `fieldErrors` names each field that is wrong and why. */
export class ValidationError extends AppError {
  readonly fieldErrors: FieldErrors;

  constructor(message: string, fieldErrors: FieldErrors = {}, options: AppErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCode.VAL_INVALID_INPUT, message, { ...options, isRecoverable: false });
    this.name = "ValidationError";
    this.fieldErrors = fieldErrors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

export interface GenerationErrorOptions extends AppErrorOptions {
  provider?: string;
  retryAfter?: number;
  /** The provider's own verdict on repeating the call (Anthropic's x-should-retry). */
  shouldRetry?: boolean;
}

/** The AI provider could not produce a conversation. */
export class GenerationError extends AppError {
  readonly provider?: string;
  readonly retryAfter?: number;
  /** When the provider said whether to retry, that beats the code's default (see isRetryable). */
  readonly shouldRetry?: boolean;

  constructor(code: ErrorCode, message: string, options: GenerationErrorOptions = {}) {
    super(code, message, options);
    this.name = "GenerationError";
    this.provider = options.provider;
    this.retryAfter = options.retryAfter;
    this.shouldRetry = options.shouldRetry;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), provider: this.provider, retryAfter: this.retryAfter, shouldRetry: this.shouldRetry };
  }
}

export interface DatabaseErrorOptions extends AppErrorOptions {
  /** The Postgres SQLSTATE, e.g. 23505. Logged, never sent to the client. */
  sqlState?: string;
  constraint?: string;
}

/** A database failure, classified by SQLSTATE into permanent or retryable. */
export class DatabaseError extends AppError {
  readonly sqlState?: string;
  readonly constraint?: string;

  constructor(code: ErrorCode, message: string, options: DatabaseErrorOptions = {}) {
    super(code, message, options);
    this.name = "DatabaseError";
    this.sqlState = options.sqlState;
    this.constraint = options.constraint;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sqlState: this.sqlState, constraint: this.constraint };
  }
}

/** Resource-level outcomes routes throw: not found (or not yours), conflict, gone. */
export function notFound(what: string, context?: Record<string, unknown>): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${what} not found`, { context });
}

export function conflict(message: string, context?: Record<string, unknown>): AppError {
  return new AppError(ErrorCode.CONFLICT, message, { context, isRecoverable: true });
}

export function gone(message: string, context?: Record<string, unknown>): AppError {
  return new AppError(ErrorCode.GONE, message, { context });
}
