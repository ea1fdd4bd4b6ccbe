import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Progress } from "@/components/ui/progress";

describe("Progress", () => {
  it("exposes the measured value to assistive tech", () => {
    render(<Progress value={37} aria-label="Batch progress" />);
    const bar = screen.getByRole("progressbar", { name: "Batch progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "37");
    expect(bar).toHaveAttribute("aria-valuemin", "0");
    expect(bar).toHaveAttribute("aria-valuemax", "100");
  });

  it("reports progress against a custom max (items, not percent)", () => {
    render(<Progress value={3} max={12} aria-label="Items" />);
    const bar = screen.getByRole("progressbar", { name: "Items" });
    expect(bar).toHaveAttribute("aria-valuenow", "3");
    expect(bar).toHaveAttribute("aria-valuemax", "12");
  });

  it("clamps a value past the end instead of announcing more than 100%", () => {
    render(<Progress value={140} aria-label="Overshoot" />);
    expect(screen.getByRole("progressbar", { name: "Overshoot" })).toHaveAttribute("aria-valuenow", "100");
  });

  it("announces no number when indeterminate", () => {
    render(<Progress value={null} aria-label="Starting" />);
    const bar = screen.getByRole("progressbar", { name: "Starting" });
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAttribute("data-state", "indeterminate");
  });
});
