/**
 * The error id a toast shows is the id the server log has: a failed API call's toast shows
 * the server's errorId and the browser reports it once to POST /api/errors under that id; a
 * network failure gets a client-made id, shown and reported alike. Only `fetch` is faked:
 * the shared APIClient, the NotificationManager, Sonner and the ErrorLogger are the app's own.
 */
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "@/components/notifications/toaster";
import { notifyActionError } from "@/components/notifications/notify";
import { notificationManager } from "@/components/notifications/notification-manager";
import { apiClient } from "@/lib/api";
import { errorLogger } from "@/lib/errors";

interface ReportedEntry {
  level: string;
  errorId?: string;
  code?: string;
  context?: Record<string, unknown>;
}

const fetchMock = vi.fn<typeof fetch>();
/** What POST /api/errors answers in this test. */
let reportStatus = 202;

function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function isReport(input: unknown): boolean {
  return String(input) === "/api/errors";
}

/** Every entry POSTed to /api/errors so far. */
function reportedEntries(): ReportedEntry[] {
  return fetchMock.mock.calls
    .filter(([input]) => isReport(input))
    .flatMap(([, init]) => (JSON.parse(String(init?.body)) as { entries: ReportedEntry[] }).entries);
}

function shownErrorId(): string {
  const match = /Error id: ([A-Za-z0-9_-]+)/.exec(screen.getByText(/Error id: /).textContent ?? "");
  if (!match?.[1]) throw new Error("no error id on screen");
  return match[1];
}

beforeEach(async () => {
  reportStatus = 202;
  vi.stubGlobal("fetch", fetchMock);
  fetchMock.mockReset();
  fetchMock.mockImplementation((input) =>
    Promise.resolve(
      isReport(input)
        ? jsonAnswer(reportStatus, { accepted: 1 })
        : jsonAnswer(404, { error: { code: "ERR_NOT_FOUND", message: "Not found" } }),
    ),
  );
  // Reports left over from other files' toasts are sent now, before the calls are counted.
  await errorLogger.flush();
  fetchMock.mockClear();
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(async () => {
  act(() => notificationManager.dismissAll());
  await errorLogger.flush();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("a shown error is reported under the id it shows", () => {
  it("a failed API call: the toast shows the server's errorId, and exactly one report carries it", async () => {
    render(<Toaster />);
    const answer = () =>
      jsonAnswer(500, {
        error: { code: "ERR_INTERNAL", message: "Something went wrong on our side.", errorId: "err_srv500abc" },
      });
    const start = () => apiClient.post("/api/batches", { items: [] }, { retry: false });

    fetchMock.mockResolvedValueOnce(answer());
    await start().catch((error: unknown) => notifyActionError("The batch could not be started", error));
    expect(await screen.findByText(/Error id: err_srv500abc/)).toBeInTheDocument();

    // The same failure again within 5 s merges into that toast: still one report, still the reported id.
    fetchMock.mockResolvedValueOnce(
      jsonAnswer(500, {
        error: { code: "ERR_INTERNAL", message: "Something went wrong on our side.", errorId: "err_srv500def" },
      }),
    );
    await start().catch((error: unknown) => notifyActionError("The batch could not be started", error));
    expect(await screen.findByText(/\(x2\)/)).toBeInTheDocument();
    expect(shownErrorId()).toBe("err_srv500abc");

    await act(() => errorLogger.flush());
    const entries = reportedEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ errorId: "err_srv500abc", code: "ERR_INTERNAL", level: "error" });
    expect(entries[0]?.context).toMatchObject({
      shownIn: "toast",
      toastTitle: "The batch could not be started",
      request: { method: "POST", url: "/api/batches" },
      response: { status: 500 },
    });
  });

  it("a network failure: a client-made id is shown, and the report carries that same id", async () => {
    render(<Toaster />);
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await apiClient
      .post("/api/backup/bk_1/restore", undefined, { retry: false })
      .catch((error: unknown) => notifyActionError("Restore failed: nothing was restored", error));
    await screen.findByText(/Error id: /);
    const shown = shownErrorId();
    expect(shown).toMatch(/^err_[A-Za-z0-9]+$/);

    await act(() => errorLogger.flush());
    const entries = reportedEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ errorId: shown, code: "ERR_NET_CONNECTION_FAILED", level: "warn" });
    expect(entries[0]?.context).toMatchObject({ request: { method: "POST", url: "/api/backup/bk_1/restore" } });
  });

  it("a failed report is not reported again, and a shown failure of /api/errors itself is not reported at all", async () => {
    render(<Toaster />);
    reportStatus = 503;
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await apiClient
      .get("/api/conversations", { retry: false })
      .catch((error: unknown) => notificationManager.showError(error));
    await act(() => errorLogger.flush());
    expect(fetchMock.mock.calls.filter(([input]) => isReport(input))).toHaveLength(1);

    // Someone shows the failed report call itself: no report of it, so no loop.
    await apiClient
      .post("/api/errors", { entries: [] }, { retry: false })
      .catch((error: unknown) => notificationManager.showError(error, { title: "Report not sent" }));
    await screen.findByText("Report not sent");
    await act(() => errorLogger.flush());
    await act(() => errorLogger.flush());
    // The one failed report plus the app's own call: nothing more went to /api/errors.
    expect(fetchMock.mock.calls.filter(([input]) => isReport(input))).toHaveLength(2);
  });
});
