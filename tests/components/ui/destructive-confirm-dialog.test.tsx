import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Trash2 } from "lucide-react";
import { describe, expect, it, vi } from "vitest";
import { DestructiveConfirmDialog } from "@/components/ui/destructive-confirm-dialog";

function renderDialog(overrides: Partial<React.ComponentProps<typeof DestructiveConfirmDialog>> = {}) {
  const props = {
    open: true,
    onOpenChange: vi.fn(),
    onConfirm: vi.fn(),
    busy: false,
    error: null,
    icon: Trash2,
    title: "Delete it?",
    description: "This cannot be undone.",
    safeLabel: "Keep it",
    confirmLabel: "Delete",
    busyLabel: "Deleting…",
    ...overrides,
  };
  render(<DestructiveConfirmDialog {...props} />);
  return props;
}

describe("DestructiveConfirmDialog", () => {
  it("opens on the safe choice, puts the red action last, and confirms only when asked", async () => {
    const user = userEvent.setup();
    const props = renderDialog();
    const dialog = screen.getByRole("dialog", { name: "Delete it?" });
    expect(dialog).toHaveAccessibleDescription("This cannot be undone.");
    const buttons = screen.getAllByRole("button").filter((button) => button.textContent !== "");
    expect(screen.getByRole("button", { name: "Keep it" })).toHaveFocus();
    expect(buttons.at(-1)).toHaveTextContent("Delete");
    await user.keyboard("{Enter}");
    expect(props.onConfirm).not.toHaveBeenCalled();
    expect(props.onOpenChange).toHaveBeenCalledWith(false);
    await user.click(screen.getByRole("button", { name: "Delete" }));
    expect(props.onConfirm).toHaveBeenCalledTimes(1);
  });

  it("stays open and disabled while busy, and shows why the action failed", async () => {
    const user = userEvent.setup();
    const props = renderDialog({ busy: true, error: "The server said no." });
    expect(screen.getByRole("button", { name: "Deleting…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Keep it" })).toBeDisabled();
    expect(screen.getByText("The server said no.")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(props.onOpenChange).not.toHaveBeenCalled();
  });
});
