/**
 * The registry follows the chain: in the transaction that stores a block range (or rolls one back), every property
 * with a launched offering moves to the status its governing offering has at the time of the last synced block
 * (properties/workflow.ts: `statusFromChain`, `CHAIN_TRANSITIONS`), each step recorded in the status history and
 * the audit trail with no user behind it (actor null, the reason names the chain fact and the offering).
 *
 * - Governing offering of a property: among the offerings launched for it on this chain (terms readable) by a wallet
 *   that is the property's owner or manager in the registry, its finalized one if any (a property is funded once;
 *   later launches are ignored), else the latest launched. Launches by anyone else never move it (nor show).
 * - Only properties whose land title is verified and whose status is VERIFIED or chain-driven follow the chain;
 *   DRAFT, SUBMITTED, REJECTED and ARCHIVED are never moved by it. A chain-driven status whose offering a
 *   rollback removed goes back to VERIFIED.
 * - Idempotent (a function of the stored events and the synced head's time); reorg-safe: a rollback recomputes it
 *   at the fork block's time and records the moves back along the same edges.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { recordAuditSql } from "../../audit/service.ts";
import type { PropertyStatus } from "../../generated/prisma/client.ts";
import { CHAIN_STATUSES, chainPath, statusFromChain, type OfferingFacts } from "../../properties/workflow.ts";
import { governingOrder, launchedByStakeholder } from "./offerings.ts";

interface Row {
  id: string;
  status: PropertyStatus;
  version: number;
  offering: string | null;
  outcome: OfferingFacts["outcome"] | null;
  start: string | null;
  end: string | null;
  softCap: string | null;
  hardCap: string | null;
  unitsSold: string | null;
  paid: string | null;
  refunded: string | null;
  sold: boolean | null;
}

export interface StateMove {
  propertyId: string;
  from: PropertyStatus;
  to: PropertyStatus;
  steps: number;
  /** The governing offering it follows (null when none is left). */
  offering: string | null;
}

const CHAIN_SQL = CHAIN_STATUSES.map((s) => `'${s}'`).join(",");

/**
 * Moves every property that follows the chain to its status at chain time `now` (unix seconds of the last synced
 * block), in the caller's transaction. `rollback`: the moves undo a reorganised range.
 */
export async function followChain(
  sql: pg.PoolClient,
  chainId: number,
  now: bigint,
  rollback: boolean,
): Promise<StateMove[]> {
  const { rows } = await sql.query<Row>(
    `WITH governing AS (
       SELECT DISTINCT ON (o."propertyId") o."propertyId", o.address, o.outcome,
         extract(epoch FROM o."startTime")::bigint::text AS start, extract(epoch FROM o."endTime")::bigint::text AS "end",
         o."softCap"::text AS "softCap", o."hardCap"::text AS "hardCap",
         o."unitsSold"::text AS "unitsSold", o.paid::text AS paid, o.refunded::text AS refunded,
         EXISTS (SELECT 1 FROM chain_events x WHERE x."chainId" = o."chainId" AND x.token = o.token
                   AND x.contract = 'PropertyExit' AND x.name = 'ProceedsDeposited') AS sold
       FROM chain_offerings o
       JOIN properties p ON p.id = o."propertyId"
       WHERE o."chainId" = $1 AND o."pricePerUnit" IS NOT NULL AND ${launchedByStakeholder("o", "p")}
       ORDER BY o."propertyId", ${governingOrder("o")}
     )
     SELECT p.id, p.status, p.version, g.address AS offering, g.outcome, g.start, g."end", g."softCap", g."hardCap",
       g."unitsSold", g.paid, g.refunded, g.sold
     FROM properties p
     JOIN land_titles t ON t."propertyId" = p.id AND t.status = 'VERIFIED'
     LEFT JOIN governing g ON g."propertyId" = p.id
     WHERE (g.address IS NOT NULL AND p.status IN ('VERIFIED', ${CHAIN_SQL}))
        OR (g.address IS NULL AND p.status IN (${CHAIN_SQL}) AND p."statusChangedById" IS NULL)
     ORDER BY p.id
     FOR UPDATE OF p`,
    [chainId],
  );
  const moves: StateMove[] = [];
  for (const r of rows) {
    const facts: OfferingFacts | null = r.offering
      ? {
          outcome: r.outcome!,
          startTime: BigInt(r.start!),
          endTime: BigInt(r.end!),
          softCap: BigInt(r.softCap!),
          hardCap: BigInt(r.hardCap!),
          unitsSold: BigInt(r.unitsSold!),
          paid: BigInt(r.paid!),
          refunded: BigInt(r.refunded!),
          sold: r.sold === true,
        }
      : null;
    const target = statusFromChain(facts, now);
    if (target === r.status) continue;
    const path = chainPath(r.status, target, rollback);
    const where = r.offering ? `offering ${r.offering} on chain ${chainId}` : `no offering left on chain ${chainId}`;
    const steps = path?.edges.map((e) => ({ from: e.from, to: e.to, reason: `${e.on}: ${where}` })) ?? [
      { from: r.status, to: target, reason: `chain state resynchronised: ${where}` },
    ];
    const changed = await sql.query<{ version: number }>(
      `UPDATE properties SET status = $2::"PropertyStatus", "statusChangedAt" = now() AT TIME ZONE 'UTC', "statusChangedById" = NULL,
         "rejectionReason" = NULL, version = version + 1, "updatedAt" = now() AT TIME ZONE 'UTC'
       WHERE id = $1 RETURNING version`,
      [r.id, target],
    );
    for (const step of steps) {
      await sql.query(
        `INSERT INTO property_status_changes (id, "propertyId", "from", "to", "actorId", reason, at)
         VALUES ($1, $2, $3::"PropertyStatus", $4::"PropertyStatus", NULL, $5, clock_timestamp() AT TIME ZONE 'UTC')`,
        [randomUUID(), r.id, step.from, step.to, step.reason],
      );
    }
    await recordAuditSql(sql, {
      actor: null,
      action: "property.status_changed",
      entityType: "property",
      entityId: r.id,
      before: { status: r.status, version: r.version },
      after: {
        status: target,
        version: changed.rows[0]!.version,
        steps: steps.map((s) => `${s.from}->${s.to}: ${s.reason}`),
      },
    });
    moves.push({ propertyId: r.id, from: r.status, to: target, steps: steps.length, offering: r.offering });
  }
  return moves;
}
