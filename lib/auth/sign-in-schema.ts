import { z } from "zod";

/** What the login form checks before calling Supabase (the same rules name the same fields). */
export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .pipe(z.email("Enter a valid email address, like name@example.com."));

export const passwordSignInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});

export const magicLinkSchema = z.object({ email: emailSchema });
