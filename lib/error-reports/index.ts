import "server-only";

export { storeErrorReport, type StoreErrorReportInput } from "./store";
export { errorReportSchema, errorReportEntrySchema, ERROR_ID_PATTERN, MAX_ENTRIES_PER_REPORT } from "./schema";
export type { ErrorReport, ErrorReportEntry } from "./schema";
