/**
 * Reads by key that arrive in one turn of the event loop, sent to PostgreSQL as one statement. A request that queries
 * PostgreSQL on its own costs both processes a round trip (a write, a wake-up and a read on each side), and measured
 * in issue 17 on this stack that round trip, not the statement, bounded the signed-in and uncached pages: the
 * property page served 1.9 times the requests per second once concurrent requests shared one statement.
 *
 * The statement is sent after every request of the turn has asked (setImmediate), so it sees every write committed
 * before any of them arrived, and nothing is kept between turns (no cache): a batch is what its requests would have
 * read one by one, a moment later. A failed statement fails each request of its batch, as it would have alone.
 * What a batch reads must not depend on who asks: a key names the data, never the caller, and each request applies
 * its caller's access rules to its own value afterwards, so requests of different people can share a statement.
 */
import DataLoader from "dataloader";
import type pg from "pg";

/** At most this many keys are read by one statement. */
export const TURN_BATCH_SIZE = 100;

const batchers = new WeakMap<pg.Pool, Map<string, DataLoader<unknown, unknown>>>();

/**
 * The batcher `name` of `pool` (one per pool and name, made on first use with `read`): `load(key)` resolves to the
 * value `read` returns for that key. `read` receives the keys of one turn, in the order asked and with repeats, and
 * returns one value per key in that order; `name` must say everything `read` closes over (its chain, say).
 */
export function turnBatcher<K, V>(
  pool: pg.Pool,
  name: string,
  read: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let byName = batchers.get(pool);
  if (!byName) batchers.set(pool, (byName = new Map()));
  let batcher = byName.get(name) as DataLoader<K, V> | undefined;
  if (!batcher) {
    batcher = new DataLoader<K, V>(read, {
      cache: false,
      maxBatchSize: TURN_BATCH_SIZE,
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    });
    byName.set(name, batcher as DataLoader<unknown, unknown>);
  }
  return batcher;
}

/**
 * The distinct keys of a batch (by `id`) and a function that spreads the rows read for them back over every key:
 * `spread(rows, rowId)` gives each key its row (undefined when none was read), repeats included.
 */
export function distinctKeys<K>(
  keys: readonly K[],
  id: (key: K) => string,
): { distinct: K[]; spread: <R>(rows: R[], rowId: (row: R) => string) => (R | undefined)[] } {
  const seen = new Map<string, K>();
  for (const key of keys) if (!seen.has(id(key))) seen.set(id(key), key);
  return {
    distinct: [...seen.values()],
    spread: (rows, rowId) => {
      const byId = new Map(rows.map((row) => [rowId(row), row]));
      return keys.map((key) => byId.get(id(key)));
    },
  };
}
