import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { ConversationList } from "@/components/conversations/conversation-list";
import { EMPTY_SELECTION, pageSelectionState, toggleAll, toggleRow } from "@/components/conversations/selection";
import type { ConversationSummary } from "@/lib/conversations/types";
import { FakeBackupApi, makeConversations } from "../backup/fake-backup-api";

const seeds = makeConversations(6);
const items: ConversationSummary[] = seeds.map((seed, index) => ({
  id: seed.id,
  title: seed.title,
  topic: "customer support",
  persona: null,
  emotion: null,
  status: "completed",
  turnCount: 4,
  createdAt: `2026-11-28T10:0${index}:00.000Z`,
  updatedAt: `2026-11-28T10:0${index}:00.000Z`,
}));

let api: FakeBackupApi;

beforeEach(() => {
  api = new FakeBackupApi(seeds);
  router.refresh.mockReset();
});

function setup() {
  const user = userEvent.setup();
  render(<ConversationList items={items} client={api.client()} />);
  const box = (n: number) => screen.getByRole("checkbox", { name: `Select Conversation ${n}` });
  const count = () => screen.getByTestId("selection-count");
  const deleteSelected = () => screen.getByRole("button", { name: "Delete selected" });
  return { user, box, count, deleteSelected };
}

describe("ConversationList selection", () => {
  it("labels each row's checkbox with its title and announces the count politely", async () => {
    const { user, box, count, deleteSelected } = setup();
    expect(count()).toHaveAttribute("role", "status");
    expect(count()).toHaveAttribute("aria-live", "polite");
    expect(deleteSelected()).toBeDisabled();

    await user.click(box(2));
    expect(box(2)).toBeChecked();
    expect(count()).toHaveTextContent("1 selected");
    expect(deleteSelected()).toBeEnabled();
    await user.click(box(2));
    expect(box(2)).not.toBeChecked();
    expect(deleteSelected()).toBeDisabled();
  });

  it("selects and clears everything on the page from the header checkbox", async () => {
    const { user, box, count } = setup();
    const all = screen.getByRole("checkbox", { name: "Select all conversations on this page" });
    await user.click(box(1));
    expect(all).toHaveAttribute("aria-checked", "mixed");
    await user.click(all);
    expect(count()).toHaveTextContent("6 selected");
    expect(all).toBeChecked();
    await user.click(all);
    expect(all).not.toBeChecked();
    expect(screen.queryAllByRole("checkbox", { checked: true })).toHaveLength(0);
  });

  it("Shift+click selects the range from the last row touched", async () => {
    const { user, box, count } = setup();
    await user.click(box(2));
    await user.keyboard("{Shift>}");
    await user.click(box(5));
    await user.keyboard("{/Shift}");
    expect(count()).toHaveTextContent("4 selected");
    for (const n of [2, 3, 4, 5]) expect(box(n)).toBeChecked();
    for (const n of [1, 6]) expect(box(n)).not.toBeChecked();
  });

  it("works from the keyboard: Space toggles, Shift+Space selects a range", async () => {
    const { user, box, count } = setup();
    box(1).focus();
    await user.keyboard(" ");
    expect(box(1)).toBeChecked();
    box(3).focus();
    await user.keyboard("{Shift>} {/Shift}");
    expect(count()).toHaveTextContent("3 selected");
    for (const n of [1, 2, 3]) expect(box(n)).toBeChecked();
  });

  it("Delete selected deletes exactly the selection through PreDeleteBackup, then refreshes and clears it", async () => {
    const { user, box, count, deleteSelected } = setup();
    await user.click(box(1));
    await user.click(box(3));
    await user.click(box(4));
    await user.click(deleteSelected());

    const confirm = await screen.findByRole("dialog", { name: "Delete 3 conversations?" });
    await user.click(within(confirm).getByRole("button", { name: "Back up and continue" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));

    await waitFor(() => expect(router.refresh).toHaveBeenCalled());
    expect(api.requestsTo("POST", /bulk-delete$/)[0]?.body).toEqual({
      ids: [seeds[0]!.id, seeds[2]!.id, seeds[3]!.id],
      backupId: "bk_test_0001",
    });
    expect(count()).not.toHaveTextContent("selected");
    expect(deleteSelected()).toBeDisabled();
  });

  it("Cancel keeps the selection", async () => {
    const { user, box, count, deleteSelected } = setup();
    await user.click(box(1));
    await user.click(deleteSelected());
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(count()).toHaveTextContent("1 selected");
    expect(api.requests).toHaveLength(0);
  });
});

describe("selection rules", () => {
  const ids = ["a", "b", "c", "d", "e"];

  it("a Shift range takes the clicked row's new state, also when unselecting", () => {
    let state = toggleAll(EMPTY_SELECTION, ids);
    state = toggleRow(state, ids, 1, false);
    state = toggleRow(state, ids, 3, true);
    expect([...state.selected].sort()).toEqual(["a", "e"]);
  });

  it("a Shift range upwards works and without an anchor Shift toggles one row", () => {
    let state = toggleRow(EMPTY_SELECTION, ids, 2, true);
    expect([...state.selected]).toEqual(["c"]);
    state = toggleRow(state, ids, 0, true);
    expect([...state.selected].sort()).toEqual(["a", "b", "c"]);
  });

  it("the page state is false, mixed or true", () => {
    expect(pageSelectionState(EMPTY_SELECTION, ids)).toBe(false);
    expect(pageSelectionState(toggleRow(EMPTY_SELECTION, ids, 0, false), ids)).toBe("indeterminate");
    expect(pageSelectionState(toggleAll(EMPTY_SELECTION, ids), ids)).toBe(true);
  });
});
