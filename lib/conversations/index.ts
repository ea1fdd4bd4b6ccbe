import "server-only";

export { listConversations, getConversation, getConversationSummary, listConversationTurns } from "./queries";
export { bulkDeleteConversations } from "./bulk-delete";
export type { ConversationSummary, ConversationWithTurns } from "./types";
