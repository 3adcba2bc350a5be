/**
 * INVESTOR_KYC_BLOCKED (issue 16.4): when an investor's verification ends (rejected, revoked, expired: after an AML
 * match too, which rejects or revokes), the manager of each property whose offering that investor subscribed to and
 * still takes part in (open, or finalized with their units not claimed yet) learns that one subscriber can no longer
 * take part. Written in the KYC transition's transaction (`kyc/workflow.ts` `moveStatus`).
 *
 * Privacy and tipping off: the row, its data and the email are the same whatever the cause: the property only, no
 * name, wallet, reason, status or screening word. The dedupe key (never shown) names the offering and a hash of the
 * transition, so the manager's row carries no identifier of the investor either.
 */
import { createHash } from "node:crypto";
import { launchedByStakeholder } from "../chain/sync/offerings.ts";
import type { Tx } from "../db/client.ts";
import type { KycStatus } from "../generated/prisma/enums.ts";
import { notifySql, prismaSql } from "./notify.ts";

/** The KYC statuses after which an investor can no longer take part in an offering. */
export const BLOCKING_KYC_STATUSES: readonly KycStatus[] = ["REJECTED", "REVOKED", "EXPIRED"];

export async function notifyInvestorBlocked(
  tx: Tx,
  transition: { applicationId: string; version: number; wallet: string },
): Promise<number> {
  const sql = prismaSql(tx);
  const { rows } = await sql.query<{ offering: string; propertyId: string; propertyName: string; userId: string }>(
    `SELECT DISTINCT o.address AS offering, p.id::text AS "propertyId", p.name AS "propertyName", u.id::text AS "userId"
     FROM chain_events s
     JOIN chain_offerings o ON o."chainId" = s."chainId" AND o.address = s.address
     JOIN properties p ON p.id = o."propertyId"
     JOIN users u ON u.id = COALESCE(p."managerId", p."ownerId") AND 'PROPERTY_MANAGER' = ANY(u.roles)
     WHERE s.name = 'Subscribed' AND s.args->>'investor' = $1 AND ${launchedByStakeholder("o", "p")}
       -- still selling or waiting to be finalized (the property's status follows its offering at chain time: a
       -- failed one is REFUNDING), or finalized with their units not claimed yet
       AND ((o.outcome = 'open' AND p.status IN ('OFFERING', 'CLOSED'))
            OR (o.outcome = 'finalized' AND p.status = 'FUNDED' AND NOT EXISTS (
             SELECT 1 FROM chain_events c WHERE c."chainId" = s."chainId" AND c.address = s.address
               AND c.name IN ('Claimed', 'Refunded') AND c.args->>'investor' = $1)))
     ORDER BY 1, 4`,
    [transition.wallet],
  );
  const transitionHash = createHash("sha256")
    .update(`${transition.applicationId}:${transition.version}`)
    .digest("hex")
    .slice(0, 32);
  let created = 0;
  for (const r of rows) {
    const notified = await notifySql(sql, {
      userId: r.userId,
      event: "INVESTOR_KYC_BLOCKED",
      data: { propertyId: r.propertyId, propertyName: r.propertyName },
      dedupeKey: `subscriber-out:${r.offering}:${transitionHash}`,
    });
    if (notified) created += 1;
  }
  return created;
}
