import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationManager } from "@/components/notifications/notification-manager";
import { Toaster } from "@/components/notifications/toaster";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { ErrorCode, NetworkError } from "@/lib/errors";

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

/*
 * A modal Radix dialog sets pointer-events: none on <body> and closes on any pointer-down
 * outside it. A toast raised while it is open (a failed restore, a refused delete) must still
 * take the click on its Retry, and using the toast must not close the dialog underneath.
 */
describe("a toast shown over an open dialog", () => {
  it("takes the click on its action, and the dialog stays open", async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const onOpenChange = vi.fn();
    render(
      <>
        <Dialog open onOpenChange={onOpenChange}>
          <DialogContent>
            <DialogTitle>Delete 3 conversations?</DialogTitle>
            <DialogDescription>A backup is made first.</DialogDescription>
          </DialogContent>
        </Dialog>
        <Toaster />
      </>,
    );
    expect(document.body.style.pointerEvents).toBe("none");

    act(() => {
      notificationManager.showError(new NetworkError(ErrorCode.NET_CONNECTION_FAILED, "Failed to fetch"), { onRetry });
    });
    const toast = (await screen.findByRole("alert", { name: /connection problem/i })).closest("li") as HTMLElement;
    await user.click(within(toast).getByRole("button", { name: "Retry" }));

    expect(onRetry).toHaveBeenCalledOnce();
    expect(onOpenChange).not.toHaveBeenCalled();
    // Escape still closes it: only the toasts are exempt.
    await user.keyboard("{Escape}");
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });
});
