import { AppError, ErrorCode } from "@/lib/errors";
import { withRoute } from "@/lib/http/route-handler";

/**
 * Any /api path that no route serves (more specific routes always win over this catch-all):
 * the JSON error shape, 404 with an errorId, instead of Next's HTML page, so an API client
 * reads it like every other error. Sign-in is not looked at: there is nothing here to guard.
 */
const noSuchRoute = withRoute(
  () => {
    throw new AppError(ErrorCode.NOT_FOUND, "No API route at this path", {
      userMessage: "There is no API route at this address.",
    });
  },
  { auth: "none" },
);

export { noSuchRoute as GET, noSuchRoute as POST, noSuchRoute as PUT, noSuchRoute as PATCH, noSuchRoute as DELETE };
