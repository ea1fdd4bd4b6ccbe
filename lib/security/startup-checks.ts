import { EnvError, isSupabaseConfigured, type ServerEnv } from "@/lib/env";

/*
 * What a production server checks before it serves anything (instrumentation.ts). Local
 * mode (no Supabase Auth) answers every request as the one local user: on a developer's
 * machine that is the point, on a server it would hand every user's data to anyone who can
 * reach the port. So `NODE_ENV=production` without Supabase refuses to start unless the
 * operator opts in with ALLOW_LOCAL_MODE=1, and even then only on a loopback address.
 *
 * Pure: the environment and argv come in as arguments, so every rule is unit-tested.
 */

const LOOPBACK_LISTEN_ADDRESSES = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

export class UnsafeDeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeDeploymentError";
  }
}

/**
 * The address the server listens on, as far as the command line says: `-H`/`--hostname`
 * of `next start` (`-H x`, `-H=x`, `--hostname x`, `--hostname=x`). `next start` ignores
 * HOSTNAME, so for the Next.js CLI no flag means every interface (null); any other entry
 * point (the standalone server.js) listens on HOSTNAME.
 */
export function listenHostname(argv: readonly string[], hostnameEnv: string | undefined): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-H" || arg === "--hostname") {
      found = argv[i + 1] ?? "";
      i++;
    } else if (arg.startsWith("--hostname=")) {
      found = arg.slice("--hostname=".length);
    } else if (arg.startsWith("-H=")) {
      found = arg.slice(3);
    } else if (/^-H\S/.test(arg)) {
      found = arg.slice(2);
    }
  }
  if (found !== null) return found.trim() || null;
  if (argv.some(isNextCli)) return null;
  return hostnameEnv?.trim() || null;
}

function isNextCli(arg: string): boolean {
  // node_modules/.bin/next, node_modules/next/dist/bin/next, or `next` on PATH.
  return /(^|[/\\])next$/.test(arg);
}

export function isLoopbackListenAddress(hostname: string | null): boolean {
  return hostname !== null && LOOPBACK_LISTEN_ADDRESSES.has(hostname.toLowerCase());
}

/**
 * Throws UnsafeDeploymentError, naming what to set, when this server must not start:
 * production in local mode without ALLOW_LOCAL_MODE=1, or with it on a non-loopback address.
 */
export function assertSafeDeployment(env: ServerEnv, argv: readonly string[], hostnameEnv: string | undefined): void {
  if (env.NODE_ENV !== "production" || isSupabaseConfigured(env)) return;
  if (env.ALLOW_LOCAL_MODE !== "1") {
    throw new UnsafeDeploymentError(
      "Refusing to start: this is a production server (NODE_ENV=production) but NEXT_PUBLIC_SUPABASE_URL and " +
        "NEXT_PUBLIC_SUPABASE_ANON_KEY are not set, so every request would be served as the one local user, " +
        "with access to all data. Set both variables (Supabase Auth; see README, Deploying safely), or, for a " +
        "single-user server reachable from this machine only, set ALLOW_LOCAL_MODE=1 and start it on loopback " +
        "(npm start -- -H 127.0.0.1).",
    );
  }
  const hostname = listenHostname(argv, hostnameEnv);
  if (!isLoopbackListenAddress(hostname)) {
    throw new UnsafeDeploymentError(
      `Refusing to start: ALLOW_LOCAL_MODE=1 serves every request as the one local user, so the server must ` +
        `listen on loopback only, but it would listen on ${hostname === null ? "every interface (no -H given)" : hostname}. ` +
        "Start it with -H 127.0.0.1 (npm start -- -H 127.0.0.1), or set NEXT_PUBLIC_SUPABASE_URL and " +
        "NEXT_PUBLIC_SUPABASE_ANON_KEY (Supabase Auth).",
    );
  }
}

/** assertSafeDeployment for the running server process (its argv and HOSTNAME). */
export function assertSafeDeploymentOfThisProcess(env: ServerEnv): void {
  assertSafeDeployment(env, process.argv, process.env.HOSTNAME);
}

/**
 * instrumentation.ts's handler for a configuration error at start-up. Next.js only logs an
 * error thrown by register() and then serves every request with a 500, so a wrong variable
 * or an unsafe deployment would leave a half-alive server behind: print the reason and exit 1
 * instead. During `next build` (and for any other error) it rethrows.
 */
export function failStartup(error: unknown, phase: string | undefined = process.env.NEXT_PHASE): never {
  const isConfigError = error instanceof EnvError || error instanceof UnsafeDeploymentError;
  if (!isConfigError || phase === "phase-production-build") throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
