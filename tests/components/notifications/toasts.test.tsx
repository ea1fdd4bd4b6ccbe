import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimitToast } from "@/components/notifications/rate-limit-toast";
import { NetworkErrorToast } from "@/components/notifications/network-error-toast";
import { ValidationErrorToast } from "@/components/notifications/validation-error-toast";
import { GenerationErrorToast } from "@/components/notifications/generation-error-toast";
import { AssertiveLiveRegion } from "@/components/notifications/assertive-live-region";
import { announceAssertive } from "@/lib/notifications/announcer";

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-11-28T12:00:00Z") });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("RateLimitToast", () => {
  it("counts down each second and offers Retry now at 0", () => {
    const onRetry = vi.fn();
    render(<RateLimitToast until={Date.now() + 3000} message="Too many requests." onRetry={onRetry} />);
    const toast = screen.getByRole("status", { name: /rate limit reached/i });
    expect(within(toast).getByTestId("rate-limit-countdown")).toHaveTextContent("Requests resume in 3 s.");
    expect(within(toast).getByRole("button", { name: "Retry in 3 s" })).toBeDisabled();

    act(() => vi.advanceTimersByTime(1000));
    expect(within(toast).getByTestId("rate-limit-countdown")).toHaveTextContent("Requests resume in 2 s.");
    act(() => vi.advanceTimersByTime(1000));
    expect(within(toast).getByRole("button", { name: "Retry in 1 s" })).toBeDisabled();
    expect(within(toast).queryByRole("button", { name: "Retry now" })).toBeNull();

    act(() => vi.advanceTimersByTime(1000));
    fireEvent.click(within(toast).getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("follows a later end time (another 429, another tab) without stacking", () => {
    const { rerender } = render(<RateLimitToast until={Date.now() + 2000} message="Wait." count={1} />);
    rerender(<RateLimitToast until={Date.now() + 9000} message="Wait." count={2} />);
    expect(screen.getByTestId("rate-limit-countdown")).toHaveTextContent("9 s");
    expect(screen.getByText("x2")).toBeInTheDocument();
    expect(screen.getAllByRole("status")).toHaveLength(1);
  });
});

describe("NetworkErrorToast", () => {
  it("offers Retry and View details, each calling back", () => {
    const onRetry = vi.fn();
    const onViewDetails = vi.fn();
    render(
      <NetworkErrorToast
        message="We could not reach the server."
        subject="Item 3"
        onRetry={onRetry}
        onViewDetails={onViewDetails}
      />,
    );
    const toast = screen.getByRole("alert", { name: /connection problem/i });
    expect(toast).toHaveAttribute("data-treatment", "temporary");
    fireEvent.click(within(toast).getByRole("button", { name: "Retry" }));
    fireEvent.click(within(toast).getByRole("button", { name: "View details" }));
    expect(onRetry).toHaveBeenCalledOnce();
    expect(onViewDetails).toHaveBeenCalledOnce();
    expect(toast).toHaveTextContent("Item 3");
  });
});

describe("ValidationErrorToast", () => {
  it("lists every field to fix and is a permanent (red) toast with a close button", () => {
    const onDismiss = vi.fn();
    render(
      <ValidationErrorToast
        message="Some of what you entered is not valid."
        fieldErrors={{ topic: ["Required"], turns: ["Must be at least 2", "Must be a whole number"], empty: [] }}
        onDismiss={onDismiss}
      />,
    );
    const toast = screen.getByRole("alert", { name: /check what you entered/i });
    expect(toast).toHaveAttribute("data-treatment", "permanent");
    const items = within(within(toast).getByRole("list", { name: "Fields to fix" })).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "topic: Required",
      "turns: Must be at least 2; Must be a whole number",
    ]);
    fireEvent.click(within(toast).getByRole("button", { name: "Dismiss notification" }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});

describe("GenerationErrorToast", () => {
  it("shows the error code and opens the details", () => {
    const onViewDetails = vi.fn();
    const onRetry = vi.fn();
    render(
      <GenerationErrorToast
        message="The AI provider did not answer in time."
        code="ERR_GEN_TIMEOUT"
        count={3}
        onRetry={onRetry}
        onViewDetails={onViewDetails}
      />,
    );
    const toast = screen.getByRole("alert", { name: /generation failed/i });
    expect(toast).toHaveTextContent("Code: ERR_GEN_TIMEOUT");
    expect(within(toast).getByText("x3")).toBeInTheDocument();
    fireEvent.click(within(toast).getByRole("button", { name: "View details" }));
    fireEvent.click(within(toast).getByRole("button", { name: "Retry" }));
    expect(onViewDetails).toHaveBeenCalledOnce();
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe("AssertiveLiveRegion", () => {
  it("is always present and reads out announcements", () => {
    render(<AssertiveLiveRegion />);
    const region = screen.getByTestId("assertive-live-region");
    expect(region).toHaveAttribute("role", "alert");
    expect(region).toHaveAttribute("aria-live", "assertive");
    act(() => announceAssertive("Restore failed: nothing was restored."));
    expect(region).toHaveTextContent("Restore failed: nothing was restored.");
  });
});
