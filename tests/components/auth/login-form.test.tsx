import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { LoginForm } from "@/components/auth/login-form";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), refresh: vi.fn() }) }));

const signInWithOtp = vi.fn(async (_args: unknown) => ({ error: null }));
vi.mock("@/lib/auth/supabase-browser", () => ({
  createSupabaseBrowserClient: () => ({ auth: { signInWithOtp } }),
}));

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

  it("asks for a magic link without creating an account for an unknown email (sign-ups are off)", async () => {
    const user = userEvent.setup();
    render(<LoginForm supabaseUrl="http://127.0.0.1:9" supabaseAnonKey="anon-key-for-a-test-only" next="/" />);
    await user.type(screen.getByLabelText("Email"), "someone@example.com");
    await user.click(screen.getByRole("button", { name: /magic link/i }));

    expect(await screen.findByTestId("magic-link-sent")).toBeInTheDocument();
    expect(signInWithOtp).toHaveBeenCalledTimes(1);
    expect(signInWithOtp.mock.calls[0]?.[0]).toMatchObject({
      email: "someone@example.com",
      options: { shouldCreateUser: false },
    });
  });
});
