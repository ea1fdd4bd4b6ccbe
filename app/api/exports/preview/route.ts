import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { enforceExportRate } from "@/lib/limits";
import { previewExport } from "@/lib/export";
import { exportRequestSchema } from "@/lib/export/schemas";

/** POST /api/exports/preview {selection, options} -> the pre-flight report; 404 for a batch or id that is not yours. */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, exportRequestSchema),
  handle: async ({ input, user }) => {
    await enforceExportRate(user.id);
    return jsonResponse(await previewExport({ userId: user.id, request: input }));
  },
});
