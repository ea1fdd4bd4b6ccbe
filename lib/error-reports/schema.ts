import { z } from "zod";

/** An error id as the server and the browser make them ("err_k3v9x2m1q8"), bounded for the column. */
export const ERROR_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

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
  // The id the user was shown (a server response's or the browser's own): stored as given, so
  // support finds the row by it. Anything else is refused: a mangled id would be a row nobody finds.
  errorId: z.string().regex(ERROR_ID_PATTERN, "must be an error id (1-64 letters, digits, _ or -)").optional(),
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
