import { z } from "zod";
import { config } from "@/lib/config";
import { EXPORT_FORMATS, type ExportRequest } from "./types";

/*
 * What POST /api/exports/preview and POST /api/exports take (and the CLI builds), shared by
 * the export dialog. Not server-only. A bad option is a 400 naming its field, e.g.
 * "options.validationPercent".
 */

/** How many conversations a selection by id may name (as a backup). */
export const MAX_EXPORT_IDS = 1_000;

export const exportSelectionSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("ids"),
      ids: z
        .array(z.uuid({ error: "must be a conversation id (UUID)" }), { error: "must be an array of conversation ids" })
        .min(1, "must name at least 1 conversation")
        .max(MAX_EXPORT_IDS, `must name at most ${MAX_EXPORT_IDS} conversations`),
    }),
    z.strictObject({ kind: z.literal("batch"), batchId: z.uuid({ error: "must be a batch id (UUID)" }) }),
    z.strictObject({ kind: z.literal("all") }),
  ],
  { error: 'must be {kind: "ids", ids}, {kind: "batch", batchId} or {kind: "all"}' },
);

export const exportOptionsSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(", ")}` }),
  systemPrompt: z
    .string({ error: "must be text" })
    .max(config.exports.maxSystemPromptLength, `must be at most ${config.exports.maxSystemPromptLength} characters`)
    .optional(),
  validationPercent: z
    .number({ error: "must be a number from 0 (no split) to 50" })
    .int("must be a whole number")
    .min(0, "must be 0 (no split) or 1 to 50")
    .max(50, "must be at most 50")
    .optional(),
  seed: z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(2_147_483_647, "must be at most 2147483647")
    .optional(),
  excludeProblems: z.boolean({ error: "must be true or false" }).optional(),
});

export const exportRequestSchema = z.strictObject({
  selection: exportSelectionSchema,
  options: exportOptionsSchema,
});

// The contract in types.ts and the schema must not drift apart.
type Assert<T extends true> = T;
/** @public A compile-time check: the schema's output must stay assignable to the contract type. */
export type _SchemaMatchesContract = Assert<z.output<typeof exportRequestSchema> extends ExportRequest ? true : false>;

/** The options with defaults filled in: what the writers work from. */
export interface ResolvedExportOptions {
  format: ExportRequest["options"]["format"];
  systemPrompt: string | undefined;
  /** 0 = no split. */
  validationPercent: number;
  seed: number;
  excludeProblems: boolean;
}

export function resolveOptions(options: ExportRequest["options"]): ResolvedExportOptions {
  return {
    format: options.format,
    systemPrompt:
      options.systemPrompt !== undefined && options.systemPrompt.trim() !== "" ? options.systemPrompt : undefined,
    validationPercent: options.validationPercent ?? 0,
    seed: options.seed ?? config.exports.defaultSeed,
    excludeProblems: options.excludeProblems ?? false,
  };
}
