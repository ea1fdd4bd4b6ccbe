/**
 * What both engines share around transactions: the isolation-level statement, turning driver
 * errors into DatabaseError without touching the caller's own errors, and a guard against
 * the one mistake that hangs the app.
 *
 * The mistake: inside `db.transaction(async (tx) => ...)`, calling `db.query()` (or opening
 * another `db.transaction()`) instead of using `tx`. PGlite has a single connection, so the
 * inner call waits for the transaction that is waiting for it: a silent deadlock. On
 * postgres.js it runs outside the transaction (not rolled back with it) and, under load,
 * can exhaust the pool the same way. The guard makes it fail at once, on both engines.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { AppError, ErrorCode } from "@/lib/errors";
import { classifyPostgresError, isConstraintViolationCode } from "./postgres-errors";
import type { IsolationLevel } from "./types";

interface TransactionScope {
  database: object;
  active: boolean;
}

const scopes = new AsyncLocalStorage<TransactionScope>();

/** Runs fn as the body of a transaction of `database`, for the guard below. */
export async function runInTransactionScope<T>(database: object, fn: () => Promise<T>): Promise<T> {
  const scope: TransactionScope = { database, active: true };
  try {
    return await scopes.run(scope, fn);
  } finally {
    // Work started inside the transaction but finishing after it (fire-and-forget) keeps
    // this async context; once the transaction is over it may use the database freely.
    scope.active = false;
  }
}

/** Throws when called from inside a running transaction of the same database. */
export function assertOutsideTransaction(database: object, operation: string): void {
  const scope = scopes.getStore();
  if (scope?.active && scope.database === database) {
    throw new AppError(
      ErrorCode.INTERNAL,
      `Database.${operation} was called inside a transaction of the same database. ` +
        `Use the transaction's own \`tx\` instead: on the embedded engine this call would wait forever.`,
    );
  }
}

const ISOLATION_SQL: Record<IsolationLevel, string> = {
  "read committed": "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
  "repeatable read": "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
  serializable: "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
};

export function isolationStatement(level: IsolationLevel): string {
  return ISOLATION_SQL[level];
}

/** Driver error fields that hold the statement's bound values (PGlite's; postgres.js hides its own). */
const PARAMETER_FIELDS = new Set(["params", "parameters", "queryOptions"]);

/**
 * The driver's error as the logs should see it: message, code, stack and position, but not
 * the bound parameter values, which carry user content (conversation text, ids) and would be
 * copied into every log entry of a failed insert. For the same reason a constraint
 * violation (class 23) loses its `detail`: "Failing row contains (...)" is the row itself.
 */
function withoutParameterValues(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code: unknown = (err as Error & { code?: unknown }).code;
  const dropDetail = isConstraintViolationCode(typeof code === "string" ? code : undefined);
  const dropped = (key: string) => PARAMETER_FIELDS.has(key) || (dropDetail && key === "detail");
  const fields = Object.entries(err);
  if (!fields.some(([key]) => dropped(key))) return err;
  const copy = new Error(err.message);
  copy.name = err.name;
  copy.stack = err.stack;
  return Object.assign(copy, Object.fromEntries(fields.filter(([key]) => !dropped(key))));
}

/**
 * The DatabaseError for a driver failure, with the driver's error kept as `cause` for the
 * logs. Our own AppErrors (including already classified ones) pass through unchanged.
 */
export function toDatabaseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const classified = classifyPostgresError(err);
  if (classified !== err && classified.cause === undefined) classified.cause = withoutParameterValues(err);
  return classified;
}

/** Awaits a driver call and rethrows its failure as DatabaseError. */
export async function translateErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toDatabaseError(err);
  }
}

/**
 * Runs a driver transaction (`start` opens it and calls `body` with the driver's handle) so
 * that what the body throws reaches the caller unchanged (a notFound() stays a notFound()),
 * while failures of BEGIN, COMMIT or ROLLBACK themselves become DatabaseError.
 */
export async function runTransaction<D, T>(
  start: (body: (driverTx: D) => Promise<T>) => Promise<T>,
  body: (driverTx: D) => Promise<T>,
): Promise<T> {
  let bodyError: { error: unknown } | undefined;
  try {
    return await start(async (driverTx) => {
      try {
        return await body(driverTx);
      } catch (error) {
        bodyError = { error };
        throw error;
      }
    });
  } catch (err) {
    if (bodyError && err === bodyError.error) throw err;
    throw toDatabaseError(err);
  }
}
