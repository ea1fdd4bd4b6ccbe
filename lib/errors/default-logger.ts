/** The app-wide ErrorLogger: console on the server, console plus /api/errors in the browser. */
import { ConsoleDestination } from "./log-console";
import { ServerDestination } from "./log-server";
import { ErrorLogger, isLogLevel, type LogDestination, type LogLevel } from "./logger";

function browserEnvironment(): { url?: string; userAgent?: string } {
  const result: { url?: string; userAgent?: string } = {};
  if (typeof location !== "undefined" && typeof location.href === "string") result.url = location.href;
  if (typeof navigator !== "undefined" && typeof navigator.userAgent === "string")
    result.userAgent = navigator.userAgent;
  return result;
}

function isBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}

/**
 * The server honours LOG_LEVEL (documented in .env.example; lib/env.ts rejects a bad value
 * at start-up). It is read from process.env here rather than through serverEnv(), which
 * would pull the zod env schema into every browser bundle that logs.
 */
function defaultMinLevel(browser: boolean): LogLevel {
  const configured = browser ? undefined : process.env.LOG_LEVEL;
  if (isLogLevel(configured)) return configured;
  return process.env.NODE_ENV === "production" ? "info" : "debug";
}

/**
 * Server: console only (the server's own logs), at LOG_LEVEL. Browser: console plus the
 * server, flushed when the tab is hidden or closed. Debug lines are kept out of production.
 */
export function createDefaultErrorLogger(): ErrorLogger {
  const browser = isBrowser();
  const destinations: LogDestination[] = [new ConsoleDestination()];
  if (browser) destinations.push(new ServerDestination());
  const logger = new ErrorLogger({
    destinations,
    minLevel: defaultMinLevel(browser),
    environment: browser ? browserEnvironment : undefined,
  });
  if (browser) logger.attachPageLifecycle({ window, document });
  return logger;
}

export const errorLogger: ErrorLogger = createDefaultErrorLogger();
