import { z } from "zod";

/** At most this many log entries per report (the browser logger batches ~20). */
export const MAX_ENTRIES_PER_REPORT = 50;

/**
 * One entry of the browser ErrorLogger's batch. Known fields are checked; anything else the
 * logger adds is kept (loose object) and stored, sanitized, in the row's context.
 */
export const errorReportEntrySchema = z.looseObject({
  level: z.enum(["debug", "info", "warn", "error"]),
  // Lenient on purpose: a log sink that rejects a batch over one odd field loses the rest.
  // Lengths are bounded by the body cap and trimmed when stored.
  message: z.string(),
  errorId: z.string().max(200).optional(),
  code: z.string().max(200).optional(),
  timestamp: z.string().max(200).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

export const errorReportSchema = z.object({
  entries: z
    .array(errorReportEntrySchema)
    .min(1, "must hold at least one entry")
    .max(MAX_ENTRIES_PER_REPORT, `must hold at most ${MAX_ENTRIES_PER_REPORT} entries`),
});

export type ErrorReportEntry = z.output<typeof errorReportEntrySchema>;
export type ErrorReport = z.output<typeof errorReportSchema>;
