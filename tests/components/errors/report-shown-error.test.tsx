import { describe, expect, it, vi } from "vitest";
import { createShownErrorReporter, type LogShownError } from "@/components/errors/report-shown-error";
import { attachExchange } from "@/lib/api/error-exchange";
import { APIError, AppError, ErrorCode, NetworkError, ValidationError } from "@/lib/errors";

function reporter() {
  const log = vi.fn<LogShownError>();
  return { log, report: createShownErrorReporter(log) };
}

describe("reportShownError", () => {
  it("logs a shown error once under its own id, whichever surface shows it again", () => {
    const { log, report } = reporter();
    const error = new APIError(ErrorCode.API_NOT_FOUND, "missing", { status: 404, errorId: "err_server404" });
    expect(report(error, { shownIn: "toast" })).toBe(true);
    expect(report(error, { shownIn: "boundary" })).toBe(false);
    expect(log).toHaveBeenCalledExactlyOnceWith("warn", error, { shownIn: "toast" });
  });

  it("logs the connection's or the caller's doing as a warning, a fault as an error, unless told the level", () => {
    const { log, report } = reporter();
    report(new NetworkError(ErrorCode.NET_CONNECTION_FAILED, "down"), { shownIn: "toast" });
    report(new ValidationError("topic is required", { topic: ["Required"] }), { shownIn: "toast" });
    report(new APIError(ErrorCode.INTERNAL, "fault", { status: 500 }), { shownIn: "toast" });
    report(new AppError(ErrorCode.UNKNOWN, "render failed"), { shownIn: "boundary", context: { boundary: "feature" } });
    report(new NetworkError(ErrorCode.NET_TIMEOUT, "slow"), { shownIn: "boundary", level: "error" });
    expect(log.mock.calls.map(([level, , context]) => [level, context])).toEqual([
      ["warn", { shownIn: "toast" }],
      ["warn", { shownIn: "toast" }],
      ["error", { shownIn: "toast" }],
      ["error", { shownIn: "boundary", boundary: "feature" }],
      ["error", { shownIn: "boundary" }],
    ]);
  });

  it("never reports a failure of the error-report route itself (each report would fail the same way)", () => {
    const { log, report } = reporter();
    const failedReport = attachExchange(new APIError(ErrorCode.API_SERVER_ERROR, "down", { status: 503 }), {
      request: { method: "POST", url: "/api/errors" },
      response: { status: 503 },
    });
    const failedElsewhere = attachExchange(new APIError(ErrorCode.API_SERVER_ERROR, "down", { status: 503 }), {
      request: { method: "POST", url: "/api/errors-export?x=1" },
    });
    expect(report(failedReport, { shownIn: "toast" })).toBe(false);
    expect(report(failedElsewhere, { shownIn: "toast" })).toBe(true);
    expect(log).toHaveBeenCalledOnce();
  });

  it("keeps showing the error when logging throws", () => {
    const report = createShownErrorReporter(() => {
      throw new Error("logger broke");
    });
    expect(report(new AppError(ErrorCode.UNKNOWN, "x"), { shownIn: "toast" })).toBe(true);
  });
});
