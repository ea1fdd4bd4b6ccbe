import { Ban, CheckCircle2, CirclePause, ServerCrash, TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { BatchDetails } from "@/lib/batch/types";
import { formatCount, pluralize } from "@/lib/format";

/** One sentence on where the batch stands whenever it is not simply running. */
export function BatchStatusAlert({ details }: { details: BatchDetails }) {
  const { progress } = details;
  switch (details.job.displayStatus) {
    case "completed":
      return (
        <Alert variant="success" data-testid="batch-outcome">
          <CheckCircle2 aria-hidden="true" />
          <AlertTitle>All {formatCount(progress.completedItems)} conversations are ready</AlertTitle>
          <AlertDescription>
            <p>Each one was generated exactly once and saved as soon as it finished.</p>
          </AlertDescription>
        </Alert>
      );
    case "completed_with_failures":
      return (
        <Alert variant="warning" data-testid="batch-outcome">
          <TriangleAlert aria-hidden="true" />
          <AlertTitle>
            {pluralize(progress.completedItems, "conversation")} ready, {formatCount(progress.failedItems)} failed
          </AlertTitle>
          <AlertDescription>
            <p>
              Retrying gives each failed item a fresh set of attempts; finished conversations are not generated again.
            </p>
          </AlertDescription>
        </Alert>
      );
    case "paused":
      return (
        <Alert variant="info" data-testid="batch-outcome">
          <CirclePause aria-hidden="true" />
          <AlertTitle>Paused</AlertTitle>
          <AlertDescription>
            <p>No new items start until you resume. Every finished conversation is saved.</p>
          </AlertDescription>
        </Alert>
      );
    case "interrupted":
      return (
        <Alert variant="warning" data-testid="batch-outcome">
          <ServerCrash aria-hidden="true" />
          <AlertTitle>Interrupted</AlertTitle>
          <AlertDescription>
            <p>
              No server process is working on this batch right now (it restarted or went away). It continues by itself
              as soon as one is back; nothing finished is lost.
            </p>
          </AlertDescription>
        </Alert>
      );
    case "cancelled":
      return (
        <Alert variant="warning" data-testid="batch-outcome">
          <Ban aria-hidden="true" />
          <AlertTitle>This batch was cancelled</AlertTitle>
          <AlertDescription>
            <p>Its finished conversations are kept in Conversations; the other items will not be generated.</p>
          </AlertDescription>
        </Alert>
      );
    case "failed":
      return (
        <Alert variant="destructive" data-testid="batch-outcome">
          <TriangleAlert aria-hidden="true" />
          <AlertTitle>This batch failed</AlertTitle>
          <AlertDescription>
            <p>The items below say why. Finished conversations are kept.</p>
          </AlertDescription>
        </Alert>
      );
    default:
      return null;
  }
}
