import "server-only";
import { ValidationError } from "@/lib/errors";
import { RUNNER_ID_HEADER, runnerIdSchema } from "./schemas";

const HEADER_LABEL = "X-Runner-Id";

/**
 * The runner id of a generate or heartbeat request. It travels in the X-Runner-Id header
 * (one way for every batch route, and the generate call has no body); the heartbeat also
 * accepts `{ runnerId }` in its body, which must then agree with the header.
 */
export function readRunnerId(request: Request, bodyRunnerId?: string): string {
  const header = request.headers.get(RUNNER_ID_HEADER)?.trim() || undefined;
  if (header !== undefined && !runnerIdSchema.safeParse(header).success) {
    throw new ValidationError(`${HEADER_LABEL} must be a UUID.`, { [HEADER_LABEL]: ["must be a UUID"] });
  }
  if (header !== undefined && bodyRunnerId !== undefined && header.toLowerCase() !== bodyRunnerId.toLowerCase()) {
    throw new ValidationError(`${HEADER_LABEL} and the body's runnerId disagree.`, {
      runnerId: [`must match the ${HEADER_LABEL} header`],
    });
  }
  const runnerId = header ?? bodyRunnerId;
  if (runnerId === undefined) {
    throw new ValidationError(`Send this runner's id (a UUID) in the ${HEADER_LABEL} header.`, {
      [HEADER_LABEL]: ["is required"],
    });
  }
  return runnerId.toLowerCase();
}

/** The optional runner id of a read (GET /api/checkpoints): its own runs are not "elsewhere". */
export function readOptionalRunnerId(request: Request): string | undefined {
  const header = request.headers.get(RUNNER_ID_HEADER)?.trim();
  if (!header) return undefined;
  return readRunnerId(request);
}
