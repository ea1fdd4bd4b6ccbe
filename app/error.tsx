"use client";

/** A page that failed to render: the header and navigation (root layout) stay usable. */
import { ErrorFallback } from "@/components/errors/error-fallback";
import { useBoundaryError } from "@/components/errors/use-boundary-error";

interface RouteErrorProps {
  error: unknown;
  /** Next 16.2+: re-fetches and re-renders the segment. */
  retry?: () => void;
  /** Older name: re-renders without re-fetching. */
  reset?: () => void;
}

export default function RouteError({ error, retry, reset }: RouteErrorProps) {
  const appError = useBoundaryError(error, "route");
  return <ErrorFallback error={appError} onRetry={retry ?? reset} title="This page could not be shown" />;
}
