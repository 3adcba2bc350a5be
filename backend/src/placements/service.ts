/**
 * Private placements (issue 20): the rules. A property's manager posts an invitation they signed in their own wallet
 * for the property's offering; it is kept only when the signature recovers to their wallet and that wallet is the
 * offering's issuer on chain (the only signer the contract accepts), and the invited identity is verified on chain.
 * Redemption and revocation happen on chain; the status is read from the synced events.
 */
import { getAddress, type Hex } from "viem";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { launched } from "../chain/service.ts";
import { DuplicateError, ForbiddenError, RuleViolationError } from "../core/errors.ts";
import type { Db, Tx } from "../db/client.ts";
import { actsAsStakeholder, canManage, loadVisible, seesEverything } from "../properties/access.ts";
import type { z } from "zod";
import type { InvitationBody } from "./schemas.ts";
import {
  identityOfWallet,
  identityVerified,
  insertInvitation,
  invitationById,
  invitationsOfIdentity,
  invitationsOfProperty,
  offeringIssuer,
  offeringRoom,
  type InvitationRow,
} from "./store.ts";
import { invitationRoomRefusal } from "./room.ts";
import { invitationDigest, invitationSigner, type InvitationMessage } from "./typed-data.ts";

export type InvitationInput = z.output<typeof InvitationBody>;
export type InvitationStatus = "open" | "redeemed" | "revoked" | "expired";

/** What the API shows of an invitation, its status decided at `now`. */
export function invitationView(row: InvitationRow, now: Date) {
  const status: InvitationStatus = row.redeemedBy
    ? "redeemed"
    : row.revoked
      ? "revoked"
      : row.expiry.getTime() <= now.getTime()
        ? "expired"
        : "open";
  return {
    id: row.id,
    propertyId: row.propertyId,
    chainId: row.chainId,
    offering: row.offering,
    identity: row.identity,
    minUnits: row.minUnits,
    maxUnits: row.maxUnits,
    pricePerUnit: row.pricePerUnit,
    expiry: row.expiry.toISOString(),
    salt: row.salt,
    hash: row.hash,
    signature: row.signature,
    signer: row.signer,
    status,
    redemption:
      row.redeemedBy && row.redeemedUnits && row.redeemedPaid && row.redeemedTx
        ? { investor: row.redeemedBy, units: row.redeemedUnits, paid: row.redeemedPaid, txHash: row.redeemedTx }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The invitation's fields as the contract's `Invitation` struct takes them. */
export function invitationMessage(input: InvitationInput): InvitationMessage {
  return {
    identity: getAddress(input.identity),
    minUnits: BigInt(input.minUnits),
    maxUnits: BigInt(input.maxUnits),
    pricePerUnit: BigInt(input.pricePerUnit),
    expiry: BigInt(Date.parse(input.expiry) / 1000),
    salt: input.salt.toLowerCase() as Hex,
  };
}

/** Stores an invitation the actor signed for the property's offering (see the module comment for the rules). */
export async function postInvitation(
  db: Db,
  chainId: number,
  actor: Actor,
  propertyId: string,
  input: InvitationInput,
  now: Date,
) {
  const property = await loadVisible(db, actor, propertyId);
  if (!actsAsStakeholder(actor, property))
    throw new ForbiddenError("only the property's owner or manager invites investors to its offering");
  const { offering } = await launched(db, chainId, property.id);
  if (!offering) throw new RuleViolationError("no_offering", "the property has no offering on chain yet");
  const message = invitationMessage(input);
  if (message.expiry * 1000n <= BigInt(now.getTime()))
    throw new RuleViolationError("invitation_expired", "the invitation's expiry has passed");
  let signer: string;
  try {
    signer = await invitationSigner(chainId, offering, message, input.signature as Hex);
  } catch {
    throw new RuleViolationError("bad_signature", "the signature is not a valid signature of this invitation");
  }
  if (signer !== getAddress(actor.address))
    throw new RuleViolationError("bad_signature", "the invitation must be signed by your own wallet");
  if (signer !== (await offeringIssuer(db, chainId, offering)))
    throw new RuleViolationError(
      "not_issuer",
      "your wallet is not the issuer of this offering on chain: the offering would refuse the invitation",
    );
  if (!(await identityVerified(db, chainId, message.identity, now)))
    throw new RuleViolationError("identity_not_verified", "the invited identity is not verified on chain");
  const room = await offeringRoom(db, chainId, offering, message.identity);
  if (!room) throw new RuleViolationError("no_offering", "the offering's terms are not known yet: try again shortly");
  const refusal = invitationRoomRefusal(room, message.minUnits, now);
  if (refusal) throw refusal;
  const hash = invitationDigest(chainId, offering, message);
  const row = await db.$transaction(async (tx: Tx) => {
    const id = await insertInvitation(tx, {
      chainId,
      propertyId: property.id,
      offering,
      identity: message.identity,
      minUnits: message.minUnits,
      maxUnits: message.maxUnits,
      pricePerUnit: message.pricePerUnit,
      expiry: new Date(Number(message.expiry) * 1000),
      salt: message.salt,
      hash,
      signature: input.signature.toLowerCase(),
      signer,
      createdById: actor.id,
    });
    if (!id) throw new DuplicateError("this invitation was already posted", { hash });
    // The audit names the identity address and the terms only (no personal data).
    await recordAudit(tx, {
      actor,
      action: "invitation.posted",
      entityType: "invitation",
      entityId: id,
      after: { propertyId: property.id, offering, identity: message.identity, hash },
    });
    return (await invitationById(tx, id))!;
  });
  return invitationView(row, now);
}

/** The property's invitations: for its owner or manager, compliance officers and admins. */
export async function propertyInvitations(db: Db, chainId: number, actor: Actor, propertyId: string, now: Date) {
  const property = await loadVisible(db, actor, propertyId);
  if (!canManage(actor, property) && !seesEverything(actor))
    throw new ForbiddenError(
      "only the property's owner or manager, compliance officers and admins see its invitations",
    );
  const rows = await invitationsOfProperty(db, chainId, property.id);
  return { items: rows.map((r) => invitationView(r, now)) };
}

/** The invitations of the actor's identity (any of its wallets may redeem them). */
export async function myInvitations(db: Db, chainId: number, actor: Actor, now: Date) {
  const identity = await identityOfWallet(db, chainId, getAddress(actor.address));
  const rows = identity ? await invitationsOfIdentity(db, chainId, identity) : [];
  return { items: rows.map((r) => invitationView(r, now)) };
}
