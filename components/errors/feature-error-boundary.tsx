"use client";

/**
 * Keeps one broken panel from taking the whole page down: the panel shows ErrorFallback,
 * the rest of the page keeps working. React still needs a class for this (no hook catches
 * render errors).
 */
import * as React from "react";
import type { AppError } from "@/lib/errors";
import { ErrorFallback } from "./error-fallback";
import { reportShownError } from "./report-shown-error";
import { toDisplayError } from "./to-display-error";

export interface FeatureErrorBoundaryProps {
  /** The panel's name for people ("Dashboard"): in the fallback's title and the log. */
  feature: string;
  children: React.ReactNode;
}

interface State {
  error: AppError | null;
}

export class FeatureErrorBoundary extends React.Component<FeatureErrorBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: toDisplayError(error) };
  }

  override componentDidCatch(_error: unknown, info: React.ErrorInfo): void {
    // Report the normalized error so the id in the log is the one the fallback shows.
    const error = this.state.error ?? toDisplayError(_error);
    reportShownError(error, {
      shownIn: "boundary",
      level: "error",
      context: { boundary: "feature", feature: this.props.feature, componentStack: info.componentStack ?? undefined },
    });
  }

  private readonly retry = (): void => {
    this.setState({ error: null });
  };

  override render(): React.ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <ErrorFallback
        variant="panel"
        error={error}
        title={`${this.props.feature} could not be shown`}
        subject={this.props.feature}
        onRetry={this.retry}
      />
    );
  }
}
