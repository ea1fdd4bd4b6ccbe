/** What the conversations list shows: one row per conversation, newest first. */
export interface ConversationSummary {
  id: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  status: string;
  turnCount: number;
  /** ISO 8601 (UTC). */
  createdAt: string;
  updatedAt: string;
}

export type TurnRole = "user" | "assistant";

export interface ConversationTurn {
  id: string;
  turnIndex: number;
  role: TurnRole;
  content: string;
  createdAt: string;
}

export interface ConversationWithTurns extends ConversationSummary {
  /** Ordered by turnIndex. */
  turns: ConversationTurn[];
}

export interface ConversationPage {
  items: ConversationSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
