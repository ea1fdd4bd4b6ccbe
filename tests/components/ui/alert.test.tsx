import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

describe("Alert", () => {
  it("interrupts screen readers for problems (role=alert)", () => {
    render(
      <Alert variant="destructive">
        <AlertTitle>Backup failed</AlertTitle>
        <AlertDescription>Nothing was deleted.</AlertDescription>
      </Alert>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Backup failed");
  });

  it("waits its turn for information (role=status)", () => {
    render(
      <Alert variant="info">
        <AlertTitle>Batch resumed</AlertTitle>
      </Alert>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Batch resumed");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
