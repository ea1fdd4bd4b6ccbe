import { z } from "zod";
import { config } from "@/lib/config";

const { maxPageSize } = config.pagination;

/**
 * Query of GET /api/conversations (and the conversations page's search params).
 * `limit` arrives as text: only plain digits are accepted, so "1e2", "0x10" or " 5" are
 * rejected rather than silently coerced.
 */
export const listConversationsQuerySchema = z.object({
  cursor: z.string().max(256, "is not a cursor returned by this list").optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${maxPageSize}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be at least 1`).max(maxPageSize, `must be at most ${maxPageSize}`))
    .optional(),
});
