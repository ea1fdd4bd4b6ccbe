import { describe, expect, it } from "vitest";
import { assertNotCrossSite, isCrossSiteRequest } from "@/lib/http/cross-site";
import { AppError } from "@/lib/errors/classes";

function request(headers: Record<string, string>, method = "POST"): Request {
  return new Request("http://127.0.0.1:3000/auth/sign-out", { method, headers });
}

describe("isCrossSiteRequest", () => {
  it.each([
    ["Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" }],
    ["Sec-Fetch-Site none (typed into the address bar)", { "sec-fetch-site": "none" }],
    ["no browser headers at all (curl, scripts)", {}],
    ["an Origin equal to the Host", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }],
    [
      "an Origin equal to the proxy's X-Forwarded-Host",
      { origin: "https://studio.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "studio.example.com" },
    ],
  ])("lets %s through", (_label, headers) => {
    expect(isCrossSiteRequest(request(headers))).toBe(false);
  });

  it.each([
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    [
      "Sec-Fetch-Site cross-site even with a matching Origin",
      { "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" },
    ],
    ["an Origin of another host", { origin: "https://evil.example", host: "127.0.0.1:3000" }],
    ["an Origin on another port", { origin: "http://127.0.0.1:4000", host: "127.0.0.1:3000" }],
    ["the opaque Origin null", { origin: "null", host: "127.0.0.1:3000" }],
    ["an unparsable Origin", { origin: "not a url", host: "127.0.0.1:3000" }],
  ])("flags %s", (_label, headers) => {
    expect(isCrossSiteRequest(request(headers))).toBe(true);
  });
});

describe("assertNotCrossSite", () => {
  const crossSite = { "sec-fetch-site": "cross-site", origin: "https://evil.example" };

  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a cross-site %s with 403 ERR_API_FORBIDDEN", (method) => {
    let thrown: unknown;
    try {
      assertNotCrossSite(request(crossSite, method));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("ERR_API_FORBIDDEN");
    expect((thrown as AppError).httpStatus).toBe(403);
  });

  it("allows cross-site reads: they change nothing and the browser hides the answer", () => {
    expect(() => assertNotCrossSite(request(crossSite, "GET"))).not.toThrow();
    expect(() => assertNotCrossSite(request(crossSite, "HEAD"))).not.toThrow();
  });
});
