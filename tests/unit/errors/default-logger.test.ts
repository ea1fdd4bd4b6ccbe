import { afterEach, describe, expect, it, vi } from "vitest";
import { createDefaultErrorLogger, errorLogger } from "@/lib/errors";

const SECRET = "sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5";

describe("the errorLogger singleton on the server", () => {
  it("writes to the console at once and queues nothing for a server POST", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      errorLogger.error(new Error(`server fault ${SECRET}`));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(spy.mock.calls)).not.toContain(SECRET);
      expect(errorLogger.pendingCount).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("createDefaultErrorLogger on the server", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("drops entries below LOG_LEVEL", () => {
    vi.stubEnv("LOG_LEVEL", "warn");
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const logger = createDefaultErrorLogger();
    logger.info("routine detail");
    logger.warn("worth a look");
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("logs debug lines when LOG_LEVEL=debug, even in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("LOG_LEVEL", "debug");
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    createDefaultErrorLogger().debug("step by step");
    expect(debug).toHaveBeenCalledTimes(1);
  });
});
