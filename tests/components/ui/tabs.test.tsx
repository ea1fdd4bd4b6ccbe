import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

describe("Tabs", () => {
  it("moves between tabs with the arrow keys and shows the matching panel", async () => {
    const user = userEvent.setup();
    render(
      <Tabs defaultValue="summary">
        <TabsList aria-label="Error details">
          <TabsTrigger value="summary">Summary</TabsTrigger>
          <TabsTrigger value="technical">Technical</TabsTrigger>
        </TabsList>
        <TabsContent value="summary">What happened</TabsContent>
        <TabsContent value="technical">Error id err_123</TabsContent>
      </Tabs>,
    );
    expect(screen.getByRole("tabpanel")).toHaveTextContent("What happened");

    await user.tab();
    expect(screen.getByRole("tab", { name: "Summary" })).toHaveFocus();
    await user.keyboard("{ArrowRight}");

    expect(screen.getByRole("tab", { name: "Technical" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel")).toHaveTextContent("Error id err_123");
  });
});
