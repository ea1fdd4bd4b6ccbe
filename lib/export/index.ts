import "server-only";

/** The export domain's server surface (issue 10). Shapes: ./types; request schemas: ./schemas. */
export { previewExport, scanExport } from "./preview";
export { createExport, exportDownloadPath, openExportDownload, type ExportDownload } from "./requests";
export { streamExport, type ExportStream, type ExportSummary } from "./write";
export { toByteStream } from "./byte-stream";
