import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

const navigation = vi.hoisted(() => ({ pathname: "/" }));
vi.mock("next/navigation", () => ({ usePathname: () => navigation.pathname }));

import { MainNav } from "@/components/layout/main-nav";

describe("MainNav", () => {
  beforeEach(() => {
    navigation.pathname = "/";
  });

  it("links to the three areas", () => {
    render(<MainNav />);
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Conversations" })).toHaveAttribute("href", "/conversations");
    expect(screen.getByRole("link", { name: "New batch" })).toHaveAttribute("href", "/batches/new");
    expect(screen.getByRole("link", { name: "Backups" })).toHaveAttribute("href", "/backups");
  });

  it("marks only the current area with aria-current=page", () => {
    navigation.pathname = "/backups";
    render(<MainNav />);
    expect(screen.getByRole("link", { name: "Backups" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "Conversations" })).not.toHaveAttribute("aria-current");
  });

  it("keeps Conversations current on a conversation's detail page", () => {
    navigation.pathname = "/conversations/00000000-0000-4000-8000-00000000000a";
    render(<MainNav />);
    expect(screen.getByRole("link", { name: "Conversations" })).toHaveAttribute("aria-current", "page");
  });

  it("does not treat a shared prefix as the same area", () => {
    navigation.pathname = "/conversations-archive";
    render(<MainNav />);
    expect(screen.getByRole("link", { name: "Conversations" })).not.toHaveAttribute("aria-current");
  });
});
