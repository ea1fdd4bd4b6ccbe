import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";

function Labelled({ onCheckedChange }: { onCheckedChange?: (checked: boolean | "indeterminate") => void }) {
  return (
    <div>
      <Checkbox id="select-all" onCheckedChange={onCheckedChange} />
      <Label htmlFor="select-all">Select all</Label>
    </div>
  );
}

describe("Checkbox", () => {
  it("toggles with the keyboard (Tab to focus, Space to toggle)", async () => {
    const user = userEvent.setup();
    const onCheckedChange = vi.fn();
    render(<Labelled onCheckedChange={onCheckedChange} />);
    const checkbox = screen.getByRole("checkbox", { name: "Select all" });
    expect(checkbox).toHaveAttribute("aria-checked", "false");

    await user.tab();
    expect(checkbox).toHaveFocus();
    await user.keyboard(" ");
    expect(checkbox).toHaveAttribute("aria-checked", "true");
    expect(onCheckedChange).toHaveBeenLastCalledWith(true);

    await user.keyboard(" ");
    expect(checkbox).toHaveAttribute("aria-checked", "false");
  });

  it("toggles when its label is clicked", async () => {
    const user = userEvent.setup();
    render(<Labelled />);
    await user.click(screen.getByText("Select all"));
    expect(screen.getByRole("checkbox", { name: "Select all" })).toHaveAttribute("aria-checked", "true");
  });

  it("reports a mixed state for a partial selection", () => {
    render(<Checkbox checked="indeterminate" aria-label="Some selected" />);
    expect(screen.getByRole("checkbox", { name: "Some selected" })).toHaveAttribute("aria-checked", "mixed");
  });
});
