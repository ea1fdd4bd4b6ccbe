import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Transcript } from "@/components/conversations/transcript";

const turns = [
  {
    id: "t0",
    turnIndex: 0,
    role: "user" as const,
    content: "My order never arrived.",
    createdAt: "2026-11-28T10:00:00.000Z",
  },
  {
    id: "t1",
    turnIndex: 1,
    role: "assistant" as const,
    content: "I'm sorry to hear that.\nLet me check the tracking.",
    createdAt: "2026-11-28T10:00:01.000Z",
  },
];

describe("Transcript", () => {
  it("renders every turn in order, each labelled with who spoke", () => {
    render(<Transcript turns={turns} />);
    const list = screen.getByRole("list", { name: "Transcript" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("User");
    expect(items[0]).toHaveTextContent("My order never arrived.");
    expect(items[1]).toHaveTextContent("Assistant");
    expect(items[1]).toHaveTextContent("Let me check the tracking.");
  });

  it("sets user and assistant turns apart by side", () => {
    render(<Transcript turns={turns} />);
    const [userTurn, assistantTurn] = screen.getAllByTestId("transcript-turn");
    expect(userTurn).toHaveAttribute("data-role", "user");
    expect(userTurn).toHaveClass("flex-row-reverse");
    expect(assistantTurn).toHaveAttribute("data-role", "assistant");
    expect(assistantTurn).not.toHaveClass("flex-row-reverse");
  });

  it("renders content as text, never as HTML", () => {
    render(<Transcript turns={[{ ...turns[0]!, content: "<img src=x onerror=alert(1)>" }]} />);
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
  });
});
