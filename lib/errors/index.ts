/**
 * The error layer's public surface. Everything here is browser-safe: the API client, the
 * logger and the route handler all import from "@/lib/errors".
 */
export * from "./codes";
export * from "./classes";
export * from "./sanitize";
export * from "./postgres";
export * from "./guards";
export * from "./retry-after";
export * from "./user-messages";
export * from "./classify";
export * from "./logger";
