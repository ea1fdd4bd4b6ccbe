import { createHash, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createBrowserClient, parseCookieHeader } from "@supabase/ssr";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as callback } from "@/app/auth/callback/route";
import { readAccessTokenFromCookies } from "@/lib/auth/cookie-token";
import { serverRealtimeOptions } from "@/lib/auth/node-websocket";
import { mintToken, TEST_ANON_KEY } from "@/tests/support/auth-tokens";

/*
 * Login CSRF: /auth/callback must sign in only the browser that asked for the link. The
 * login form's browser client (PKCE) stores a code verifier cookie when it asks for a magic
 * link; the callback exchanges the link's code together with that cookie. A small HTTP
 * server stands in for Supabase Auth: /otp remembers the code challenge, /token?grant_type=pkce
 * checks the verifier against it, /verify (the token_hash flow) must never be called.
 */

let server: Server;
let supabaseUrl: string;
const calls: string[] = [];
let challenge: string | null = null;
let accessToken = "";
const USER = randomUUID();
const ISSUED_CODE = "0b5c2a1e-code-from-the-email-link";

function base64url(buffer: Buffer): string {
  return buffer.toString("base64url");
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      void (async () => {
        calls.push(`${req.method} ${req.url?.split("?")[0]}${req.url?.includes("grant_type=pkce") ? "?pkce" : ""}`);
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(value));
        };
        if (req.method === "POST" && req.url?.startsWith("/auth/v1/otp")) {
          const parsed = JSON.parse(body) as { code_challenge?: string; code_challenge_method?: string };
          challenge = parsed.code_challenge_method === "s256" ? (parsed.code_challenge ?? null) : null;
          return json(200, {});
        }
        if (req.method === "POST" && req.url?.startsWith("/auth/v1/token?grant_type=pkce")) {
          const { auth_code: code, code_verifier: verifier } = JSON.parse(body) as {
            auth_code: string;
            code_verifier: string;
          };
          const matches = challenge !== null && base64url(createHash("sha256").update(verifier).digest()) === challenge;
          if (code !== ISSUED_CODE || !matches) {
            return json(400, {
              code: 400,
              error_code: "bad_code_verifier",
              msg: "code challenge does not match previously saved code verifier",
            });
          }
          accessToken = await mintToken({ sub: USER, supabaseUrl, email: "victim@example.com" });
          return json(200, {
            access_token: accessToken,
            token_type: "bearer",
            expires_in: 3600,
            expires_at: Math.floor(Date.now() / 1000) + 3600,
            refresh_token: "refresh-1",
            user: { id: USER, aud: "authenticated", role: "authenticated", email: "victim@example.com" },
          });
        }
        if (req.method === "POST" && req.url?.startsWith("/auth/v1/verify")) {
          // What a bare token_hash link would be redeemed with: a session for whoever calls.
          return json(200, {
            access_token: await mintToken({ sub: randomUUID(), supabaseUrl, email: "attacker@example.com" }),
            token_type: "bearer",
            expires_in: 3600,
            refresh_token: "attacker-refresh",
            user: { id: randomUUID(), aud: "authenticated", role: "authenticated", email: "attacker@example.com" },
          });
        }
        json(404, {});
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  supabaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", supabaseUrl);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY", TEST_ANON_KEY);
  vi.stubEnv("SUPABASE_JWT_SECRET", "");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  calls.length = 0;
  challenge = null;
});

/** A browser's cookie jar, used by the same browser client the login form creates. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ");
  }
  /** Applies a response's Set-Cookie headers (Max-Age=0 or an empty value deletes). */
  apply(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [cookie] = parseCookieHeader(pair as string);
      if (!cookie) continue;
      const deleted = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || !cookie.value;
      if (deleted) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value as string);
    }
  }
}

/** What the login form does on "Email me a magic link". */
async function askForMagicLink(jar: CookieJar): Promise<void> {
  const client = createBrowserClient(supabaseUrl, TEST_ANON_KEY, {
    isSingleton: false,
    auth: { flowType: "pkce", persistSession: true, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no WebSocket (a browser does); realtime is never used.
    realtime: serverRealtimeOptions,
    cookies: {
      getAll: () => [...jar.cookies].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.cookies.set(name, value);
          else jar.cookies.delete(name);
        }
      },
    },
  });
  const { error } = await client.auth.signInWithOtp({
    email: "victim@example.com",
    options: { emailRedirectTo: "http://127.0.0.1:3000/auth/callback?next=%2Fconversations" },
  });
  expect(error).toBeNull();
}

function openLink(query: string, jar?: CookieJar): Promise<Response> {
  const headers: Record<string, string> = jar && jar.cookies.size ? { cookie: jar.header() } : {};
  return callback(new Request(`http://127.0.0.1:3000/auth/callback?${query}`, { headers }));
}

const cookieName = () => `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;

function sessionCookiesOf(jar: CookieJar) {
  return [...jar.cookies].filter(([name]) => name === cookieName() || name.startsWith(`${cookieName()}.`));
}

function expectSentToLogin(response: Response, reason: string): void {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location") as string, "http://127.0.0.1:3000");
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("error")).toBe(reason);
  expect(location.searchParams.get("next")).toBe("/conversations");
}

describe("GET /auth/callback (PKCE magic link)", () => {
  it("signs in the browser that asked for the link, with the code and its verifier cookie", async () => {
    const jar = new CookieJar();
    await askForMagicLink(jar);
    expect(jar.cookies.has(`${cookieName()}-code-verifier`)).toBe(true);

    const response = await openLink(`code=${ISSUED_CODE}&next=%2Fconversations`, jar);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/conversations");
    jar.apply(response);
    const session = sessionCookiesOf(jar).map(([name, value]) => ({ name, value }));
    await expect(readAccessTokenFromCookies(session, supabaseUrl)).resolves.toBe(accessToken);
    // The verifier is spent: the same link cannot be replayed from this browser.
    expect(jar.cookies.has(`${cookieName()}-code-verifier`)).toBe(false);
  });

  it("does not sign in a browser that has no verifier (the link opened elsewhere, or sent by an attacker)", async () => {
    const requester = new CookieJar();
    await askForMagicLink(requester);
    const victim = new CookieJar();

    const response = await openLink(`code=${ISSUED_CODE}&next=%2Fconversations`, victim);
    expectSentToLogin(response, "link_invalid");
    victim.apply(response);
    expect(sessionCookiesOf(victim)).toEqual([]);
    expect(calls.filter((call) => call.includes("/token"))).toEqual([]);
  });

  it("does not sign in with the verifier of another request (the victim's own pending link)", async () => {
    const victim = new CookieJar();
    await askForMagicLink(victim);
    // The attacker asks for a link to the attacker's account: the code is bound to the attacker's verifier.
    const attacker = new CookieJar();
    await askForMagicLink(attacker);

    const response = await openLink(`code=${ISSUED_CODE}&next=%2Fconversations`, victim);
    expectSentToLogin(response, "link_invalid");
    victim.apply(response);
    expect(sessionCookiesOf(victim)).toEqual([]);
  });

  it("refuses a bare token_hash link without asking Supabase Auth", async () => {
    const victim = new CookieJar();
    const response = await openLink("token_hash=pkce_attackers_hash&type=magiclink&next=%2Fconversations", victim);
    expectSentToLogin(response, "link_invalid");
    victim.apply(response);
    expect(sessionCookiesOf(victim)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("says the link expired when Supabase Auth says so", async () => {
    expectSentToLogin(await openLink("error_code=otp_expired&next=%2Fconversations"), "link_expired");
  });

  it("never redirects off-site, whatever next says", async () => {
    const response = await openLink("next=https%3A%2F%2Fevil.example");
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location") as string, "http://127.0.0.1:3000").origin).toBe(
      "http://127.0.0.1:3000",
    );
  });
});
