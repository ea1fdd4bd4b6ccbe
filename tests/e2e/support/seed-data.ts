/*
 * What the browser suite's database holds. Pure data (no database imports) so specs can
 * import it to know titles and ids; seed.ts writes it before the server starts.
 */
export const LOCAL_USER_ID = "00000000-0000-4000-8000-000000000001";
export const OTHER_USER_ID = "00000000-0000-4000-8000-0000000000b2";

/** More than one page (20) so pagination is exercised. */
export const LOCAL_CONVERSATION_COUNT = 23;
export const TURNS_PER_CONVERSATION = 4;

function conversationId(index: number): string {
  return `10000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

export interface SeedConversation {
  id: string;
  userId: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  /** Minutes before the seed time; larger is older. */
  ageMinutes: number;
  turns: { role: "user" | "assistant"; content: string }[];
}

const TOPICS = ["late delivery refund", "password reset", "billing question", "plan upgrade", "cancel subscription"];

export const LOCAL_CONVERSATIONS: SeedConversation[] = Array.from({ length: LOCAL_CONVERSATION_COUNT }, (_, i) => {
  const topic = TOPICS[i % TOPICS.length] ?? "support";
  return {
    id: conversationId(i + 1),
    userId: LOCAL_USER_ID,
    title: `Support chat ${String(i + 1).padStart(2, "0")}: ${topic}`,
    topic,
    persona: i % 2 === 0 ? "small business owner" : null,
    emotion: i % 3 === 0 ? "frustrated" : null,
    // Conversation 01 is the newest.
    ageMinutes: i * 5,
    turns: Array.from({ length: TURNS_PER_CONVERSATION }, (_, t) =>
      t % 2 === 0
        ? { role: "user" as const, content: `Customer message ${t / 2 + 1} about ${topic}.` }
        : { role: "assistant" as const, content: `Agent reply ${(t + 1) / 2} about ${topic}.\nSecond line.` },
    ),
  };
});

export const NEWEST_CONVERSATION = LOCAL_CONVERSATIONS[0]!;

/** Belongs to someone else: the local user must get "not found" for it. */
export const FOREIGN_CONVERSATION: SeedConversation = {
  id: "20000000-0000-4000-8000-000000000001",
  userId: OTHER_USER_ID,
  title: "Someone else's private chat",
  topic: "private",
  persona: null,
  emotion: null,
  ageMinutes: 1,
  turns: [{ role: "user", content: "Not for you." }],
};

export const ACTIVE_BACKUP = {
  id: "30000000-0000-4000-8000-000000000001",
  backupId: "bk_e2e_active_0001",
  reason: "pre_delete",
  conversationIds: [LOCAL_CONVERSATIONS[21]!.id, LOCAL_CONVERSATIONS[22]!.id],
  sizeBytes: 5_432,
  ageDays: 1,
  expiresInDays: 6,
};

/** Past its expiry: must not be listed. */
export const EXPIRED_BACKUP = {
  id: "30000000-0000-4000-8000-000000000002",
  backupId: "bk_e2e_expired_0002",
  reason: "pre_delete",
  conversationIds: [LOCAL_CONVERSATIONS[20]!.id],
  sizeBytes: 2_048,
  ageDays: 10,
  expiresInDays: -3,
};

export const PAUSED_BATCH = {
  id: "40000000-0000-4000-8000-000000000001",
  name: "E2E support batch",
  status: "paused" as const,
  totalItems: 10,
  completed: 6,
  failed: 1,
};
