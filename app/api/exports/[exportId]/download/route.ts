import { parseUuidParam, withRoute } from "@/lib/http/route-handler";
import { enforceExportRate } from "@/lib/limits";
import { openExportDownload, toByteStream } from "@/lib/export";

/**
 * GET /api/exports/:exportId/download -> the export as an attachment, streamed a page of
 * conversations at a time: `<name>.jsonl`, or with a split `<name>.zip` (train.jsonl,
 * validation.jsonl, README.md). 404 unknown or not yours, 410 once expired.
 */
export const GET = withRoute({
  parse: (_request, params) => ({ exportId: parseUuidParam(params.exportId, "exportId") }),
  handle: async ({ input, user }) => {
    await enforceExportRate(user.id);
    const download = await openExportDownload({ userId: user.id, exportId: input.exportId });
    return new Response(toByteStream(download.stream.chunks), {
      headers: {
        "Content-Type": download.contentType,
        "Content-Disposition": `attachment; filename="${download.fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
});
