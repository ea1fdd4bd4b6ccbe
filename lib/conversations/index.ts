import "server-only";

export { listConversations, getConversation, getConversationSummary, listConversationTurns } from "./queries";
export type { ListConversationsInput, GetConversationInput } from "./queries";
export { bulkDeleteConversations } from "./bulk-delete";
export type { BulkDeleteInput, BulkDeleteResult } from "./bulk-delete";
export type {
  ConversationPage,
  ConversationSummary,
  ConversationTurn,
  ConversationWithTurns,
  TurnRole,
} from "./types";
