import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { UserMenu } from "@/components/layout/user-menu";

describe("UserMenu", () => {
  it("shows the local user without a sign-out control in local mode", () => {
    render(<UserMenu user={{ id: "00000000-0000-4000-8000-000000000001", email: null, mode: "local" }} />);
    expect(screen.getByText("Local user")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /sign out/i })).not.toBeInTheDocument();
  });

  it("shows the email and a Sign out form that POSTs to /auth/sign-out in Supabase mode", () => {
    const { container } = render(
      <UserMenu user={{ id: "5b2f6c8e-1d3a-4f5b-9c7d-2e4f6a8b0c1d", email: "ana@example.com", mode: "supabase" }} />,
    );
    expect(screen.getByText("ana@example.com")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Sign out" });
    expect(button).toHaveAttribute("type", "submit");
    const form = container.querySelector("form");
    expect(form).toHaveAttribute("action", "/auth/sign-out");
    expect(form).toHaveAttribute("method", "post");
    expect(form).toContainElement(button);
  });

  it("offers Sign in when nobody is signed in", () => {
    render(<UserMenu user={null} />);
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
  });
});
