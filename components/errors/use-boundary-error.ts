"use client";

import * as React from "react";
import { errorLogger, type AppError } from "@/lib/errors";
import { toDisplayError } from "./to-display-error";

/** Server Component errors reach the client with a generic message and a digest that matches the server log. */
function digestOf(error: unknown): string | undefined {
  if (error === null || typeof error !== "object" || !("digest" in error)) return undefined;
  return typeof error.digest === "string" ? error.digest : undefined;
}

/**
 * For app/error.tsx and app/global-error.tsx: the thrown value as one AppError (so the id shown
 * is the id logged), logged once through the ErrorLogger.
 */
export function useBoundaryError(error: unknown, boundary: "route" | "global"): AppError {
  const appError = React.useMemo(() => {
    const digest = digestOf(error);
    return toDisplayError(error, digest ? { digest } : undefined);
  }, [error]);
  React.useEffect(() => {
    errorLogger.error(appError, { boundary, digest: digestOf(error) });
  }, [appError, boundary, error]);
  return appError;
}
