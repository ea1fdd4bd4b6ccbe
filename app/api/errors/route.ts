import { jsonResponse, parseJsonBody, withRoute } from "@/lib/http/route-handler";
import { config } from "@/lib/config";
import { errorReportSchema, storeErrorReport } from "@/lib/error-reports";
import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/limits/rate-limit";

/**
 * POST /api/errors: the browser ErrorLogger's server destination. Signing in is optional
 * (errors happen on the login page too); text/plain is accepted because sendBeacon uses it.
 *
 * Open to strangers, so it is limited per client IP and per signed-in user (429 with
 * Retry-After), counted in Postgres across processes, before the body is even read. The
 * body is parsed in the handler for that reason. NUL characters and broken surrogates are
 * replaced rather than refused: a log sink that drops a batch over one character loses the rest.
 */
export const POST = withRoute({
  auth: false,
  handle: async ({ request, user }) => {
    if (user) await enforceRateLimit({ bucket: `errors:user:${user.id}`, rule: ERROR_REPORTS_PER_USER });
    else await enforceRateLimit({ bucket: "errors:anonymous", rule: ERROR_REPORTS_ANONYMOUS });
    await enforceRateLimit({ bucket: `errors:ip:${clientIp(request)}`, rule: ERROR_REPORTS_PER_IP });
    const input = await parseJsonBody(request, errorReportSchema, {
      maxBytes: config.http.maxErrorReportBytes,
      allowTextPlain: true,
      unstorableText: "replace",
    });
    const accepted = await storeErrorReport({
      userId: user?.id ?? null,
      entries: input.entries,
      serverContext: { userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null },
    });
    return jsonResponse({ accepted }, { status: 202 });
  },
});

const ERROR_REPORTS_PER_IP = {
  name: "errorReports.perIp",
  ...config.errorReports.perIp,
  what: "error reports",
  scope: "from this address",
};
const ERROR_REPORTS_ANONYMOUS = {
  name: "errorReports.anonymous",
  ...config.errorReports.anonymous,
  what: "error reports from signed-out visitors",
  scope: "in all",
};
const ERROR_REPORTS_PER_USER = {
  name: "errorReports.perUser",
  ...config.errorReports.perUser,
  what: "error reports",
  scope: "for this account",
};
