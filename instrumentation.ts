/**
 * Runs once when the Next.js server starts. Parsing the environment here turns a wrong
 * value into a start-up failure naming the variable, rather than a 500 on first use.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv } = await import("./lib/env");
  serverEnv();
}
