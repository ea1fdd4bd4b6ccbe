import { act, renderHook, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { usePreDeleteBackup } from "@/components/backup/use-pre-delete-backup";
import { notificationManager } from "@/components/notifications/notification-manager";
import { apiError, deferred, FakeBackupApi, makeConversations } from "./fake-backup-api";

let api: FakeBackupApi;
const onDeleted = vi.fn();
const ids = makeConversations(3).map((conversation) => conversation.id);

beforeEach(() => {
  api = new FakeBackupApi(makeConversations(3));
  onDeleted.mockReset();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

/** The hook as PreDeleteBackup uses it, with the parent's open state beside it. */
function renderFlow() {
  const client = api.client();
  return renderHook(() => {
    const [open, setOpen] = useState(true);
    const flow = usePreDeleteBackup({ open, onOpenChange: setOpen, conversationIds: ids, client, onDeleted });
    return { open, setOpen, flow };
  });
}

describe("usePreDeleteBackup", () => {
  it("starts at the confirmation with the backup on", () => {
    const { result } = renderFlow();
    expect(result.current.flow.step).toEqual({ kind: "confirm" });
    expect(result.current.flow.withBackup).toBe(true);
    expect(result.current.flow.deleting).toBe(false);
  });

  it("backs up (step backup while the request runs), then stops at the final step with the backup", async () => {
    const pending = deferred();
    api.on((request) => (request.path === "/api/backup/create" ? pending.promise : undefined));
    const { result } = renderFlow();

    act(() => result.current.flow.backUp());
    expect(result.current.flow.step.kind).toBe("backup");
    await act(async () => pending.resolve());

    await waitFor(() => expect(result.current.flow.step.kind).toBe("final"));
    const step = result.current.flow.step;
    if (step.kind !== "final") throw new Error("not at the final step");
    expect(step.backup.backupId).toBe("bk_test_0001");
    expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);
    expect(result.current.open).toBe(true);
  });

  it("deletes with the backup's id, then closes and reports what was deleted", async () => {
    const { result } = renderFlow();
    act(() => result.current.flow.backUp());
    await waitFor(() => expect(result.current.flow.step.kind).toBe("final"));
    const step = result.current.flow.step;
    if (step.kind !== "final") throw new Error("not at the final step");

    act(() => result.current.flow.deleteConversations(step.backup));
    expect(result.current.flow.deleting).toBe(true);
    await waitFor(() => expect(result.current.open).toBe(false));
    expect(result.current.flow.deleting).toBe(false);
    expect(api.requestsTo("POST", /bulk-delete$/)[0]?.body).toEqual({ ids, backupId: "bk_test_0001" });
    expect(onDeleted).toHaveBeenCalledWith({ deleted: 3, backup: step.backup });
  });

  it("without a backup, asks once more, then deletes with confirmWithoutBackup", async () => {
    const { result } = renderFlow();
    act(() => result.current.flow.setWithBackup(false));
    act(() => result.current.flow.confirmWithoutBackup());
    expect(result.current.flow.step.kind).toBe("confirm-without-backup");
    expect(api.requests).toHaveLength(0);

    act(() => result.current.flow.deleteConversations(null));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith({ deleted: 3, backup: null }));
    expect(api.requestsTo("POST", /bulk-delete$/)[0]?.body).toEqual({ ids, confirmWithoutBackup: true });
    expect(api.requestsTo("POST", /\/api\/backup\/create$/)).toHaveLength(0);
  });

  it("cannot be closed while the delete runs", async () => {
    const pending = deferred();
    api.on((request) => (/bulk-delete$/.test(request.path) ? pending.promise : undefined));
    const { result } = renderFlow();
    act(() => result.current.flow.confirmWithoutBackup());
    act(() => result.current.flow.deleteConversations(null));

    act(() => result.current.flow.onDialogOpenChange(false));
    expect(result.current.open).toBe(true);
    await act(async () => pending.resolve());
    await waitFor(() => expect(result.current.open).toBe(false));
  });

  it("closing during the backup abandons it: the request is aborted and the final step never comes", async () => {
    let signalled: AbortSignal | undefined;
    const pending = deferred();
    api.on((request) => (request.path === "/api/backup/create" ? pending.promise : undefined));
    const fetch = api.fetch;
    api.fetch = (input, init) => {
      signalled = init?.signal ?? undefined;
      return fetch(input, init);
    };
    const { result } = renderFlow();
    act(() => result.current.flow.backUp());
    await waitFor(() => expect(api.requestsTo("POST", /^\/api\/backup\/create$/)).toHaveLength(1));
    act(() => result.current.flow.close());

    expect(result.current.open).toBe(false);
    expect(signalled?.aborted).toBe(true);
    await act(async () => pending.resolve());
    expect(result.current.flow.step.kind).toBe("backup");
  });

  it("a refused delete keeps the final step and the dialog open", async () => {
    api.on((request) => (/bulk-delete$/.test(request.path) ? apiError(409, "ERR_CONFLICT", "Not covered") : undefined));
    const { result } = renderFlow();
    act(() => result.current.flow.backUp());
    await waitFor(() => expect(result.current.flow.step.kind).toBe("final"));
    const step = result.current.flow.step;
    if (step.kind !== "final") throw new Error("not at the final step");

    act(() => result.current.flow.deleteConversations(step.backup));
    await waitFor(() => expect(result.current.flow.deleting).toBe(false));
    expect(result.current.flow.step.kind).toBe("final");
    expect(result.current.open).toBe(true);
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("each opening starts over at the confirmation with the backup on", async () => {
    const { result } = renderFlow();
    act(() => result.current.flow.setWithBackup(false));
    act(() => result.current.flow.confirmWithoutBackup());
    act(() => result.current.flow.close());
    act(() => result.current.setOpen(true));
    expect(result.current.flow.step).toEqual({ kind: "confirm" });
    expect(result.current.flow.withBackup).toBe(true);
  });
});
