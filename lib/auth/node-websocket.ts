import "server-only";
import type { SupabaseClientOptions } from "@supabase/supabase-js";
import ws from "ws";

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;

/**
 * supabase-js 2.109 on Node 20 throws "native WebSocket not found" at createClient even
 * though we never use realtime; handing it `ws` lets server-side clients start. The cast
 * is needed because `ws`'s constructor type differs slightly from the DOM WebSocket's.
 */
export const serverRealtimeOptions = {
  transport: ws as unknown as RealtimeTransport,
} satisfies SupabaseClientOptions<"public">["realtime"];
