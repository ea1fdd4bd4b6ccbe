import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { isDismissed } from "@/components/batch/dismissed-batches";
import { useCheckpointFailures } from "@/components/batch/use-checkpoint-failures";
import { settingsFieldErrors, useResumeDialog } from "@/components/batch/use-resume-dialog";
import { notificationManager } from "@/components/notifications/notification-manager";
import type { IncompleteBatch } from "@/lib/batch/types";
import { APIError, ErrorCode } from "@/lib/errors";
import { apiError, FakeBatchApi, makeIncomplete } from "./fake-batch-api";

let api: FakeBatchApi;
const onResumed = vi.fn();

beforeEach(() => {
  notificationManager.dismissAll();
  api = new FakeBatchApi();
  onResumed.mockReset();
  window.sessionStorage.clear();
});

function renderDialog(...offered: IncompleteBatch[]) {
  api.checkpoints = offered;
  const client = api.client();
  return renderHook(() => useResumeDialog({ offered, client, onResumed }));
}

describe("useResumeDialog", () => {
  it("opens on the first batch offered, and the pick moves", () => {
    const first = makeIncomplete({ name: "Refund requests" });
    const second = makeIncomplete({ name: "Onboarding questions" });
    const { result } = renderDialog(first, second);
    expect(result.current.open).toBe(true);
    expect(result.current.mode).toBe("overview");
    expect(result.current.selected?.jobId).toBe(first.jobId);

    act(() => result.current.select(second.jobId));
    expect(result.current.selected?.jobId).toBe(second.jobId);
  });

  it("resume asks the server, then closes and hands the batch over; the others are remembered as dismissed", async () => {
    const first = makeIncomplete();
    const second = makeIncomplete({ name: "Onboarding questions" });
    const { result } = renderDialog(first, second);

    let done!: Promise<void>;
    act(() => {
      done = result.current.resume();
    });
    expect(result.current.busy).toBe("resume");
    await act(() => done);

    expect(api.requestsTo("POST", /\/resume$/).map((request) => request.path)).toEqual([
      `/api/batches/${first.jobId}/resume`,
    ]);
    expect(onResumed).toHaveBeenCalledWith(first);
    expect(result.current.open).toBe(false);
    expect(result.current.busy).toBeNull();
    expect(isDismissed(second)).toBe(true);
    expect(isDismissed(first)).toBe(false);
  });

  it("a refused resume keeps the dialog open with the reason, ready to try again", async () => {
    api.on((request) =>
      request.path.endsWith("/resume") ? apiError(500, "ERR_INTERNAL", "Something went wrong on our side.") : undefined,
    );
    const { result } = renderDialog(makeIncomplete());
    await act(() => result.current.resume());
    expect(result.current.actionError).toMatch(/Something went wrong on our side/);
    expect(result.current.open).toBe(true);
    expect(result.current.busy).toBeNull();
    expect(onResumed).not.toHaveBeenCalled();
  });

  it("discard deletes the checkpoint and moves to the next batch; the last one closes the dialog", async () => {
    const first = makeIncomplete();
    const second = makeIncomplete({ name: "Onboarding questions" });
    const { result } = renderDialog(first, second);

    act(() => result.current.askDiscard());
    expect(result.current.confirmOpen).toBe(true);
    await act(() => result.current.discard());
    expect(result.current.confirmOpen).toBe(false);
    expect(result.current.batches.map((batch) => batch.jobId)).toEqual([second.jobId]);
    expect(result.current.selected?.jobId).toBe(second.jobId);
    expect(result.current.open).toBe(true);

    await act(() => result.current.discard());
    expect(result.current.selected).toBeNull();
    expect(result.current.open).toBe(false);
    expect(api.requestsTo("DELETE", /checkpoint$/)).toHaveLength(2);
  });

  it("a batch already gone when discarded drops out without an error", async () => {
    api.on((request) => (request.method === "DELETE" ? apiError(404, "ERR_NOT_FOUND", "Batch not found") : undefined));
    const { result } = renderDialog(makeIncomplete());
    act(() => result.current.askDiscard());
    await act(() => result.current.discard());
    expect(result.current.actionError).toBeNull();
    expect(result.current.confirmOpen).toBe(false);
    expect(result.current.open).toBe(false);
  });

  it("a cancelled batch (410) drops out of Retry failed items, with the reason", async () => {
    api.on((request) =>
      request.path.endsWith("/retry") ? apiError(410, "ERR_GONE", "This batch was cancelled.") : undefined,
    );
    const batch = makeIncomplete({ reason: "failed_items", checkpointId: null, exhaustedFailedItems: 2 });
    const { result } = renderDialog(batch);
    await act(() => result.current.retryFailed());
    expect(result.current.actionError).toMatch(/cancelled/);
    expect(result.current.batches).toEqual([]);
    expect(onResumed).not.toHaveBeenCalled();
  });

  it("modify saves with PATCH then resumes; the server's field errors come back by field", async () => {
    api.on((request) =>
      request.method === "PATCH"
        ? apiError(400, "ERR_VALIDATION", "Invalid settings", { fieldErrors: { "config.temperature": ["too hot"] } })
        : undefined,
    );
    const batch = makeIncomplete();
    const { result } = renderDialog(batch);
    act(() => result.current.openModify());
    expect(result.current.mode).toBe("modify");

    await act(() => result.current.saveAndResume({ provider: "offline", temperature: 3 }));
    expect(result.current.serverFieldErrors).toEqual({ temperature: "too hot" });
    expect(result.current.actionError).not.toBeNull();
    expect(api.requestsTo("POST", /\/resume$/)).toEqual([]);

    act(() => result.current.closeModify());
    expect(result.current.mode).toBe("overview");
    expect(result.current.actionError).toBeNull();
    expect(result.current.serverFieldErrors).toEqual({});
  });

  it("dismiss closes, keeps every batch, and remembers them for this tab", () => {
    const batch = makeIncomplete();
    const { result } = renderDialog(batch);
    act(() => result.current.openModify());
    act(() => result.current.dismiss());
    expect(result.current.open).toBe(false);
    expect(result.current.mode).toBe("overview");
    expect(result.current.batches).toHaveLength(1);
    expect(isDismissed(batch)).toBe(true);
    expect(api.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });
});

describe("settingsFieldErrors", () => {
  it("keeps the first message of the form's own fields, by their last path segment", () => {
    const error = new APIError(ErrorCode.API_BAD_REQUEST, "Invalid", {
      status: 400,
      details: {
        fieldErrors: { "config.model": ["unknown model", "second"], "config.provider": ["nope"], name: ["too long"] },
      },
    });
    expect(settingsFieldErrors(error)).toEqual({ model: "unknown model", provider: "nope" });
    expect(settingsFieldErrors(new Error("boom"))).toEqual({});
  });
});

describe("useCheckpointFailures", () => {
  it("fetches a batch's checkpoint once, only while active and when it has failures to list", async () => {
    const withFailures = makeIncomplete({ failed: 2 });
    const without = makeIncomplete({ failed: 0 });
    api.checkpoints = [withFailures, without];
    const client = api.client();
    const { result, rerender } = renderHook(({ batch, active }) => useCheckpointFailures(client, batch, active), {
      initialProps: { batch: withFailures, active: false },
    });
    expect(api.requestsTo("GET", /checkpoint$/)).toHaveLength(0);

    rerender({ batch: withFailures, active: true });
    await waitFor(() => expect(result.current?.failedItems).toHaveLength(2));
    rerender({ batch: without, active: true });
    expect(result.current).toBeNull();
    rerender({ batch: withFailures, active: true });
    expect(result.current?.failedItems).toHaveLength(2);
    expect(api.requestsTo("GET", /checkpoint$/)).toHaveLength(1);
  });

  it("a checkpoint that cannot be read is null, and is not asked for again: the counts are shown anyway", async () => {
    api.on((request) =>
      request.path.endsWith("/checkpoint") ? apiError(400, "ERR_VALIDATION", "Bad request") : undefined,
    );
    const batch = makeIncomplete({ failed: 1 });
    const other = makeIncomplete({ failed: 0 });
    const client = api.client();
    const { result, rerender } = renderHook(({ shown }) => useCheckpointFailures(client, shown, true), {
      initialProps: { shown: batch },
    });
    await waitFor(() => expect(api.requestsTo("GET", /checkpoint$/)).toHaveLength(1));
    // Let the failure land before looking away and back.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(result.current).toBeNull();

    rerender({ shown: other });
    rerender({ shown: batch });
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(result.current).toBeNull();
    expect(api.requestsTo("GET", /checkpoint$/)).toHaveLength(1);
  });
});
