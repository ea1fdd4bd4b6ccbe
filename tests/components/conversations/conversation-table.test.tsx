import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ConversationPagination } from "@/components/conversations/conversation-pagination";
import { ConversationTable } from "@/components/conversations/conversation-table";

const conversation = {
  id: "7d1e0c8a-3b2f-4c5d-9e6f-0a1b2c3d4e5f",
  title: "Refund for a late delivery",
  topic: "customer support",
  persona: "frustrated customer",
  emotion: "angry",
  status: "completed",
  turnCount: 1234,
  createdAt: "2026-11-28T10:00:00.000Z",
  updatedAt: "2026-11-28T10:00:00.000Z",
};

describe("ConversationTable", () => {
  it("links each title to its transcript and shows its facts", () => {
    render(<ConversationTable items={[conversation]} />);
    const row = screen.getByTestId("conversation-row");
    expect(within(row).getByRole("link", { name: "Refund for a late delivery" })).toHaveAttribute(
      "href",
      `/conversations/${conversation.id}`,
    );
    expect(row).toHaveTextContent("frustrated customer · angry");
    expect(row).toHaveTextContent("1,234");
    expect(row).toHaveTextContent("completed");
    expect(within(row).getByText(/28 Nov 2026/)).toHaveAttribute("dateTime", "2026-11-28T10:00:00.000Z");
  });
});

describe("ConversationPagination", () => {
  it("offers only Next page on the first page", () => {
    render(<ConversationPagination isFirstPage nextCursor="abc_-1" />);
    expect(screen.getByRole("link", { name: "Next page" })).toHaveAttribute("href", "/conversations?cursor=abc_-1");
    expect(screen.queryByRole("link", { name: "First page" })).not.toBeInTheDocument();
  });

  it("offers First page on the last page", () => {
    render(<ConversationPagination isFirstPage={false} nextCursor={null} />);
    expect(screen.getByRole("link", { name: "First page" })).toHaveAttribute("href", "/conversations");
    expect(screen.queryByRole("link", { name: "Next page" })).not.toBeInTheDocument();
  });

  it("renders nothing when everything fits on one page", () => {
    const { container } = render(<ConversationPagination isFirstPage nextCursor={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
