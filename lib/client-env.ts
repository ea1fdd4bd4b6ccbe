/**
 * What the browser may know, apart from lib/env.ts so a client bundle carries these four
 * values and not the server's zod env schema. NEXT_PUBLIC_* must be read by their literal
 * names so Next.js inlines them into the client bundle.
 */
export const clientEnv = {
  supabaseUrl: process.env.NEXT_PUBLIC_SUPABASE_URL || undefined,
  supabaseAnonKey: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY || undefined,
  supportEmail: process.env.NEXT_PUBLIC_SUPPORT_EMAIL || "support@example.com",
  appVersion: process.env.NEXT_PUBLIC_APP_VERSION || "0.1.0",
} as const;
