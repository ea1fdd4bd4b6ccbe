/**
 * From a failed API call to the toast the user sees: the app's shared APIClient, the
 * NotificationManager singleton and the real Sonner toaster, with only `fetch` faked.
 */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "@/components/notifications/toaster";
import { notifyActionError } from "@/components/notifications/notify";
import { apiClient } from "@/lib/api";
import { notificationManager } from "@/components/notifications/notification-manager";
import { errorLogger } from "@/lib/errors";

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-11-28T12:00:00Z") });
  vi.stubGlobal("fetch", fetchMock);
  fetchMock.mockReset();
  // Shown errors are reported through the app's ErrorLogger (console, and POST /api/errors,
  // which error-reports.test.tsx checks); these tests look at the toasts.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(async () => {
  act(() => notificationManager.dismissAll());
  // Send this test's reports now, so none lands in the next test's fetch calls.
  await errorLogger.flush();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Lets promises settle and React render, with the fake clock moved on by `ms`. */
async function advance(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function rateLimited(seconds: number): Response {
  return new Response(JSON.stringify({ error: { code: "ERR_API_RATE_LIMIT", message: "Too many requests" } }), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(seconds) },
  });
}

describe("API failures reach the user as the right toast", () => {
  it("a 429 shows the countdown toast, holds the next request until it ends, then offers Retry now", async () => {
    render(<Toaster />);
    fetchMock.mockResolvedValueOnce(rateLimited(3));
    const save = () => apiClient.post("/api/batches/b1/retry", undefined, { retry: false });

    await save().catch((error: unknown) =>
      notifyActionError("The failed items could not be reopened", error, undefined, {
        onRetry: () => void save().catch(() => undefined),
      }),
    );
    await advance();
    const toast = screen.getByRole("status", { name: /rate limit reached/i });
    expect(within(toast).getByTestId("rate-limit-countdown")).toHaveTextContent("Requests resume in 3 s.");

    // A request made during the countdown waits for it.
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    const held = apiClient.get("/api/conversations");
    await advance(1000);
    expect(within(toast).getByTestId("rate-limit-countdown")).toHaveTextContent("Requests resume in 2 s.");
    expect(fetchMock).toHaveBeenCalledTimes(1);

    await advance(2000);
    await held;
    expect(fetchMock).toHaveBeenCalledTimes(2);
    fireEvent.click(within(toast).getByRole("button", { name: "Retry now" }));
    await advance();
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(fetchMock.mock.calls[2]?.[0]).toBe("/api/batches/b1/retry");
  });

  it("a network failure shows the Connection problem toast whose Retry sends the request again", async () => {
    render(<Toaster />);
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    const onDone = vi.fn();
    const restore = (): Promise<void> =>
      apiClient
        .post("/api/backup/bk_1/restore", undefined, { retry: false })
        .then(onDone)
        .catch((error: unknown) =>
          notifyActionError("Restore failed: nothing was restored", error, "Backup bk_1.", {
            onRetry: () => void restore(),
          }),
        );

    await restore();
    await advance();
    const toast = screen.getByRole("alert", { name: /restore failed: nothing was restored/i });
    expect(toast).toHaveAttribute("data-testid", "network-error-toast");
    expect(toast).toHaveTextContent("Backup bk_1.");

    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ restored: 2 }), { status: 200, headers: { "content-type": "application/json" } }),
    );
    fireEvent.click(within(toast).getByRole("button", { name: "Retry" }));
    await advance(1000); // Sonner's exit animation
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(onDone).toHaveBeenCalledWith({ restored: 2 });
    await advance(1000); // the exit animation's unmount timer starts after the first render
    expect(screen.queryByRole("alert", { name: /restore failed/i })).toBeNull();
  });

  it("a temporary error toast is gone after 5 s; a permanent one stays and is announced assertively", async () => {
    render(<Toaster />);
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await apiClient
      .get("/api/conversations", { retry: false })
      .catch((error: unknown) => notificationManager.showError(error));
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ error: { code: "ERR_NOT_FOUND", message: "Batch not found" } }), {
        status: 404,
        headers: { "content-type": "application/json" },
      }),
    );
    await apiClient
      .get("/api/batches/x", { retry: false })
      .catch((error: unknown) => notificationManager.showError(error, { title: "Batch not found" }));
    await advance();
    expect(screen.getByTestId("network-error-toast")).toBeInTheDocument();
    expect(screen.getByText("Batch not found")).toBeInTheDocument();
    expect(screen.getByTestId("assertive-live-region")).toHaveTextContent("Batch not found");

    await advance(6000);
    expect(screen.queryByTestId("network-error-toast")).toBeNull();
    expect(screen.getByText("Batch not found")).toBeInTheDocument();
  });
});
