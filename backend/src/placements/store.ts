/**
 * Data access of private placements: the invitation rows, their status from the synced offering events, and the
 * chain facts the rules read (the property's offering and its issuer, an identity's registration, a wallet's
 * identity), all from what the chain sync stored.
 */
import type { Db, Tx } from "../db/client.ts";
import type { OfferingRoom } from "./room.ts";

export interface InvitationRow {
  id: string;
  propertyId: string;
  chainId: number;
  offering: string;
  identity: string;
  minUnits: string;
  maxUnits: string;
  pricePerUnit: string;
  expiry: Date;
  salt: string;
  hash: string;
  signature: string;
  signer: string;
  createdAt: Date;
  redeemedBy: string | null;
  redeemedUnits: string | null;
  redeemedPaid: string | null;
  redeemedTx: string | null;
  revoked: boolean;
}

const SELECT = `SELECT i.id, i."propertyId", i."chainId", i.offering, i.identity, i."minUnits"::text AS "minUnits",
    i."maxUnits"::text AS "maxUnits", i."pricePerUnit"::text AS "pricePerUnit", i.expiry, i.salt, i.hash, i.signature,
    i.signer, i."createdAt", r.args->>'investor' AS "redeemedBy", r.args->>'units' AS "redeemedUnits",
    r.args->>'paid' AS "redeemedPaid", r."txHash" AS "redeemedTx",
    EXISTS (SELECT 1 FROM chain_events v WHERE v."chainId" = i."chainId" AND v.address = i.offering
            AND v.name = 'InvitationRevoked' AND v.args->>'invitationHash' = i.hash) AS revoked
  FROM placement_invitations i
  LEFT JOIN LATERAL (SELECT e.args, e."txHash" FROM chain_events e
    WHERE e."chainId" = i."chainId" AND e.address = i.offering AND e.name = 'InvitationRedeemed'
      AND e.args->>'invitationHash' = i.hash LIMIT 1) r ON true`;

export async function invitationsOfProperty(
  db: Db | Tx,
  chainId: number,
  propertyId: string,
): Promise<InvitationRow[]> {
  return db.$queryRawUnsafe<InvitationRow[]>(
    `${SELECT} WHERE i."chainId" = $1 AND i."propertyId" = $2::uuid ORDER BY i."createdAt" DESC, i.id`,
    chainId,
    propertyId,
  );
}

export async function invitationsOfIdentity(db: Db | Tx, chainId: number, identity: string): Promise<InvitationRow[]> {
  return db.$queryRawUnsafe<InvitationRow[]>(
    `${SELECT} WHERE i."chainId" = $1 AND i.identity = $2 ORDER BY i."createdAt" DESC, i.id`,
    chainId,
    identity,
  );
}

export async function invitationById(db: Db | Tx, id: string): Promise<InvitationRow | undefined> {
  const rows = await db.$queryRawUnsafe<InvitationRow[]>(`${SELECT} WHERE i.id = $1::uuid`, id);
  return rows[0];
}

export interface NewInvitation {
  chainId: number;
  propertyId: string;
  offering: string;
  identity: string;
  minUnits: bigint;
  maxUnits: bigint;
  pricePerUnit: bigint;
  expiry: Date;
  salt: string;
  hash: string;
  signature: string;
  signer: string;
  createdById: string;
}

/** Inserts the invitation; false when one with the same digest exists (nothing written). */
export async function insertInvitation(db: Db | Tx, row: NewInvitation): Promise<string | null> {
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO placement_invitations (id, "chainId", "propertyId", offering, identity, "minUnits", "maxUnits",
      "pricePerUnit", expiry, salt, hash, signature, signer, "createdById")
    VALUES (gen_random_uuid(), ${row.chainId}, ${row.propertyId}::uuid, ${row.offering}, ${row.identity},
      ${row.minUnits.toString()}::numeric, ${row.maxUnits.toString()}::numeric, ${row.pricePerUnit.toString()}::numeric,
      ${row.expiry}, ${row.salt}, ${row.hash}, ${row.signature}, ${row.signer}, ${row.createdById}::uuid)
    ON CONFLICT (hash) DO NOTHING RETURNING id`;
  return inserted[0]?.id ?? null;
}

/** The issuer of an offering: the wallet that launched it (the factory makes the launcher its issuer). */
export async function offeringIssuer(db: Db | Tx, chainId: number, offering: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ launcher: string }[]>`
    SELECT launcher FROM chain_offerings WHERE "chainId" = ${chainId} AND address = ${offering}`;
  return rows[0]?.launcher ?? null;
}

/**
 * Whether `identity` is verified on chain at `at`, as the registry's last synced event about the identity's own
 * wallet (the identity id is its first wallet) left it: registered or updated, with a KYC expiry after `at`.
 */
export async function identityVerified(db: Db | Tx, chainId: number, identity: string, at: Date): Promise<boolean> {
  const rows = await db.$queryRaw<{ name: string; expiry: string | null; identity: string | null }[]>`
    SELECT name, args->>'kycExpiry' AS expiry, args->>'identity' AS identity FROM chain_events
    WHERE "chainId" = ${chainId} AND contract = 'IdentityRegistry' AND args->>'wallet' = ${identity}
      AND name IN ('IdentityRegistered', 'IdentityUpdated', 'IdentityRemoved')
    ORDER BY "blockNumber" DESC, "logIndex" DESC LIMIT 1`;
  const last = rows[0];
  if (!last || last.name === "IdentityRemoved" || last.identity !== identity) return false;
  return Number(last.expiry) > Math.floor(at.getTime() / 1000);
}

/**
 * The registry identity of `wallet` as its last registration or removal left it: null once removed (compliance
 * unlinks a wallet linked in error, compromised or given away: it is nobody's now), the wallet itself when the
 * registry never named it (an identity is its first wallet's address).
 */
export async function identityOfWallet(db: Db | Tx, chainId: number, wallet: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ name: string; identity: string }[]>`
    SELECT name, args->>'identity' AS identity FROM chain_events
    WHERE "chainId" = ${chainId} AND contract = 'IdentityRegistry' AND name IN ('IdentityRegistered', 'IdentityRemoved')
      AND args->>'wallet' = ${wallet}
    ORDER BY "blockNumber" DESC, "logIndex" DESC LIMIT 1`;
  const last = rows[0];
  if (!last) return wallet;
  return last.name === "IdentityRemoved" ? null : last.identity;
}

/** What `offering` could still book for `identity` (room.ts), from the synced terms and events; null if unknown. */
export async function offeringRoom(
  db: Db | Tx,
  chainId: number,
  offering: string,
  identity: string,
): Promise<OfferingRoom | null> {
  const rows = await db.$queryRaw<
    { outcome: string; endTime: Date; hardCap: string; maxTicket: string; unitsSold: string; identityUnits: string }[]
  >`
    SELECT o.outcome, o."endTime", o."hardCap"::text AS "hardCap", o."maxTicket"::text AS "maxTicket",
      o."unitsSold"::text AS "unitsSold",
      (SELECT COALESCE(SUM((e.args->>'units')::numeric), 0)::text FROM chain_events e
        WHERE e."chainId" = o."chainId" AND e.address = o.address AND e.name = 'Subscribed'
          AND e.args->>'identity' = ${identity}) AS "identityUnits"
    FROM chain_offerings o
    WHERE o."chainId" = ${chainId} AND o.address = ${offering} AND o."maxTicket" IS NOT NULL`;
  const row = rows[0];
  if (!row) return null;
  return {
    outcome: row.outcome,
    endTime: row.endTime,
    hardCap: BigInt(row.hardCap),
    maxTicket: BigInt(row.maxTicket),
    unitsSold: BigInt(row.unitsSold),
    identityUnits: BigInt(row.identityUnits),
  };
}
