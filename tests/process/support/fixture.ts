import { afterAll, beforeAll } from "vitest";
import { createFreshDatabase, type FreshDatabase } from "./database";
import { killAllServers, startServer, type AppServer } from "./server";

/**
 * Every process test file owns one fresh PostgreSQL database and kills the servers it
 * started before dropping it. Call at the top level of the file; the getter is valid
 * inside tests (after beforeAll ran).
 */
export function freshDatabaseForFile(label: string, cleanup?: () => Promise<void>): () => FreshDatabase {
  let db: FreshDatabase | undefined;
  beforeAll(async () => {
    db = await createFreshDatabase(label);
  });
  afterAll(async () => {
    await killAllServers();
    await cleanup?.();
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error("freshDatabaseForFile: the database is created in beforeAll; read it inside a test");
    return db;
  };
}

export interface EngineServerOptions {
  /** The provider budget every server of a test shares. */
  maxInFlight: number;
  ratePerMinute: number;
  /** The offline generator's simulated latency; leave out when the env names a real provider. */
  latencyMs?: number;
  env?: Record<string, string>;
}

/** A `next start` running the batch engine on `databaseUrl` under the given provider budget. */
export function startEngineServer(name: string, databaseUrl: string, options: EngineServerOptions): Promise<AppServer> {
  return startServer({
    name,
    env: {
      DATABASE_URL: databaseUrl,
      GENERATION_MAX_IN_FLIGHT: String(options.maxInFlight),
      GENERATION_RATE_PER_MINUTE: String(options.ratePerMinute),
      ...(options.latencyMs === undefined ? {} : { GENERATION_LATENCY_MS: String(options.latencyMs) }),
      ...options.env,
    },
  });
}
