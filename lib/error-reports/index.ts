import "server-only";

export { storeErrorReport } from "./store";
export { errorReportSchema } from "./schema";
