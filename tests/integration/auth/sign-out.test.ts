import { describe, expect, it } from "vitest";
import { POST as signOut } from "@/app/auth/sign-out/route";

/*
 * POST /auth/sign-out in local mode (no Supabase): there is no session to end, so it only
 * redirects; what matters here is that a form on another site cannot trigger it.
 */

function post(headers: Record<string, string>): Promise<Response> {
  return signOut(new Request("http://127.0.0.1:3000/auth/sign-out", { method: "POST", headers }));
}

describe("POST /auth/sign-out", () => {
  it("follows a same-origin post with a 303", async () => {
    const response = await post({ "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" });
    expect(response.status).toBe(303);
  });

  it.each([
    ["Sec-Fetch-Site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["Origin (older browsers)", { origin: "https://evil.example", host: "127.0.0.1:3000" }],
  ])("refuses a cross-site post, told by %s, with 403 and the error shape", async (_label, headers) => {
    const response = await post(headers);
    expect(response.status).toBe(403);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: "ERR_API_FORBIDDEN" } });
  });
});
