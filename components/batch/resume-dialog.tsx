"use client";

/**
 * Mounted once in the root layout: on every page load it asks for the user's batches that
 * need a person (GET /api/checkpoints: paused ones, and ones with items failed past the
 * retry cap) and, when there are any, opens the resume dialog. Running batches need nobody:
 * the server runs them.
 *
 * Kept tiny on purpose, because every page ships it: the dialog (Radix, zod, the API
 * client, the forms) is a separate chunk fetched only when there is a batch to offer.
 */
import * as React from "react";
import type { APIClient } from "@/lib/api";
import type { IncompleteBatch } from "@/lib/batch/types";
import type { ResumeDialogPanelProps } from "./resume-dialog-panel";
import { isDismissed } from "./dismissed-batches";

export interface ResumeDialogProps {
  /** The network; window.fetch by default (tests pass a fake). */
  fetch?: typeof fetch;
  /** Used by the dialog's actions; the app's apiClient by default. */
  client?: APIClient;
  onResume?: ResumeDialogPanelProps["onResume"];
}

function isCheckpointList(value: unknown): value is IncompleteBatch[] {
  return (
    Array.isArray(value) && value.every((entry) => entry !== null && typeof entry === "object" && "jobId" in entry)
  );
}

/** The batches to offer: needing a person, and not dismissed in this tab since they last moved. */
async function loadOffered(fetchImpl: typeof fetch, signal: AbortSignal): Promise<IncompleteBatch[]> {
  const response = await fetchImpl("/api/checkpoints", {
    headers: { accept: "application/json" },
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  // Nobody signed in (the login page): nothing to offer, nothing to report.
  if (response.status === 401 || response.status === 403) return [];
  if (!response.ok) {
    // The server's error (code, errorId) is what the toast shows and reports, so the id
    // a user quotes is the one in the server log. Loaded on failure only, like the toast.
    const { fromHttpStatus } = await import("@/lib/errors");
    const body = await response.text().catch(() => "");
    throw fromHttpStatus(response.status, body, response.headers, { method: "GET", url: "/api/checkpoints" });
  }
  const body: unknown = await response.json();
  const list = body !== null && typeof body === "object" && "checkpoints" in body ? body.checkpoints : body;
  return isCheckpointList(list) ? list.filter((batch) => !isDismissed(batch)) : [];
}

type Loaded = { Panel: React.ComponentType<ResumeDialogPanelProps>; batches: IncompleteBatch[] };

export function ResumeDialog({ fetch: fetchImpl, client, onResume }: ResumeDialogProps) {
  const [loaded, setLoaded] = React.useState<Loaded | null>(null);
  // Bumped by the failure toast's Retry: the check runs again.
  const [attempt, setAttempt] = React.useState(0);

  React.useEffect(() => {
    const controller = new AbortController();
    // Through a wrapper: an unbound window.fetch throws "Illegal invocation".
    const doFetch: typeof fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    loadOffered(doFetch, controller.signal)
      .then(async (batches) => {
        if (batches.length === 0) return;
        const { ResumeDialogPanel } = await import("./resume-dialog-panel");
        if (!controller.signal.aborted) setLoaded({ Panel: ResumeDialogPanel, batches });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // The page works without the check, but a paused batch could go unnoticed: say so,
        // with Retry (the toast reports the error under the id it shows). Loaded on failure
        // only, so every page's first load stays small.
        void import("@/components/notifications/notification-manager").then(({ notificationManager }) =>
          notificationManager.showError(error, {
            title: "Could not check for paused batches",
            onRetry: () => setAttempt((n) => n + 1),
          }),
        );
      });
    return () => controller.abort();
  }, [fetchImpl, attempt]);

  if (!loaded) return null;
  const { Panel, batches } = loaded;
  return <Panel batches={batches} client={client} onResume={onResume} />;
}
