import { describe, expect, it } from "vitest";
import { AppError, ErrorCode, REDACTED, sanitize, sanitizeString, sanitizeWithCount } from "@/lib/errors";

/** [kind, text as it would appear in a message or log line, the secret that must disappear]. */
const SECRETS: [string, string, string][] = [
  ["Anthropic key", "using key sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5 for the call", "Q9xZ7pL2mN4vB8cD1eF6gH3jK5"],
  ["OpenAI key", "OPENAI key sk-proj-T4kq8Wm2Zr6Yb1Nc9Vx3Lp7 rejected", "T4kq8Wm2Zr6Yb1Nc9Vx3Lp7"],
  ["OpenAI legacy key", "sk-A1b2C3d4E5f6G7h8I9j0K1l2M3n4", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4"],
  ["Stripe secret key", "stripe: sk_live_51HxYz0123abcDEF456ghi", "51HxYz0123abcDEF456ghi"],
  ["Stripe publishable key", "pk_live_51Jq0987zyxWVU654tsr loaded", "51Jq0987zyxWVU654tsr"],
  ["Stripe restricted key", "rk_live_88PqRsTuVwXyZ1234567", "88PqRsTuVwXyZ1234567"],
  ["Supabase secret key", "SUPABASE_SECRET is sb_secret_N7a2Kq9Lm4Xp8Wz3Rt6Yv1", "N7a2Kq9Lm4Xp8Wz3Rt6Yv1"],
  [
    "Supabase personal token",
    "token sbp_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
    "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
  ],
  ["AWS access key id", "credentials AKIAIOSFODNN7EXAMPLE were used", "AKIAIOSFODNN7EXAMPLE"],
  [
    "AWS secret access key",
    "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  ],
  [
    "GitHub classic token",
    "git push with ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "16C7e42F292c6912E7710c838347Ae178B4a",
  ],
  ["GitHub OAuth token", "gho_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6", "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"],
  [
    "GitHub fine-grained token",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
    "11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
  ],
  ["Slack token", "slack xoxb-2048-4096-Zq1Wx2Ec3Rv4Tb5Yn6", "2048-4096-Zq1Wx2Ec3Rv4Tb5Yn6"],
  ["Slack webhook", "POST https://hooks.slack.com/services/T0001/B0002/Xk9Lm8Nq7Pr6 failed", "Xk9Lm8Nq7Pr6"],
  ["Google API key", "maps key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"],
  ["Bearer authorization header", "Authorization: Bearer Zx81Qw72Er63Ty54Ui45", "Zx81Qw72Er63Ty54Ui45"],
  ["bare Bearer token", "sent Bearer Mn0Bv9Cx8Zl7Kj6Hg5 upstream", "Mn0Bv9Cx8Zl7Kj6Hg5"],
  ["Basic authorization", "header basic: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"],
  [
    "JWT",
    "token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
  ],
  ["password in query string", "GET /login?user=ann&password=Tr0ub4dor%263&next=/", "Tr0ub4dor"],
  ["passwd key=value", "config passwd=OpenSesame42 loaded", "OpenSesame42"],
  ["pwd key=value", "dsn host=db pwd=Plugh99xyzzy port=5432", "Plugh99xyzzy"],
  ["password: value", "request failed: password: CorrectHorse77", "CorrectHorse77"],
  ["quoted password with spaces", 'PGPASSWORD="open sesame 42" psql -h db', "open sesame 42"],
  ["password after another key=", "https://x.test/cb?next=password=Fr0gLeap&x=1", "Fr0gLeap"],
  ["JSON password in a string", 'request body {"user":"ann","password":"Bl4ckC4t!"}', "Bl4ckC4t!"],
  ["escaped JSON secret", 'log "{\\"client_secret\\":\\"Vq3Xs9Yt2\\"}"', "Vq3Xs9Yt2"],
  ["Cookie header", "Cookie: theme=dark; sb-access-token=Kp2Lm3Nq4Rs5", "Kp2Lm3Nq4Rs5"],
  ["Set-Cookie header", "Set-Cookie: session=Wd8Xe7Yf6Zg5; Path=/; HttpOnly", "Wd8Xe7Yf6Zg5"],
  ["session_id", "resume session_id=a81f9c2e77d04b5e", "a81f9c2e77d04b5e"],
  ["sessionid", "https://app.example.com/x?sessionid=Qq11Ww22Ee33", "Qq11Ww22Ee33"],
  ["sid", "cookie jar: sid=Hh44Jj55Kk66; lang=en", "Hh44Jj55Kk66"],
  ["PHP session cookie", "PHPSESSID=9d8c7b6a5f4e3d2c1b0a", "9d8c7b6a5f4e3d2c1b0a"],
  ["Postgres URL password", "connect postgres://app:S3cr3tPw@db.internal:5432/prod failed", "S3cr3tPw"],
  ["MySQL URL password", "mysql://root:My5qlPass@127.0.0.1/app", "My5qlPass"],
  ["Redis URL password", "redis://:R3disPass@cache:6379/0", "R3disPass"],
  ["AMQP URL password", "amqps://guest:Rabb1tPw@mq.example.com/vhost", "Rabb1tPw"],
  ["MongoDB URL password", "mongodb+srv://svc:M0ngoPw@cluster0.abc.mongodb.net/db", "M0ngoPw"],
  [
    "PEM private key",
    "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx7Gh2Zq\nAbCdEf12345\n-----END RSA PRIVATE KEY-----\nend",
    "MIIEowIBAAKCAQEAx7Gh2Zq",
  ],
  ["Visa card with spaces", "card 4111 1111 1111 1111 declined", "4111 1111 1111 1111"],
  ["Mastercard with dashes", "paid with 5500-0000-0000-0004.", "5500-0000-0000-0004"],
  ["Amex card", "amex 378282246310005 on file", "378282246310005"],
  ["api_key param", "https://api.example.com/v1/x?api_key=Ak47Bk48Ck49", "Ak47Bk48Ck49"],
  ["apikey param", "apikey=Zz9Yy8Xx7Ww6", "Zz9Yy8Xx7Ww6"],
  ["access_token param", "#access_token=Ya29Qq0Ww9Ee8&expires_in=3600", "Ya29Qq0Ww9Ee8"],
  ["refresh_token param", "refresh_token=Rt1Rt2Rt3Rt4Rt5", "Rt1Rt2Rt3Rt4Rt5"],
  ["client_secret param", "grant_type=client_credentials&client_secret=Cs9Cs8Cs7Cs6", "Cs9Cs8Cs7Cs6"],
  [
    "SendGrid key",
    "SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZaBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLmNo",
    "wXyZaBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLmNo",
  ],
  ["Hugging Face token", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345", "AbCdEfGhIjKlMnOpQrStUvWxYz012345"],
];

function serialized(value: unknown): string {
  return JSON.stringify(sanitize(value));
}

describe("sanitize: secrets never survive", () => {
  it("covers at least 20 kinds of secret", () => {
    expect(new Set(SECRETS.map(([kind]) => kind)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(SECRETS)("%s in a plain string", (_kind, text, secret) => {
    const result = sanitizeWithCount(text);
    expect(result.value).not.toContain(secret);
    expect(result.value).toContain(REDACTED);
    expect(result.redactedCount).toBeGreaterThan(0);
  });

  it.each(SECRETS)("%s in an error message and its stack", (_kind, text, secret) => {
    const error = new Error(`request failed: ${text}`);
    const output = sanitize(error) as Record<string, unknown>;
    expect(JSON.stringify(output)).not.toContain(secret);
    expect(String(output.stack)).toContain("request failed");
  });

  it.each(SECRETS)("%s inside a stack frame only", (_kind, text, secret) => {
    const error = new Error("upstream call failed");
    error.stack = `Error: upstream call failed\n    at callProvider (/app/lib/generation/provider.ts:42:11)\n    at ${text}`;
    expect(serialized(error)).not.toContain(secret);
  });

  it.each(SECRETS)("%s in nested context: objects, arrays, Error causes, AppError context", (_kind, text, secret) => {
    const cause = new Error(`socket closed (${text})`);
    const appError = new AppError(ErrorCode.INTERNAL, "Batch failed", {
      cause: new Error("wrapped", { cause }),
      context: { attempts: [{ note: text }], request: { headers: { "x-trace": text } } },
    });
    const input = {
      level: "error",
      context: { batch: { items: [1, 2, { lastError: text }] }, tags: new Set([text]), byId: new Map([["a", text]]) },
      error: appError,
      errors: [cause],
    };
    expect(serialized(input)).not.toContain(secret);
  });
});

describe("sanitize: sensitive keys are redacted wholesale", () => {
  const KEYS = [
    "password",
    "passwd",
    "secret",
    "clientSecret",
    "token",
    "accessToken",
    "refresh_token",
    "authorization",
    "Authorization",
    "api_key",
    "apiKey",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
    "session",
    "sessionId",
    "private_key",
    "privateKey",
    "credential",
    "credentials",
    "access_key",
    "awsAccessKeyId",
  ];

  it.each(KEYS)("a value under %s", (key) => {
    // An innocent-looking value: only the key says it is secret.
    const result = sanitizeWithCount({ outer: { [key]: "correct horse battery staple" } });
    expect(JSON.stringify(result.value)).not.toContain("correct horse battery staple");
    expect(result.value).toEqual({ outer: { [key]: REDACTED } });
    expect(result.redactedCount).toBe(1);
  });

  it("redacts objects and numbers under a sensitive key but keeps booleans and nulls", () => {
    expect(sanitize({ credentials: { user: "ann", pass: "x" }, pin: 1234, hasPassword: true, password: null })).toEqual(
      {
        credentials: REDACTED,
        pin: REDACTED,
        hasPassword: true,
        password: null,
      },
    );
  });

  // Issue 9, finding 9: the has/is/requires exemption matched on the key name alone.
  it.each([
    ["HASURA_ADMIN_SECRET", "hasura-admin-Zx81Qw72Er63"],
    ["hashedPassword", "$2b$10$abcdefghijklmnopqrstuv"],
    ["refresh_tokens", "v1.MRq8sZ3pK2nL9xY4bT6c"],
    ["isSessionCookie", "sess-7f3a9c2e4b1d"],
    ["requiresToken", "tok-9a8b7c6d5e4f"],
  ])("redacts %s (a secret whose name only looks like a flag or a count)", (key, secret) => {
    const result = sanitize({ [key]: secret, nested: { [key]: [secret] } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result).toEqual({ [key]: REDACTED, nested: { [key]: REDACTED } });
    // The same in text: "key=value" and JSON inside a string.
    expect(sanitize(`${key}=${secret}`)).toBe(`${key}=${REDACTED}`);
    expect(sanitize(`{"${key}":"${secret}"}`)).toBe(`{"${key}":"${REDACTED}"}`);
  });

  it("keeps booleans under flag-like keys and numbers under token-count keys, in objects and text", () => {
    const flags = { hasPassword: true, isTokenExpired: false, requiresApiKey: true, has_secret: false };
    expect(sanitize(flags)).toEqual(flags);
    expect(sanitize("hasPassword=true isTokenExpired=false")).toBe("hasPassword=true isTokenExpired=false");
    expect(sanitize('{"input_tokens":"812"}')).toBe('{"input_tokens":"812"}');
    // A count key with a string or a list of strings is not usage.
    expect(sanitize({ input_tokens: "sk-live-abc", refresh_tokens: ["r1-abcdef", "r2-ghijkl"] })).toEqual({
      input_tokens: REDACTED,
      refresh_tokens: REDACTED,
    });
  });

  it("keeps token usage counts, which every generation report needs", () => {
    const usage = { input_tokens: 812, output_tokens: 1024, maxTokens: 2048, totalTokens: 1836 };
    expect(sanitize({ usage })).toEqual({ usage });
  });

  it("redacts sensitive headers in a Headers object", () => {
    const headers = new Headers({ authorization: "Bearer Zx81Qw72Er63Ty54Ui45", "content-type": "application/json" });
    expect(sanitize(headers)).toEqual({ authorization: REDACTED, "content-type": "application/json" });
  });
});

describe("sanitize: ordinary text survives unchanged", () => {
  const ORDINARY = [
    "The batch finished: 42 of 50 conversations generated.",
    "Conversation 123e4567-e89b-12d3-a456-426614174000 was created at 2026-11-28T12:00:00.000Z",
    "Contact ann.smith@example.com for access",
    "Timestamp 1700000000000, duration 1234 ms, job 987654321",
    "Call +1 (555) 123-4567 or 020 7946 0958",
    "Order 4111111111111112 is not a valid card number (fails Luhn)",
    "Pi is 3.14159265358979323846",
    "File /work/main/lib/batch/run-item.ts line 120",
    "    at runItem (/work/main/lib/batch/run-item.ts:120:15)\n    at async Promise.all (index 0)",
    "Invalid token: signature mismatch",
    "The password must be at least 8 characters long.",
    "Use a bearer token in the Authorization header.",
    "Basic information about the session was saved.",
    "https://example.com/conversations?page=2&sort=desc&limit=20",
    "https://registry.npmjs.org:443/@scope/package",
    "maxTokens=1024 temperature=0.7 model=claude-sonnet-4",
    "ERR_DB_UNIQUE_VIOLATION on constraint conversation_turns_conversation_id_turn_index_key",
    "Ask the customer: 'What is your password policy?'",
  ];

  it.each(ORDINARY)("%s", (text) => {
    const result = sanitizeWithCount(text);
    expect(result.value).toBe(text);
    expect(result.redactedCount).toBe(0);
  });

  it("keeps primitives, dates and structure as they are", () => {
    const date = new Date("2026-11-28T12:00:00.000Z");
    expect(sanitize({ n: 1, f: 1.5, b: false, nil: null, list: ["a", 2], when: date })).toEqual({
      n: 1,
      f: 1.5,
      b: false,
      nil: null,
      list: ["a", 2],
      when: "2026-11-28T12:00:00.000Z",
    });
  });
});

describe("sanitize: robustness", () => {
  it("does not crash on cycles and marks them", () => {
    const a: Record<string, unknown> = { name: "a" };
    const list: unknown[] = [a];
    a.self = a;
    a.list = list;
    list.push(list);
    const error = new Error("loop");
    (error as Error & { cause?: unknown }).cause = error;
    const output = sanitize({ a, error });
    expect(() => JSON.stringify(output)).not.toThrow();
    expect(JSON.stringify(output)).toContain("[Circular]");
  });

  it("copies shared (non-cyclic) references in full", () => {
    const shared = { note: "same" };
    expect(sanitize({ x: shared, y: shared })).toEqual({ x: { note: "same" }, y: { note: "same" } });
  });

  it("does not mutate its input", () => {
    const cause = new Error("password=Hunter2Hunter2");
    const input = {
      password: "pw-123",
      nested: { list: ["Bearer Zx81Qw72Er63Ty54Ui45", { apiKey: "k" }] },
      error: new AppError(ErrorCode.INTERNAL, "x", { cause, context: { token: "t" } }),
    };
    const before = JSON.stringify(input);
    const beforeCause = cause.message;
    sanitize(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(cause.message).toBe(beforeCause);
    expect(input.error.context).toEqual({ token: "t" });
  });

  it("never throws, even on hostile objects", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    const throwingGetter = Object.defineProperty({}, "x", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    expect(() => sanitize(hostile)).not.toThrow();
    expect(sanitize(throwingGetter)).toEqual({ x: "[Unreadable]" });
  });

  it("turns errors into plain objects with name, message, stack, code and cause", () => {
    const error = Object.assign(new Error("failed with sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5"), { code: "E42" });
    const output = sanitize(error) as Record<string, unknown>;
    expect(output).toMatchObject({ name: "Error", message: `failed with ${REDACTED}`, code: "E42" });
    expect(typeof output.stack).toBe("string");
    expect(output).not.toBeInstanceOf(Error);
  });

  it("counts each redaction once", () => {
    const result = sanitizeWithCount({
      password: "x",
      note: "Authorization: Bearer Zx81Qw72Er63Ty54Ui45",
      url: "postgres://u:Pw@h/db",
    });
    expect(result.redactedCount).toBe(3);
  });

  it.each([
    ["dotted run", "a.".repeat(100_000)],
    ["colon run", "password:".repeat(20_000)],
    ["equals run", "a=".repeat(100_000)],
    ["unclosed JSON values", '"password":"'.repeat(20_000)],
    ["long digit run", "4".repeat(200_000)],
  ])("copes with a pathological %s and still redacts a secret after it", (_label, filler) => {
    // Regexes that backtrack quadratically would hang here (and a logger must never hang).
    const output = sanitizeString(`${filler}\nAuthorization: Bearer Zx81Qw72Er63Ty54Ui45`);
    expect(output).not.toContain("Zx81Qw72Er63Ty54Ui45");
  });

  it("sanitizeString redacts inside one string", () => {
    expect(sanitizeString("k=1&password=abc")).toBe(`k=1&password=${REDACTED}`);
  });
});
