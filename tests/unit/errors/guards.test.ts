import { describe, expect, it } from "vitest";
import {
  APIError,
  AppError,
  DatabaseError,
  ErrorCode,
  GenerationError,
  NetworkError,
  ValidationError,
  isAPIError,
  isAppError,
  isDatabaseError,
  isGenerationError,
  isNetworkError,
  isValidationError,
} from "@/lib/errors";

const GUARDS = { isAppError, isAPIError, isNetworkError, isValidationError, isGenerationError, isDatabaseError };

const INSTANCES: [string, AppError, (keyof typeof GUARDS)[]][] = [
  ["AppError", new AppError(ErrorCode.INTERNAL, "x"), ["isAppError"]],
  ["APIError", new APIError(ErrorCode.API_NOT_FOUND, "x", { status: 404 }), ["isAppError", "isAPIError"]],
  ["NetworkError", new NetworkError(ErrorCode.NET_TIMEOUT, "x"), ["isAppError", "isNetworkError"]],
  ["ValidationError", new ValidationError("x", { a: ["b"] }), ["isAppError", "isValidationError"]],
  ["GenerationError", new GenerationError(ErrorCode.GEN_OVERLOADED, "x"), ["isAppError", "isGenerationError"]],
  [
    "DatabaseError",
    new DatabaseError(ErrorCode.DB_DEADLOCK, "x", { sqlState: "40P01" }),
    ["isAppError", "isDatabaseError"],
  ],
];

describe("error guards", () => {
  it.each(INSTANCES)("%s instances match exactly their guards", (_name, error, expected) => {
    for (const [guardName, guard] of Object.entries(GUARDS)) {
      expect(guard(error), guardName).toBe(expected.includes(guardName as keyof typeof GUARDS));
    }
  });

  it.each(INSTANCES)("%s still matches after crossing JSON", (_name, error, expected) => {
    const crossed: unknown = JSON.parse(JSON.stringify(error.toJSON()));
    for (const [guardName, guard] of Object.entries(GUARDS)) {
      expect(guard(crossed), guardName).toBe(expected.includes(guardName as keyof typeof GUARDS));
    }
  });

  it("rejects look-alikes: unknown codes, foreign names, plain errors", () => {
    const lookAlikes: unknown[] = [
      new Error("x"),
      { name: "APIError", code: "ERR_NOT_A_CODE", message: "x", status: 500 },
      { name: "SomeLibraryError", code: ErrorCode.INTERNAL, message: "x" },
      { name: "APIError", code: ErrorCode.API_NOT_FOUND, message: "x" }, // no status
      { code: ErrorCode.INTERNAL, message: "x" },
      null,
      "ERR_INTERNAL",
    ];
    expect(lookAlikes.filter((value) => isAPIError(value))).toEqual([]);
    expect(lookAlikes.filter((value) => isAppError(value))).toEqual([
      { name: "APIError", code: ErrorCode.API_NOT_FOUND, message: "x" },
    ]);
  });
});
