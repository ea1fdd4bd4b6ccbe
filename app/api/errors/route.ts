import { jsonResponse, parseJsonBody, withRoute } from "@/lib/api/route-handler";
import { config } from "@/lib/config";
import { errorReportSchema, storeErrorReport } from "@/lib/error-reports";

/**
 * POST /api/errors: the browser ErrorLogger's server destination. Signing in is optional
 * (errors happen on the login page too); text/plain is accepted because sendBeacon uses it.
 */
export const POST = withRoute({
  auth: false,
  parse: (request) =>
    parseJsonBody(request, errorReportSchema, { maxBytes: config.http.maxErrorReportBytes, allowTextPlain: true }),
  handle: async ({ request, input, user }) => {
    const accepted = await storeErrorReport({
      userId: user?.id ?? null,
      entries: input.entries,
      serverContext: { userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null },
    });
    return jsonResponse({ accepted }, { status: 202 });
  },
});
