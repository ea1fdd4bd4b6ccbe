"use client";

/**
 * Mounted once in the root layout. Renders the details modal for whatever the store holds,
 * loading the modal's code only the first time an error is opened: most sessions never
 * open it, and no page should pay for it in its first load.
 */
import * as React from "react";
import {
  closeErrorDetails,
  getErrorDetailsSnapshot,
  getServerErrorDetailsSnapshot,
  subscribeErrorDetails,
  type ErrorDetailsEntry,
} from "./error-details-store";

const LazyErrorDetailsModal = React.lazy(() => import("./error-details-modal"));

export function ErrorDetailsHost() {
  const entry = React.useSyncExternalStore(
    subscribeErrorDetails,
    getErrorDetailsSnapshot,
    getServerErrorDetailsSnapshot,
  );
  // Keep the last entry after closing so the dialog can close normally and return focus.
  const [shown, setShown] = React.useState<ErrorDetailsEntry | null>(null);
  if (entry !== null && entry !== shown) setShown(entry);

  if (shown === null) return null;
  return (
    <React.Suspense fallback={null}>
      <LazyErrorDetailsModal entry={shown} open={entry !== null} onClose={closeErrorDetails} />
    </React.Suspense>
  );
}
