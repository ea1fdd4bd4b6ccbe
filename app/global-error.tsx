"use client";

/**
 * The root layout itself failed, so this replaces it: it brings its own <html>, styles, toasts
 * (for Copy) and the details modal host.
 */
import "./globals.css";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";
import { ErrorFallback } from "@/components/errors/error-fallback";
import { useBoundaryError } from "@/components/errors/use-boundary-error";
import { Toaster } from "@/components/notifications/toaster";

interface GlobalErrorProps {
  error: unknown;
  retry?: () => void;
  reset?: () => void;
}

export default function GlobalError({ error, retry, reset }: GlobalErrorProps) {
  const appError = useBoundaryError(error, "global");
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Training Data Studio</title>
      </head>
      <body className="min-h-dvh">
        <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
          <ErrorFallback error={appError} onRetry={retry ?? reset} title="Training Data Studio could not be shown" />
        </main>
        <Toaster />
        <ErrorDetailsHost />
      </body>
    </html>
  );
}
