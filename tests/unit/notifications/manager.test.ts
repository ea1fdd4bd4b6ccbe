import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIError,
  ErrorCode,
  getUserMessage,
  GenerationError,
  NetworkError,
  ValidationError,
  AppError,
} from "@/lib/errors";
import { NotificationManager, RATE_LIMIT_TOAST_ID } from "@/components/notifications/notification-manager";
import { SharedCountdown } from "@/lib/notifications/shared-countdown";
import { getAnnouncement } from "@/lib/notifications/announcer";
import { RateLimitToast } from "@/components/notifications/rate-limit-toast";
import { NetworkErrorToast } from "@/components/notifications/network-error-toast";
import { ValidationErrorToast } from "@/components/notifications/validation-error-toast";
import { GenerationErrorToast } from "@/components/notifications/generation-error-toast";
import type { ErrorDetailsExtra } from "@/components/errors/error-details-store";
import type { ShownErrorReporter } from "@/components/errors/report-shown-error";
import { FakeAdapter, FakeChannelHub } from "./fake-adapter";

const offline = () => new NetworkError(ErrorCode.NET_CONNECTION_FAILED, "fetch failed");
const notFound = () => new APIError(ErrorCode.API_NOT_FOUND, "missing", { status: 404 });
const rateLimited = (retryAfter: number) =>
  new APIError(ErrorCode.API_RATE_LIMIT, "slow down", { status: 429, retryAfter });

let adapter: FakeAdapter;
let openDetails: ReturnType<typeof vi.fn<(error: AppError, extra?: ErrorDetailsExtra) => void>>;
let report: ReturnType<typeof vi.fn<ShownErrorReporter>>;
let manager: NotificationManager;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-11-28T12:00:00Z") });
  adapter = new FakeAdapter();
  openDetails = vi.fn<(error: AppError, extra?: ErrorDetailsExtra) => void>();
  report = vi.fn<ShownErrorReporter>(() => true);
  manager = new NotificationManager({ adapter, openDetails, report, countdown: new SharedCountdown() });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("de-duplication", () => {
  it("shows the same error once inside 5 s and counts the repeats on that toast (x3)", () => {
    const first = manager.showError(notFound());
    vi.advanceTimersByTime(2000);
    manager.showError(notFound());
    vi.advanceTimersByTime(2000);
    const third = manager.showError(notFound());
    expect(third).toBe(first);
    expect(adapter.open.size).toBe(1);
    expect(adapter.open.get(first)?.title).toMatch(/\(x3\)$/);
  });

  it("creates a new toast once the window has passed", () => {
    const first = manager.info("Settings saved");
    vi.advanceTimersByTime(5000);
    const second = manager.info("Settings saved");
    expect(second).not.toBe(first);
    expect(adapter.calls.map((call) => call.title)).toEqual(["Settings saved", "Settings saved"]);
  });

  it("keeps different messages and kinds apart", () => {
    manager.info("Saved");
    manager.success("Saved");
    manager.showError(offline());
    manager.showError(notFound());
    expect(adapter.open.size).toBe(4);
  });

  it("counts custom error toasts too, re-rendering the same toast", () => {
    const id = manager.showError(offline());
    manager.showError(offline());
    const latest = adapter.open.get(id)?.element;
    expect(latest?.type).toBe(NetworkErrorToast);
    expect((latest?.props as { count: number }).count).toBe(2);
  });

  it("keeps the same failure of two different things apart, so each toast's Retry retries its own", () => {
    const retried: string[] = [];
    const title = "Restore failed: nothing was restored";
    const a = manager.showError(offline(), { title, subject: "Backup A.", onRetry: () => retried.push("A") });
    const b = manager.showError(offline(), { title, subject: "Backup B.", onRetry: () => retried.push("B") });
    expect(b).not.toBe(a);
    for (const id of [a, b]) (adapter.open.get(id)?.element?.props as { onRetry: () => void }).onRetry();
    expect(retried).toEqual(["A", "B"]);
  });

  it("starts over after the user dismissed the toast", () => {
    const first = manager.showError(notFound());
    manager.dismiss(first);
    const second = manager.showError(notFound());
    expect(second).not.toBe(first);
  });
});

describe("treatments", () => {
  it("temporary errors (network, server hiccup) are orange/yellow and close after 5 s", () => {
    const server = new APIError(ErrorCode.API_SERVICE_UNAVAILABLE, "down", { status: 503 });
    const id = manager.showError(server);
    expect(adapter.open.get(id)).toMatchObject({ tone: "warning", options: { duration: 5000 } });
    const net = manager.showError(offline());
    expect(adapter.open.get(net)?.options.duration).toBe(5000);
    vi.advanceTimersByTime(4999);
    adapter.expire();
    expect(adapter.open.has(id)).toBe(true);
    vi.advanceTimersByTime(1);
    adapter.expire();
    expect(adapter.open.size).toBe(0);
  });

  it("permanent errors (validation, not found, permission, constraint) are red and stay", () => {
    const errors = [
      notFound(),
      new APIError(ErrorCode.API_FORBIDDEN, "no", { status: 403 }),
      new AppError(ErrorCode.DB_UNIQUE_VIOLATION, "dup"),
      new ValidationError("bad", { title: ["Required"] }),
    ];
    const ids = errors.map((error) => manager.showError(error));
    for (const id of ids) expect(adapter.open.get(id)?.options.duration).toBe(Number.POSITIVE_INFINITY);
    expect(adapter.open.get(ids[0] as string)?.tone).toBe("error");
    vi.advanceTimersByTime(60 * 60_000);
    adapter.expire();
    expect(adapter.open.size).toBe(4);
  });

  it("permanent errors are announced through the assertive live region", () => {
    const error = notFound();
    manager.showError(error);
    expect(getAnnouncement()?.text).toContain(getUserMessage(error));
    manager.showError(offline()); // temporary: Sonner's polite region is enough
    expect(getAnnouncement()?.text).toContain(getUserMessage(error));
  });

  it("action-required errors (rate limit) are blue, stay, and carry an action", () => {
    const onRetry = vi.fn();
    const id = manager.showError(rateLimited(30), { onRetry });
    const toast = adapter.open.get(id);
    expect(id).toBe(RATE_LIMIT_TOAST_ID);
    expect(toast?.element?.type).toBe(RateLimitToast);
    expect(toast?.options.duration).toBe(Number.POSITIVE_INFINITY);
    (toast?.element?.props as { onRetry: () => void }).onRetry();
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("plain error toasts offer View details, which opens the details modal for that error", () => {
    const error = notFound();
    const id = manager.showError(error, { details: { batchId: "b1" } });
    adapter.open.get(id)?.options.action?.onClick();
    expect(openDetails).toHaveBeenCalledWith(error, expect.objectContaining({ batchId: "b1" }));
  });
});

describe("showError picks the toast", () => {
  it("network -> NetworkErrorToast with Retry", () => {
    const onRetry = vi.fn();
    const id = manager.showError(offline(), { onRetry });
    const element = adapter.open.get(id)?.element;
    expect(element?.type).toBe(NetworkErrorToast);
    (element?.props as { onRetry: () => void }).onRetry();
    expect(onRetry).toHaveBeenCalledOnce();
    expect(adapter.open.has(id)).toBe(false);
  });

  it("validation -> ValidationErrorToast with the field errors", () => {
    const id = manager.showError(
      new APIError(ErrorCode.VAL_INVALID_INPUT, "bad", {
        status: 400,
        details: { fieldErrors: { topic: ["Required"] } },
      }),
    );
    const element = adapter.open.get(id)?.element;
    expect(element?.type).toBe(ValidationErrorToast);
    expect((element?.props as { fieldErrors: unknown }).fieldErrors).toEqual({ topic: ["Required"] });
  });

  it("validation -> the field list never carries a secret echoed by the server", () => {
    const key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
    const id = manager.showError(
      new APIError(ErrorCode.VAL_INVALID_INPUT, "bad", {
        status: 400,
        details: { fieldErrors: { apiKey: [`${key} is not a valid key`] } },
      }),
    );
    const fields = (adapter.open.get(id)?.element?.props as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(JSON.stringify(fields)).not.toContain(key);
    expect(fields.apiKey).toHaveLength(1);
  });

  it("generation -> GenerationErrorToast with its code", () => {
    const id = manager.showError(new GenerationError(ErrorCode.GEN_TIMEOUT, "slow"));
    const element = adapter.open.get(id)?.element;
    expect(element?.type).toBe(GenerationErrorToast);
    expect((element?.props as { code: string }).code).toBe("ERR_GEN_TIMEOUT");
  });
});

describe("shared rate-limit countdown", () => {
  it("counts down from Retry-After and updates one toast in place", () => {
    manager.showError(rateLimited(30));
    expect(manager.countdown.remainingSeconds()).toBe(30);
    vi.advanceTimersByTime(10_000);
    manager.showError(rateLimited(5)); // shorter: the running countdown wins
    expect(manager.countdown.remainingSeconds()).toBe(20);
    const rateToasts = [...adapter.open.values()].filter((toast) => toast.id === RATE_LIMIT_TOAST_ID);
    expect(rateToasts).toHaveLength(1);
    expect((rateToasts[0]?.element?.props as { count: number }).count).toBe(2);
    vi.advanceTimersByTime(20_000);
    expect(manager.countdown.remainingSeconds()).toBe(0);
  });

  it("shows the countdown in another tab when one tab is rate limited", () => {
    const hub = new FakeChannelHub();
    const otherAdapter = new FakeAdapter();
    const thisTab = new NotificationManager({
      adapter,
      report,
      countdown: new SharedCountdown({ channel: hub.channel() }),
    });
    const otherTab = new NotificationManager({
      adapter: otherAdapter,
      report,
      countdown: new SharedCountdown({ channel: hub.channel() }),
    });
    thisTab.showError(rateLimited(12));
    expect(otherTab.countdown.remainingSeconds()).toBe(12);
    const toast = otherAdapter.open.get(RATE_LIMIT_TOAST_ID);
    expect((toast?.element?.props as { until: number }).until).toBe(Date.now() + 12_000);
  });
});

describe("feature helpers' options", () => {
  it("a toast closed behind the manager's back (Sonner, a test's cleanup) is shown fresh, without a stale counter", () => {
    const first = manager.success("Deleted 3 conversations");
    adapter.dismiss(first);
    const second = manager.success("Deleted 3 conversations");
    expect(adapter.open.get(second)?.title).toBe("Deleted 3 conversations");
  });

  it("a retryable error outside the four custom toasts keeps the caller's Retry next to View details", () => {
    const onRetry = vi.fn();
    const error = new APIError(ErrorCode.API_SERVICE_UNAVAILABLE, "down", { status: 503 });
    const id = manager.showError(error, { onRetry });
    const shown = adapter.open.get(id);
    expect(shown?.options.action?.label).toBe("Retry");
    shown?.options.action?.onClick();
    expect(onRetry).toHaveBeenCalledOnce();
    expect(shown?.options.secondaryAction?.label).toBe("View details");
    shown?.options.secondaryAction?.onClick();
    expect(openDetails).toHaveBeenCalledWith(error, expect.anything());
  });

  it("an action's failure keeps its title and shows the error id even when temporary", () => {
    const error = new APIError(ErrorCode.API_SERVER_ERROR, "boom", { status: 500, errorId: "err_backup_123" });
    const id = manager.showError(error, { title: "Backup failed, so nothing was deleted", showErrorId: true });
    expect(adapter.open.get(id)).toMatchObject({ title: "Backup failed, so nothing was deleted", tone: "warning" });
    expect(adapter.open.get(id)?.options.description).toContain("Error id: err_backup_123");
  });
});

describe("reporting shown errors to the server log", () => {
  const serverError = (errorId: string) => new APIError(ErrorCode.API_SERVER_ERROR, "boom", { status: 500, errorId });

  it("reports a new error toast once, with the error it shows", () => {
    const error = serverError("err_first");
    manager.showError(error, { title: "Backup failed" });
    expect(report).toHaveBeenCalledExactlyOnceWith(error, {
      shownIn: "toast",
      context: { toastTitle: "Backup failed" },
    });
  });

  it("a repeat merged into the open toast is not reported again, and the toast keeps the reported id", () => {
    const first = serverError("err_first");
    const id = manager.showError(first, { showErrorId: true });
    vi.advanceTimersByTime(1000);
    manager.showError(serverError("err_second"), { showErrorId: true });
    expect(report).toHaveBeenCalledOnce();
    const shown = adapter.open.get(id);
    expect(shown?.title).toMatch(/\(x2\)$/);
    expect(shown?.options.description).toContain("Error id: err_first");
    expect(shown?.options.description).not.toContain("err_second");
    shown?.options.action?.onClick();
    expect(openDetails).toHaveBeenCalledWith(first, expect.anything());
  });

  it("a rate-limit toast is reported once however many 429s it absorbs, and still waits for the latest Retry-After", () => {
    const first = rateLimited(2);
    manager.showError(first);
    manager.showError(rateLimited(30));
    expect(report).toHaveBeenCalledExactlyOnceWith(first, expect.objectContaining({ shownIn: "toast" }));
    expect(manager.countdown.getUntil()).toBe(Date.now() + 30_000);
  });

  it("the same message after its toast was dismissed is a new toast and a new report", () => {
    const id = manager.showError(serverError("err_first"));
    manager.dismiss(id);
    manager.showError(serverError("err_second"));
    expect(report.mock.calls.map(([error]) => error.errorId)).toEqual(["err_first", "err_second"]);
  });

  it("plain message toasts (no error) are not reported", () => {
    manager.error("Could not copy");
    manager.warning("Slow connection");
    expect(report).not.toHaveBeenCalled();
  });
});
