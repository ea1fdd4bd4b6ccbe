import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { ConversationList } from "@/components/conversations/conversation-list";
import type { ConversationSummary } from "@/lib/conversations/types";
import type { ExportRequest } from "@/lib/export/types";
import { FakeExportApi } from "./fake-export-api";

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
vi.stubGlobal("ResizeObserver", NoopResizeObserver);

let api: FakeExportApi;

beforeEach(() => {
  api = new FakeExportApi();
});

function items(): ConversationSummary[] {
  return api.conversations.slice(0, 5).map((conversation, index) => ({
    id: conversation.id,
    title: conversation.title,
    topic: "customer support",
    persona: null,
    emotion: null,
    status: "completed",
    turnCount: conversation.turns,
    createdAt: `2026-11-28T10:0${index}:00.000Z`,
    updatedAt: `2026-11-28T10:0${index}:00.000Z`,
  }));
}

describe("Export from the conversations list", () => {
  it("exports everything when nothing is selected, and the selection once rows are ticked", async () => {
    const user = userEvent.setup();
    render(<ConversationList items={items()} client={api.client()} />);

    await user.click(screen.getByRole("button", { name: "Export all" }));
    let dialog = screen.getByRole("dialog", { name: "Export for fine-tuning" });
    expect(dialog).toHaveTextContent("Exports all your conversations");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    await screen.findByTestId("export-review");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    // Focus goes back to the button that opened it.
    expect(screen.getByRole("button", { name: "Export all" })).toHaveFocus();

    await user.click(screen.getByRole("checkbox", { name: "Select Support chat 2" }));
    await user.click(screen.getByRole("checkbox", { name: "Select Support chat 4" }));
    await user.click(screen.getByRole("button", { name: "Export selected" }));
    dialog = screen.getByRole("dialog", { name: "Export for fine-tuning" });
    expect(dialog).toHaveTextContent("Exports the 2 selected conversations");
    await user.click(within(dialog).getByRole("button", { name: "Check" }));
    await screen.findByTestId("export-review");

    const selections = api
      .requestsTo("POST", "/api/exports/preview")
      .map((request) => (request.body as ExportRequest).selection);
    expect(selections).toEqual([
      { kind: "all" },
      { kind: "ids", ids: [api.conversations[1]!.id, api.conversations[3]!.id] },
    ]);
  });
});
