/**
 * The browser's API client. The server's route helpers live in lib/http (server-only, and
 * an ESLint rule keeps them out of components): this barrel must stay safe for client bundles.
 */
export * from "./client";
export * from "./rate-limiter";
export * from "./retry";
export * from "./parse-error-response";
export * from "./error-exchange";
export * from "@/lib/timers";
