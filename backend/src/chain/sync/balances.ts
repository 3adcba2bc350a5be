/**
 * The cap tables' balances (chain_holder_balances): per token, holder and partition, the sum of the token's stored
 * `Transfer` events. The sync adjusts them in the transaction that stores a range (by the event rows it really
 * inserted, so a replayed range changes nothing) and in the one that rolls a reorganised range back (by the rows
 * about to be deleted); a balance back to zero is deleted, so the table holds the current holders only.
 */
import type pg from "pg";
import { ZERO } from "./decode.ts";

/**
 * `moves` (token, holder, partition, delta) of the balance movements among the rows of `source` (a CTE or table
 * with chain_events' columns): the receiver gains, the sender loses; the zero address (issue, redeem) is nobody.
 */
export function movesOf(source: string): string {
  const transfer = `contract = 'PropertyToken' AND name = 'Transfer'`;
  return `moves AS (
    SELECT address AS token, "toAddr" AS holder, partition, amount AS delta FROM ${source} WHERE ${transfer} AND "toAddr" <> '${ZERO}'
    UNION ALL
    SELECT address, "fromAddr", partition, -amount FROM ${source} WHERE ${transfer} AND "fromAddr" <> '${ZERO}'
  )`;
}

/**
 * Adds (`sign` 1) or subtracts (-1) the `moves` CTE to the balances, as the last statement of a WITH whose first
 * parameter is the chain id; returns the keys that reached zero (`dropEmpty` deletes them).
 */
export function applyMoves(sign: 1 | -1): string {
  return `INSERT INTO chain_holder_balances ("chainId", token, holder, partition, balance)
    SELECT $1, token, holder, partition, ${sign < 0 ? "-" : ""}SUM(delta) FROM moves
    GROUP BY token, holder, partition HAVING SUM(delta) <> 0
    ON CONFLICT ("chainId", token, holder, partition) DO UPDATE SET balance = chain_holder_balances.balance + EXCLUDED.balance
    RETURNING token, holder, partition, balance = 0 AS empty`;
}

export interface Applied {
  token: string;
  holder: string;
  partition: string;
  empty: boolean;
}

/** Deletes the balances `applyMoves` brought to zero (a second statement: one cannot touch a row twice in one). */
export async function dropEmpty(sql: pg.ClientBase, chainId: number, applied: readonly Applied[]): Promise<void> {
  const empty = applied.filter((r) => r.empty);
  if (empty.length === 0) return;
  await sql.query(
    `DELETE FROM chain_holder_balances b USING unnest($2::text[], $3::text[], $4::text[]) AS k(token, holder, partition)
     WHERE b."chainId" = $1 AND b.token = k.token AND b.holder = k.holder AND b.partition = k.partition AND b.balance = 0`,
    [chainId, empty.map((r) => r.token), empty.map((r) => r.holder), empty.map((r) => r.partition)],
  );
}

/** Subtracts the balance movements of the events past `fork` (before the rollback deletes them). */
export async function revertMovesAfter(sql: pg.ClientBase, chainId: number, fork: number): Promise<void> {
  const gone = await sql.query<Applied>(
    `WITH gone AS (SELECT * FROM chain_events WHERE "chainId" = $1 AND "blockNumber" > $2), ${movesOf("gone")}
     ${applyMoves(-1)}`,
    [chainId, fork],
  );
  await dropEmpty(sql, chainId, gone.rows);
}

/**
 * Recomputes one chain's balances from its stored events (what the sync keeps incrementally): for data written
 * into chain_events by other means than the sync, such as the benchmarks' seed.
 */
export async function rebuildBalances(sql: pg.ClientBase, chainId: number): Promise<void> {
  await sql.query('DELETE FROM chain_holder_balances WHERE "chainId" = $1', [chainId]);
  await sql.query(
    `WITH source AS (SELECT * FROM chain_events WHERE "chainId" = $1), ${movesOf("source")}
     ${applyMoves(1)}`,
    [chainId],
  );
}
