import { afterEach, describe, expect, it, vi } from "vitest";
import { DELETE, GET, POST } from "@/app/api/[...path]/route";
import { errorLogger } from "@/lib/errors";

/* app/api/[...path]: an /api path no route serves answers in the error shape, not Next's HTML 404. */

const params = (path: string[]) => ({ params: Promise.resolve({ path }) });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an /api path that no route serves", () => {
  it.each([
    ["GET", GET],
    ["POST", POST],
    ["DELETE", DELETE],
  ])("answers %s with 404 ERR_NOT_FOUND, JSON, with an errorId logged at warn", async (method, route) => {
    const warn = vi.spyOn(errorLogger, "warn").mockImplementation(() => undefined);
    const response = await route(
      new Request("http://localhost/api/no/such/thing", { method }),
      params(["no", "such", "thing"]),
    );
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string; errorId: string } };
    expect(body.error).toEqual({
      code: "ERR_NOT_FOUND",
      message: "There is no API route at this address.",
      errorId: expect.stringMatching(/^err_/),
    });
    expect(warn.mock.calls[0]?.[1]).toMatchObject({
      errorId: body.error.errorId,
      status: 404,
      method,
      path: "/api/no/such/thing",
    });
  });

  it("still refuses a cross-site write first (403), like every route", async () => {
    vi.spyOn(errorLogger, "warn").mockImplementation(() => undefined);
    const response = await POST(
      new Request("http://localhost/api/nope", { method: "POST", headers: { "sec-fetch-site": "cross-site" } }),
      params(["nope"]),
    );
    expect(response.status).toBe(403);
  });
});
