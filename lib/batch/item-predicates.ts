import "server-only";

/*
 * The item conditions every batch query shares, as SQL fragments over a batch_items alias,
 * so the claim, the completion check and the settle sweep can never disagree about what is
 * left to do. `max` is the SQL expression of config.batch.maxItemAttempts (a bound parameter).
 */

/** The last failure said retrying can help (a timeout, a 5xx): the engine retries by itself. */
const retryableFailure = (i: string) => `coalesce((${i}.last_error->>'retryable')::boolean, false)`;

/**
 * Claimable now: pending, failed with a retryable error and attempts left, or running under
 * an expired lease (its worker died) with attempts left; never before its not_before.
 */
export function runnableItemSql(i: string, max: string): string {
  return `((${i}.status = 'pending'
            or (${i}.status = 'failed' and ${i}.attempts < ${max} and ${retryableFailure(i)})
            or (${i}.status = 'running' and ${i}.lease_until < now() and ${i}.attempts < ${max}))
           and (${i}.not_before is null or ${i}.not_before <= now()))`;
}

/**
 * Work remains for the item: waiting, being generated, or failed in a way the engine will
 * still retry. A failed item out of attempts, or failed with an error retrying cannot fix
 * (a bad key, an unknown model), waits for a person ("Retry failed items").
 */
export function unfinishedItemSql(i: string, max: string): string {
  return `(${i}.status in ('pending', 'running')
           or (${i}.status = 'failed' and ${i}.attempts < ${max} and ${retryableFailure(i)}))`;
}

/** Failed and not retried by the engine any more: what "Retry failed items" is for. */
export function exhaustedItemSql(i: string, max: string): string {
  return `(${i}.status = 'failed' and (${i}.attempts >= ${max} or not ${retryableFailure(i)}))`;
}
