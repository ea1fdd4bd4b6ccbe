import "server-only";

export { listConversations, getConversation, getConversationSummary, listConversationTurns } from "./queries";
export type { ListConversationsInput, GetConversationInput } from "./queries";
export type {
  ConversationPage,
  ConversationSummary,
  ConversationTurn,
  ConversationWithTurns,
  TurnRole,
} from "./types";
