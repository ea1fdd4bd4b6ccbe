import "server-only";

/**
 * The database layer's public surface for the app (server code only).
 *
 * The pattern for a lib data function: take `db?: Queryable` (a test's database or an open
 * transaction), fall back to `await getDb()`, and let failures propagate. Both engines
 * already throw every driver failure as a classified DatabaseError, so no try/catch or
 * re-classification is needed around queries.
 */
export {
  /** @internal */
  closeDb,
  describeDatabase,
  getDb,
  /** @internal */
  setDatabaseForTesting,
} from "./app-database";
