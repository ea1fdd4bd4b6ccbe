/**
 * The browser's API client. Server-side route helpers live in ./route-handler and are
 * deliberately not re-exported here: this barrel must stay safe for client bundles.
 */
export * from "./client";
export * from "./rate-limiter";
export * from "./retry";
export * from "./parse-error-response";
export * from "./error-exchange";
export * from "@/lib/timers";
