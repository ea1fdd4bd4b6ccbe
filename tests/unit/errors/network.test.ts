import { describe, expect, it } from "vitest";
import { ErrorCode, NetworkError, isRetryable, toAppError } from "@/lib/errors";
import { abortedError, socketCodeOf } from "@/lib/errors/network";

describe("abortedError", () => {
  it("is one shape: a NetworkError ERR_NET_ABORTED, not retryable, with the signal's reason as cause", () => {
    const controller = new AbortController();
    controller.abort("user pressed stop");
    const error = abortedError(controller.signal);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe(ErrorCode.NET_ABORTED);
    expect(error.isRecoverable).toBe(false);
    expect(isRetryable(error)).toBe(false);
    expect(error.cause).toBe("user pressed stop");
  });
});

describe("socket codes", () => {
  it("are found down the cause chain, where a client library wrapping fetch puts them", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const wrapped = new Error("Connection error.", { cause: new TypeError("fetch failed", { cause: refused }) });
    expect(socketCodeOf(wrapped)).toBe("ECONNREFUSED");
    expect(toAppError(wrapped).code).toBe(ErrorCode.NET_CONNECTION_FAILED);
    expect(socketCodeOf(new Error("no code here"))).toBeUndefined();
  });

  it("tell a connection timeout from a refused connection", () => {
    const slow = new TypeError("fetch failed", {
      cause: Object.assign(new Error("Connect Timeout Error"), { code: "UND_ERR_CONNECT_TIMEOUT" }),
    });
    expect(toAppError(slow).code).toBe(ErrorCode.NET_TIMEOUT);
  });
});
