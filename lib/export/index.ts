import "server-only";

/** The export domain's server surface (issue 10). Shapes: ./types; request schemas: ./schemas. */
export { previewExport } from "./preview";
export { createExport, openExportDownload } from "./requests";
export { toByteStream } from "./byte-stream";
