"use client";

import * as React from "react";
import type { AppError } from "@/lib/errors";
import { reportShownError } from "./report-shown-error";
import { toDisplayError } from "./to-display-error";

/** Server Component errors reach the client with a generic message and a digest that matches the server log. */
function digestOf(error: unknown): string | undefined {
  if (error === null || typeof error !== "object" || !("digest" in error)) return undefined;
  return typeof error.digest === "string" ? error.digest : undefined;
}

/**
 * For app/error.tsx and app/global-error.tsx: the thrown value as one AppError (so the id shown
 * is the id logged), reported once to the server log (a re-run effect does not report it again).
 */
export function useBoundaryError(error: unknown, boundary: "route" | "global"): AppError {
  const appError = React.useMemo(() => {
    const digest = digestOf(error);
    return toDisplayError(error, digest ? { digest } : undefined);
  }, [error]);
  React.useEffect(() => {
    reportShownError(appError, { shownIn: "boundary", level: "error", context: { boundary, digest: digestOf(error) } });
  }, [appError, boundary, error]);
  return appError;
}
