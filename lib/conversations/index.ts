import "server-only";

export { listConversations, getConversation } from "./queries";
export type { ListConversationsInput, GetConversationInput } from "./queries";
export type {
  ConversationPage,
  ConversationSummary,
  ConversationTurn,
  ConversationWithTurns,
  TurnRole,
} from "./types";
