import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { enforceExportRate } from "@/lib/limits";
import { createExport } from "@/lib/export";
import { exportRequestSchema } from "@/lib/export/schemas";

/** POST /api/exports {selection, options} -> 201 {exportId, downloadUrl, fileName, expiresAt}; 404 when not yours. */
export const POST = withRoute({
  parse: (request) => parseJsonBody(request, exportRequestSchema),
  handle: async ({ input, user }) => {
    await enforceExportRate(user.id);
    return jsonResponse(await createExport({ userId: user.id, request: input }), { status: 201 });
  },
});
