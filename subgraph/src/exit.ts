// A property's exit (template, from the factory's ExitLaunched; issue 19): the sale's close and each holder's
// redemption, and capital returned after a refinance. The exit's own events carry every figure; the burns they cause
// are the token's Transfers to zero, counted by the token's mapping (holdings, supply, Redemption), not here.
import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import { CapitalReturned, ProceedsDeposited, Redeemed } from "../generated/templates/PropertyExit/PropertyExit";
import { CapitalReturn, Exit, ExitRedemption, IdentityRecord, Proposal } from "../generated/schema";
import { ensureAccount, eventId, timestampOf } from "./common";
import { recordFee } from "./fees";

/** The exit entity, which the factory's handler created before any of the exit's events run. */
function loadExit(address: Bytes): Exit {
  const exit = Exit.load(address);
  if (exit == null) log.critical("exit {} is not indexed: was it launched by the factory?", [address.toHexString()]);
  return exit!;
}

/** The Proposal entity's id for the exit's governor's `proposalId`, or null when the subgraph has no such proposal. */
function proposalOf(exit: Exit, proposalId: BigInt): string | null {
  const key = exit.governor.toHexString() + "-" + proposalId.toString();
  if (Proposal.load(key) == null) {
    log.error("exit {}: proposal {} is not indexed", [exit.id.toHexString(), key]);
    return null;
  }
  return key;
}

export function handleProceedsDeposited(event: ProceedsDeposited): void {
  const p = event.params;
  const exit = loadExit(event.address);
  exit.closed = true;
  exit.proposalId = p.proposalId;
  exit.proposal = proposalOf(exit, p.proposalId);
  exit.depositor = p.depositor;
  exit.amount = p.amount;
  exit.fee = p.fee;
  exit.feeCollector = p.collector;
  exit.proceeds = p.proceeds;
  exit.supplyAtClose = p.supplyAtClose;
  exit.closedAt = timestampOf(event);
  exit.save();
  recordFee(event, "EXIT", exit.token, exit.paymentToken, p.collector, p.fee);
}

export function handleRedeemed(event: Redeemed): void {
  const p = event.params;
  const exit = loadExit(event.address);
  exit.paidOut = exit.paidOut.plus(p.payout);
  exit.unitsRedeemed = exit.unitsRedeemed.plus(p.units);
  exit.redemptionCount += 1;
  // The contract refuses both (ExitNotClosed, ExitOverPayment): an indexing gap if seen.
  if (!exit.closed) log.error("exit {} paid a redemption before any deposit", [exit.id.toHexString()]);
  else if (exit.paidOut.gt(exit.proceeds!)) {
    log.error("exit {} paid {} out of proceeds {}", [
      exit.id.toHexString(),
      exit.paidOut.toString(),
      exit.proceeds!.toString(),
    ]);
  }
  exit.save();
  ensureAccount(p.holder);
  ensureAccount(p.to);
  const redemption = new ExitRedemption(eventId(event));
  redemption.exit = exit.id;
  redemption.token = exit.token;
  redemption.holder = p.holder;
  // The registry keeps a removed wallet's identity, so a recovered holder still names its investor.
  const record = IdentityRecord.load(p.holder);
  redemption.identity = record == null ? null : record.identity;
  redemption.to = p.to;
  redemption.units = p.units;
  redemption.payout = p.payout;
  redemption.blockNumber = event.block.number;
  redemption.timestamp = timestampOf(event);
  redemption.transaction = event.transaction.hash;
  redemption.save();
}

export function handleCapitalReturned(event: CapitalReturned): void {
  const p = event.params;
  const exit = loadExit(event.address);
  exit.capitalReturned = exit.capitalReturned.plus(p.amount);
  exit.save();
  const returned = new CapitalReturn(eventId(event));
  returned.exit = exit.id;
  returned.token = exit.token;
  returned.proposalId = p.proposalId;
  returned.proposal = proposalOf(exit, p.proposalId);
  returned.depositor = p.depositor;
  returned.amount = p.amount;
  returned.depositId = p.depositId;
  returned.blockNumber = event.block.number;
  returned.timestamp = timestampOf(event);
  returned.transaction = event.transaction.hash;
  returned.save();
}
