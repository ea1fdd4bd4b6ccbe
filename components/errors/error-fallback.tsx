"use client";

/**
 * What a user sees instead of a page or panel that failed to render: what happened in plain
 * words, the error id, and the ways out (Try again, Reload, View details).
 */
import { AlertTriangle, Info, RefreshCw, RotateCcw } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getUserMessage, type AppError } from "@/lib/errors";
import { openErrorDetails } from "./error-details-store";

export interface ErrorFallbackProps {
  /** Already normalized (toDisplayError) so the id shown is the one that was logged. */
  error: AppError;
  title?: string;
  /** Re-renders what failed; omitted where only a reload can help. */
  onRetry?: () => void;
  /** Shown in the details modal's subtitle ("Dashboard panel"). */
  subject?: string;
  /** A whole page (headline, centred) or one panel among others (compact). */
  variant?: "page" | "panel";
}

export function ErrorFallback({
  error,
  title = "Something went wrong",
  onRetry,
  subject,
  variant = "page",
}: ErrorFallbackProps) {
  const actions = (
    <div className="mt-2 flex flex-wrap gap-2">
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          <RotateCcw aria-hidden="true" />
          Try again
        </Button>
      )}
      <Button size="sm" variant="outline" onClick={() => window.location.reload()}>
        <RefreshCw aria-hidden="true" />
        Reload page
      </Button>
      <Button size="sm" variant="outline" onClick={() => openErrorDetails(error, { subject })}>
        <Info aria-hidden="true" />
        View details
      </Button>
    </div>
  );

  const body = (
    <Alert variant="destructive" data-testid="error-fallback">
      <AlertTriangle aria-hidden="true" />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <p>{getUserMessage(error)}</p>
        <p>
          Error id: <code className="font-mono text-foreground">{error.errorId}</code>
        </p>
        {actions}
      </AlertDescription>
    </Alert>
  );

  if (variant === "panel") return body;
  return <div className="mx-auto grid w-full max-w-2xl gap-4 py-8">{body}</div>;
}
