import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationManager } from "@/components/notifications/notification-manager";
import { FeatureErrorBoundary } from "@/components/errors/feature-error-boundary";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";
import { closeErrorDetails, getErrorDetailsSnapshot } from "@/components/errors/error-details-store";
import { openItemErrorDetails } from "@/components/errors/item-error-details";
import RouteError from "@/app/error";
import { ErrorCode, errorLogger } from "@/lib/errors";

afterEach(() => {
  act(() => {
    closeErrorDetails();
    // Also clears the de-duplication window, so each test gets its own toast.
    notificationManager.dismissAll();
  });
  vi.restoreAllMocks();
});

let shouldThrow = true;

function Broken(): React.ReactElement {
  if (shouldThrow) {
    const error = new Error("Cannot read properties of undefined (reading 'items')");
    error.stack = `TypeError: ${error.message}\n    at Broken (webpack-internal:///./components/dashboard/panel.tsx:12:7)`;
    throw error;
  }
  return <p>Panel is back</p>;
}

function quietConsole() {
  // React reports caught render errors on console.error; the test asserts the UI instead.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
}

describe("FeatureErrorBoundary", () => {
  it("shows ErrorFallback for the broken panel only, logs it, and opens the details modal", async () => {
    quietConsole();
    const logged = vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    shouldThrow = true;
    const user = userEvent.setup();
    render(
      <>
        <FeatureErrorBoundary feature="Dashboard">
          <Broken />
        </FeatureErrorBoundary>
        <p>Other panel still works</p>
        <ErrorDetailsHost />
      </>,
    );

    const fallback = screen.getByTestId("error-fallback");
    expect(within(fallback).getByText("Dashboard could not be shown")).toBeInTheDocument();
    expect(screen.getByText("Other panel still works")).toBeInTheDocument();

    // The id on screen is the id in the log.
    expect(logged).toHaveBeenCalledTimes(1);
    const [loggedError, context] = logged.mock.calls[0] ?? [];
    const errorId = (loggedError as { errorId: string }).errorId;
    expect(within(fallback).getByText(errorId)).toBeInTheDocument();
    expect(context).toMatchObject({ boundary: "feature", feature: "Dashboard" });

    const viewDetails = within(fallback).getByRole("button", { name: "View details" });
    await user.click(viewDetails);
    const dialog = await screen.findByRole("dialog", { name: "Error details" });
    expect(within(dialog).getByText(errorId)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    // The original frames, not the place the error was wrapped.
    expect(within(dialog).getByLabelText("Stack trace")).toHaveTextContent("components/dashboard/panel.tsx");

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(viewDetails).toHaveFocus();
  });

  it("renders the panel again on Try again once the cause is gone", async () => {
    quietConsole();
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    shouldThrow = true;
    const user = userEvent.setup();
    render(
      <FeatureErrorBoundary feature="Backups">
        <Broken />
      </FeatureErrorBoundary>,
    );
    shouldThrow = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("Panel is back")).toBeInTheDocument();
    expect(screen.queryByTestId("error-fallback")).not.toBeInTheDocument();
  });
});

describe("app/error.tsx", () => {
  it("renders ErrorFallback, logs once with the digest, and retries", async () => {
    const logged = vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const retry = vi.fn();
    const error = Object.assign(new Error("An error occurred in the Server Components render."), { digest: "1234567" });
    const user = userEvent.setup();
    render(
      <>
        <RouteError error={error} retry={retry} />
        <ErrorDetailsHost />
      </>,
    );

    expect(screen.getByText("This page could not be shown")).toBeInTheDocument();
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[1]).toMatchObject({ boundary: "route", digest: "1234567" });
    const errorId = (logged.mock.calls[0]?.[0] as { errorId: string }).errorId;
    expect(screen.getByText(errorId)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole("button", { name: "View details" }));
    const dialog = await screen.findByRole("dialog", { name: "Error details" });
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    expect(within(dialog).getByLabelText("Context")).toHaveTextContent("1234567");
  });
});

describe("a failed batch item's details", () => {
  it("open with the saved error's code, id and time, and the batch and item ids", () => {
    openItemErrorDetails("job-1", {
      id: "item-9",
      index: 8,
      attempts: 3,
      maxAttempts: 3,
      lastError: {
        code: ErrorCode.GEN_TIMEOUT,
        message: "The AI provider took too long to answer.",
        retryable: true,
        at: "2026-03-04T05:06:07.000Z",
        errorId: "err_saved123",
      },
    });
    const entry = getErrorDetailsSnapshot();
    expect(entry?.error).toMatchObject({
      code: ErrorCode.GEN_TIMEOUT,
      errorId: "err_saved123",
      timestamp: "2026-03-04T05:06:07.000Z",
    });
    expect(entry?.extra).toMatchObject({ batchId: "job-1", itemId: "item-9", subject: "Batch item 9" });
  });
});
