// Primary offerings (template, one data source per offering the factory launched): progress, investors'
// positions, subscriptions, claims and refunds, and private-placement invitations redeemed or revoked.
import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  Cancelled,
  Claimed,
  Finalized,
  InvitationRedeemed,
  InvitationRevoked,
  ProceedsReleased,
  Refunded,
  Subscribed,
} from "../generated/templates/PropertyOffering/PropertyOffering";
import {
  Invitation,
  Offering,
  OfferingClaim,
  OfferingInvestor,
  OfferingRefund,
  OfferingSubscription,
  ProceedsRelease,
} from "../generated/schema";
import { ensureAccount, eventId, timestampOf } from "./common";
import { recordFee } from "./fees";

function loadOffering(event: ethereum.Event): Offering {
  const offering = Offering.load(event.address);
  if (offering == null)
    log.critical("Offering {} is not indexed: was it launched by the factory?", [event.address.toHexString()]);
  return offering!;
}

function loadPosition(offering: Offering, investor: Bytes): OfferingInvestor {
  const id = offering.id.concat(investor);
  let position = OfferingInvestor.load(id);
  if (position == null) {
    ensureAccount(investor);
    position = new OfferingInvestor(id);
    position.offering = offering.id;
    position.investor = investor;
    position.identity = investor;
    position.units = BigInt.zero();
    position.paid = BigInt.zero();
    position.unitsClaimed = BigInt.zero();
    position.amountRefunded = BigInt.zero();
    offering.investorCount += 1;
  }
  return position;
}

export function handleSubscribed(event: Subscribed): void {
  const p = event.params;
  const offering = loadOffering(event);
  const position = loadPosition(offering, p.investor);
  position.identity = p.identity;
  position.units = position.units.plus(p.units);
  position.paid = position.paid.plus(p.paid);
  position.save();

  offering.unitsSold = offering.unitsSold.plus(p.units);
  offering.amountRaised = offering.amountRaised.plus(p.paid);
  offering.escrowHeld = offering.escrowHeld.plus(p.paid);
  offering.subscriptionCount += 1;
  offering.softCapReached = offering.unitsSold.ge(offering.softCap);
  if (!offering.hardCap.isZero())
    offering.progress = offering.unitsSold.toBigDecimal().div(offering.hardCap.toBigDecimal());
  offering.save();

  const subscription = new OfferingSubscription(eventId(event));
  subscription.offering = offering.id;
  subscription.position = position.id;
  subscription.investor = p.investor;
  subscription.identity = p.identity;
  subscription.units = p.units;
  subscription.paid = p.paid;
  subscription.timestamp = timestampOf(event);
  subscription.transaction = event.transaction.hash;
  subscription.save();
}

export function handleFinalized(event: Finalized): void {
  const offering = loadOffering(event);
  if (!offering.unitsSold.equals(event.params.unitsSold)) {
    log.error("Offering {}: finalized with {} units sold, indexed {}", [
      offering.id.toHexString(),
      event.params.unitsSold.toString(),
      offering.unitsSold.toString(),
    ]);
  }
  offering.status = "FINALIZED";
  offering.proceeds = event.params.proceeds;
  offering.fee = event.params.fee;
  offering.finalizedAt = timestampOf(event);
  offering.save();
}

export function handleCancelled(event: Cancelled): void {
  const offering = loadOffering(event);
  offering.status = "CANCELLED";
  offering.cancelledAt = timestampOf(event);
  offering.save();
}

export function handleClaimed(event: Claimed): void {
  const offering = loadOffering(event);
  const position = loadPosition(offering, event.params.investor);
  position.unitsClaimed = position.unitsClaimed.plus(event.params.units);
  position.save();
  offering.unitsClaimed = offering.unitsClaimed.plus(event.params.units);
  offering.save();

  const claim = new OfferingClaim(eventId(event));
  claim.offering = offering.id;
  claim.position = position.id;
  claim.investor = event.params.investor;
  claim.units = event.params.units;
  claim.timestamp = timestampOf(event);
  claim.transaction = event.transaction.hash;
  claim.save();
}

export function handleRefunded(event: Refunded): void {
  const offering = loadOffering(event);
  const position = loadPosition(offering, event.params.investor);
  position.amountRefunded = position.amountRefunded.plus(event.params.amount);
  position.save();
  offering.amountRefunded = offering.amountRefunded.plus(event.params.amount);
  // A refund settles the wallet's whole position (never claimed), paid at the terms' price or an invitation's.
  offering.unitsRefunded = offering.unitsRefunded.plus(position.units);
  offering.escrowHeld = offering.escrowHeld.minus(event.params.amount);
  const afterFinalization = offering.status == "FINALIZED";
  if (afterFinalization)
    offering.amountRefundedAfterFinalization = offering.amountRefundedAfterFinalization.plus(event.params.amount);
  offering.save();

  const refund = new OfferingRefund(eventId(event));
  refund.offering = offering.id;
  refund.position = position.id;
  refund.investor = event.params.investor;
  refund.amount = event.params.amount;
  refund.afterFinalization = afterFinalization;
  refund.timestamp = timestampOf(event);
  refund.transaction = event.transaction.hash;
  refund.save();
}

export function handleProceedsReleased(event: ProceedsReleased): void {
  const p = event.params;
  const offering = loadOffering(event);
  offering.unitsReleased = offering.unitsReleased.plus(p.units);
  offering.proceedsReleased = offering.proceedsReleased.plus(p.amount);
  offering.feeReleased = offering.feeReleased.plus(p.fee);
  offering.escrowHeld = offering.escrowHeld.minus(p.amount);
  offering.save();

  const release = new ProceedsRelease(eventId(event));
  release.offering = offering.id;
  release.units = p.units;
  release.amount = p.amount;
  release.fee = p.fee;
  release.timestamp = timestampOf(event);
  release.transaction = event.transaction.hash;
  release.save();
  // The primary fee, paid to the recipient fixed in the terms at launch, in the offering's payment token.
  recordFee(event, "PRIMARY", offering.token, offering.paymentToken, offering.feeRecipient, p.fee);
}

/**
 * The invitation `hash` settled on chain, or null (and an error logged) when it already was: the offering refuses
 * to redeem or revoke an invitation twice, so a second event for one digest means the indexed data is wrong.
 */
function newInvitation(event: ethereum.Event, offering: Offering, hash: Bytes, status: string): Invitation | null {
  const existing = Invitation.load(hash);
  if (existing != null) {
    log.error("Offering {}: invitation {} is already {}, ignoring {}", [
      offering.id.toHexString(),
      hash.toHexString(),
      existing.status,
      status,
    ]);
    return null;
  }
  const invitation = new Invitation(hash);
  invitation.offering = offering.id;
  invitation.token = offering.token;
  invitation.status = status;
  invitation.blockNumber = event.block.number;
  invitation.timestamp = timestampOf(event);
  invitation.transaction = event.transaction.hash;
  return invitation;
}

// The Subscribed event before it (same transaction, same figures) already counted the units, payment and position.
export function handleInvitationRedeemed(event: InvitationRedeemed): void {
  const p = event.params;
  const offering = loadOffering(event);
  const invitation = newInvitation(event, offering, p.invitationHash, "REDEEMED");
  if (invitation == null) return;
  ensureAccount(p.investor);
  invitation.investor = p.investor;
  invitation.identity = p.identity;
  invitation.units = p.units;
  invitation.paid = p.paid;
  if (!p.units.isZero()) invitation.pricePerUnit = p.paid.div(p.units);
  invitation.save();
  offering.invitationsRedeemed += 1;
  offering.unitsSoldByInvitation = offering.unitsSoldByInvitation.plus(p.units);
  offering.save();
}

export function handleInvitationRevoked(event: InvitationRevoked): void {
  const offering = loadOffering(event);
  const invitation = newInvitation(event, offering, event.params.invitationHash, "REVOKED");
  if (invitation == null) return;
  invitation.save();
  offering.invitationsRevoked += 1;
  offering.save();
}
