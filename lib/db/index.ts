import "server-only";

/** The database layer's public surface for the app (server code only). */
export {
  closeDb,
  describeDatabase,
  getDb,
  setDatabaseForTesting,
  withTransaction,
  type DatabaseDescription,
} from "./app-database";
export type { Database, EngineName, IsolationLevel, Queryable, Row, Transaction, TransactionOptions } from "./types";
export { createDatabase, databaseOptionsFromEnv, type CreateDatabaseOptions } from "./create-database";
export { migrate, migrationStatus, type MigrateOptions, type MigrateResult, type MigrationStatus } from "./migrate";
