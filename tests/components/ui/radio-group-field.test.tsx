import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { RadioGroupField, type RadioOption } from "@/components/ui/radio-group-field";

type Size = "small" | "medium" | "large";
const OPTIONS: readonly RadioOption<Size>[] = [
  { value: "small", label: "Small", hint: "Fits in a pocket." },
  { value: "medium", label: "Medium", hint: "Fits in a bag." },
  { value: "large", label: "Large" },
];

function Sizes({ onChange, disabled }: { onChange?: (size: Size) => void; disabled?: boolean }) {
  const [size, setSize] = useState<Size>("medium");
  return (
    <>
      <button type="button">Before</button>
      <RadioGroupField
        name="size"
        legend="Size"
        options={OPTIONS}
        value={size}
        disabled={disabled}
        onChange={(next) => {
          setSize(next);
          onChange?.(next);
        }}
      />
    </>
  );
}

describe("RadioGroupField", () => {
  it("is a group named by its legend, each radio named by its label and described by its hint", () => {
    render(<Sizes />);
    expect(screen.getByRole("group", { name: "Size" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Small" })).toHaveAccessibleDescription("Fits in a pocket.");
    expect(screen.getByRole("radio", { name: "Large" })).not.toHaveAttribute("aria-describedby");
    expect(screen.getByRole("radio", { name: "Medium" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Medium" })).toHaveAttribute("id", "size-medium");
  });

  it("Tab enters on the checked option and the arrow keys move and select", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Sizes onChange={onChange} />);
    await user.click(screen.getByRole("button", { name: "Before" }));
    await user.tab();
    expect(screen.getByRole("radio", { name: "Medium" })).toHaveFocus();

    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("radio", { name: "Large" })).toHaveFocus();
    expect(screen.getByRole("radio", { name: "Large" })).toBeChecked();
    expect(onChange).toHaveBeenLastCalledWith("large");

    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByRole("radio", { name: "Small" })).toBeChecked();
    expect(onChange).toHaveBeenLastCalledWith("small");
  });

  it("clicking an option's card selects it; disabled, nothing changes", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const { unmount } = render(<Sizes onChange={onChange} />);
    await user.click(screen.getByText("Fits in a pocket."));
    expect(screen.getByRole("radio", { name: "Small" })).toBeChecked();
    unmount();

    onChange.mockReset();
    render(<Sizes onChange={onChange} disabled />);
    expect(screen.getByRole("radio", { name: "Small" })).toBeDisabled();
    await user.click(screen.getByText("Fits in a pocket."));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole("radio", { name: "Medium" })).toBeChecked();
  });
});
