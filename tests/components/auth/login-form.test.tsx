import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { LoginForm } from "@/components/auth/login-form";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), refresh: vi.fn() }) }));

describe("LoginForm", () => {
  it("names each wrong field next to it and ties the message to the input, before any request", async () => {
    const user = userEvent.setup();
    render(<LoginForm supabaseUrl="http://127.0.0.1:9" supabaseAnonKey="anon-key-for-a-test-only" next="/" />);

    const email = screen.getByLabelText("Email");
    const password = screen.getByLabelText("Password");
    await user.type(email, "not-an-email");
    await user.click(screen.getByRole("button", { name: /sign in/i }));

    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription(/.+/);
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(/.+/);
  });
});
