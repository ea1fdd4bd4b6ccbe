import "server-only";
import { unstable_rethrow } from "next/navigation";
import { getCurrentUser, getOptionalUser } from "@/lib/auth/current-user";
import type { CurrentUser } from "@/lib/auth/types";
import { assertNotCrossSite } from "./cross-site";
import { NO_STORE_HEADERS, clientClosedResponse, errorToResponse } from "./route-error-response";

export { parseJsonBody, parseQuery, parseUuidParam } from "./route-input";

/*
 * One wrapper for every route handler, so each runs the same steps in the same order:
 * refuse cross-site writes (403) -> authenticate (401) -> parse (400) -> handle: load,
 * authorise (404), mutate, respond. The user is resolved before the body is read, so an
 * anonymous caller gets 401 without the server reading (or parsing) what it sent.
 * Whatever is thrown on the way becomes the error shape with the right status.
 */

/** Dynamic segments as Next passes them (`[id]` -> string, `[...slug]` -> string[]). */
export type RouteParams = Record<string, string | string[] | undefined>;

/** Next 16 hands route handlers their params as a Promise. */
export interface NextRouteContext<P extends RouteParams = RouteParams> {
  params: Promise<P>;
}

export type RouteHandler<P extends RouteParams = RouteParams> = (
  request: Request,
  context: NextRouteContext<P>,
) => Promise<Response>;

interface RouteContextBase<I> {
  request: Request;
  params: RouteParams;
  /** What `parse` returned (undefined without a parse step). */
  input: I;
}
export interface AuthedRouteContext<I = undefined> extends RouteContextBase<I> {
  user: CurrentUser;
}
export interface OptionalUserRouteContext<I = undefined> extends RouteContextBase<I> {
  /** Null when the request carries no valid sign-in. */
  user: CurrentUser | null;
}

type Parse<I> = (request: Request, params: RouteParams) => I | Promise<I>;

export interface AuthedRouteDefinition<I> {
  /** Default: a signed-in user is required (401 otherwise). */
  auth?: true;
  parse?: Parse<I>;
  handle: (ctx: AuthedRouteContext<I>) => Response | Promise<Response>;
}
export interface OptionalUserRouteDefinition<I> {
  /**
   * false: the route also serves signed-out callers, with the user when one is signed in
   * (error reports). "none": the route never looks at sign-in at all (health, the cron,
   * whose Authorization header carries CRON_SECRET and must not be sent to Supabase Auth).
   */
  auth: false | "none";
  parse?: Parse<I>;
  handle: (ctx: OptionalUserRouteContext<I>) => Response | Promise<Response>;
}

/** What every overload reduces to: the handler sees the user, or null when auth is optional. */
interface AnyRouteDefinition {
  auth?: boolean | "none";
  parse?: Parse<unknown>;
  handle: (ctx: OptionalUserRouteContext<unknown>) => Response | Promise<Response>;
}

/**
 * Wraps a route. Either `withRoute({ parse, handle, auth? })`, where `parse` runs after
 * authentication, or the short form `withRoute(handler, { auth? })` for routes that take
 * no input.
 */
export function withRoute<I = undefined>(definition: AuthedRouteDefinition<I>): RouteHandler;
export function withRoute<I = undefined>(definition: OptionalUserRouteDefinition<I>): RouteHandler;
export function withRoute(
  handler: (ctx: AuthedRouteContext) => Response | Promise<Response>,
  options?: { auth?: true },
): RouteHandler;
export function withRoute(
  handler: (ctx: OptionalUserRouteContext) => Response | Promise<Response>,
  options: { auth: false | "none" },
): RouteHandler;
export function withRoute(
  definitionOrHandler: object | ((ctx: never) => Response | Promise<Response>),
  options: { auth?: boolean | "none" } = {},
): RouteHandler {
  // The overloads tie `auth` to the handler's user type; from here on one shape serves both.
  const definition = (
    typeof definitionOrHandler === "function"
      ? { auth: options.auth, handle: definitionOrHandler }
      : definitionOrHandler
  ) as AnyRouteDefinition;
  const { auth, parse, handle } = definition;
  const resolveUser = (request: Request) =>
    auth === "none" ? null : auth === false ? getOptionalUser(request) : getCurrentUser(request);

  return async (request, context) => {
    try {
      assertNotCrossSite(request);
      const params: RouteParams = (await context?.params) ?? {};
      const user = await resolveUser(request);
      const input = parse ? await parse(request, params) : undefined;
      return await handle({ request, params, input, user });
    } catch (error) {
      // redirect()/notFound() from next/navigation are control flow for Next, not failures.
      unstable_rethrow(error);
      // Next aborts request.signal when the client goes away: a cut-off body is no 500.
      if (request.signal.aborted) return clientClosedResponse(error, request);
      return errorToResponse(error, request);
    }
  };
}

/** A JSON success response that no shared cache may keep (it is one user's data). */
export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  for (const [key, value] of Object.entries(NO_STORE_HEADERS)) if (!headers.has(key)) headers.set(key, value);
  return Response.json(data, { ...init, headers });
}
