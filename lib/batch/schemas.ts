/**
 * What a batch request may contain, shared by the /batches/new wizard (client-side checks)
 * and the routes that receive it (the authority). Browser-safe: zod and config only.
 *
 * Objects are strict: an unknown key ("temprature") is a 400 naming it rather than a
 * setting silently ignored.
 */
import { z } from "zod";
import { config } from "@/lib/config";

export const BATCH_LIMITS = {
  minItems: 1,
  maxItems: config.batch.maxItems,
  maxNameLength: 200,
  maxTopicLength: 500,
  maxPersonaLength: 200,
  maxEmotionLength: 100,
  maxModelLength: 100,
  minTurns: 2,
  maxTurns: 20,
} as const;

export const PROVIDER_NAMES = ["offline", "anthropic"] as const;

const optionalTrimmed = (max: number, field: string) =>
  z
    .string(`${field} must be text`)
    .trim()
    .min(1, `${field} must not be empty (leave it out instead)`)
    .max(max, `${field} must be at most ${max} characters`)
    .optional();

export const batchConfigSchema = z.strictObject({
  provider: z.enum(PROVIDER_NAMES, `provider must be one of: ${PROVIDER_NAMES.join(", ")}`).optional(),
  model: optionalTrimmed(BATCH_LIMITS.maxModelLength, "model"),
  temperature: z
    .number("temperature must be a number")
    .min(0, "temperature must be between 0 and 1")
    .max(1, "temperature must be between 0 and 1")
    .optional(),
});

export const itemParametersSchema = z.strictObject({
  persona: optionalTrimmed(BATCH_LIMITS.maxPersonaLength, "persona"),
  emotion: optionalTrimmed(BATCH_LIMITS.maxEmotionLength, "emotion"),
  turns: z
    .number("turns must be a number")
    .int("turns must be a whole number")
    .min(BATCH_LIMITS.minTurns, `turns must be between ${BATCH_LIMITS.minTurns} and ${BATCH_LIMITS.maxTurns}`)
    .max(BATCH_LIMITS.maxTurns, `turns must be between ${BATCH_LIMITS.minTurns} and ${BATCH_LIMITS.maxTurns}`)
    // A training conversation ends with the assistant's reply: user/assistant pairs.
    .refine((turns) => turns % 2 === 0, "turns must be an even number (user and assistant messages in pairs)")
    .optional(),
});

export const batchItemInputSchema = z.strictObject({
  topic: z
    .string("topic must be text")
    .trim()
    .min(1, "topic must not be empty")
    .max(BATCH_LIMITS.maxTopicLength, `topic must be at most ${BATCH_LIMITS.maxTopicLength} characters`),
  parameters: itemParametersSchema.optional(),
});

export const createBatchSchema = z.strictObject({
  name: z
    .string("name must be text")
    .trim()
    .max(BATCH_LIMITS.maxNameLength, `name must be at most ${BATCH_LIMITS.maxNameLength} characters`)
    .optional(),
  config: batchConfigSchema.optional(),
  items: z
    .array(batchItemInputSchema, "items must be a list of { topic, parameters? }")
    .min(BATCH_LIMITS.minItems, "items must hold at least one item")
    .max(BATCH_LIMITS.maxItems, `items must hold at most ${BATCH_LIMITS.maxItems} items`),
});

/** PATCH /api/batches/:id: the whole config is replaced by the one sent. */
export const updateBatchConfigSchema = z.strictObject({
  config: batchConfigSchema,
});

export type BatchConfigInput = z.infer<typeof batchConfigSchema>;
/** @internal For tests, which build batches item by item. */
export type BatchItemInput = z.infer<typeof batchItemInputSchema>;
export type CreateBatchInput = z.infer<typeof createBatchSchema>;
