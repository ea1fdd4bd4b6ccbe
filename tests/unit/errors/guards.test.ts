import { describe, expect, it } from "vitest";
import {
  APIError,
  AppError,
  DatabaseError,
  ErrorCode,
  GenerationError,
  NetworkError,
  ValidationError,
  isAppError,
} from "@/lib/errors";

const INSTANCES: [string, AppError][] = [
  ["AppError", new AppError(ErrorCode.INTERNAL, "x")],
  ["APIError", new APIError(ErrorCode.API_NOT_FOUND, "x", { status: 404 })],
  ["NetworkError", new NetworkError(ErrorCode.NET_TIMEOUT, "x")],
  ["ValidationError", new ValidationError("x", { a: ["b"] })],
  ["GenerationError", new GenerationError(ErrorCode.GEN_OVERLOADED, "x")],
  ["DatabaseError", new DatabaseError(ErrorCode.DB_DEADLOCK, "x", { sqlState: "40P01" })],
];

describe("isAppError", () => {
  it.each(INSTANCES)("matches a %s instance", (_name, error) => {
    expect(isAppError(error)).toBe(true);
  });

  it.each(INSTANCES)("still matches a %s after it crossed JSON", (_name, error) => {
    const crossed: unknown = JSON.parse(JSON.stringify(error.toJSON()));
    expect(isAppError(crossed)).toBe(true);
  });

  it("rejects look-alikes: unknown codes, foreign names, plain errors", () => {
    const lookAlikes: unknown[] = [
      new Error("x"),
      { name: "APIError", code: "ERR_NOT_A_CODE", message: "x", status: 500 },
      { name: "SomeLibraryError", code: ErrorCode.INTERNAL, message: "x" },
      { name: "APIError", code: ErrorCode.API_NOT_FOUND },
      { code: ErrorCode.INTERNAL, message: "x" },
      null,
      "ERR_INTERNAL",
    ];
    expect(lookAlikes.filter((value) => isAppError(value))).toEqual([]);
  });
});
