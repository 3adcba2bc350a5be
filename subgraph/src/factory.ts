// The property factory (static data source): every launch creates the token and offering entities and starts
// indexing both contracts (templates). The offering's terms are read from the contract at the launch block.
// A governor launch (issue 19) creates the Governor with the terms its event carries and starts indexing it; an exit
// launch (issue 19) creates the Exit and starts indexing it.
import { BigDecimal, BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import {
  ExitLaunched,
  GovernorLaunched,
  ImplementationsUpdated,
  PropertyLaunched,
} from "../generated/PropertyTokenFactory/PropertyTokenFactory";
import { PropertyOffering as OfferingContract } from "../generated/PropertyTokenFactory/PropertyOffering";
import {
  PropertyExit as ExitTemplate,
  PropertyGovernor as GovernorTemplate,
  PropertyOffering as OfferingTemplate,
  PropertyToken as TokenTemplate,
} from "../generated/templates";
import { Exit, Factory, Governor, Offering, PropertyToken, RentRegistration } from "../generated/schema";
import { ensureAccount, timestampOf } from "./common";

function loadFactory(address: Bytes): Factory {
  let factory = Factory.load(address);
  if (factory == null) {
    factory = new Factory(address);
    factory.propertyCount = 0;
  }
  return factory;
}

export function handlePropertyLaunched(event: PropertyLaunched): void {
  const p = event.params;
  const factory = loadFactory(event.address);
  factory.propertyCount += 1;
  factory.save();
  ensureAccount(p.manager);

  const token = new PropertyToken(p.token);
  token.propertyId = p.propertyId;
  token.factory = event.address;
  token.manager = p.manager;
  token.name = p.name;
  token.symbol = p.symbol;
  token.decimals = 0;
  token.offering = p.offering;
  const registration = RentRegistration.load(p.token);
  token.rentPaymentToken = registration == null ? null : registration.paymentToken;
  token.totalSupply = BigInt.zero();
  token.holderCount = 0;
  token.transferCount = 0;
  token.transferVolume = BigInt.zero();
  token.totalIssued = BigInt.zero();
  token.totalRedeemed = BigInt.zero();
  token.totalRentDeposited = BigInt.zero();
  token.totalRentClaimed = BigInt.zero();
  token.rentDust = BigInt.zero();
  token.capitalPerUnit = BigInt.zero();
  token.totalCapitalClaimed = BigInt.zero();
  token.totalCapitalDeposited = BigInt.zero();
  token.rentDepositCount = 0;
  token.paused = false;
  token.closed = false;
  token.issuable = true;
  token.controllable = true;
  token.countryAllowList = false;
  token.launchedAt = timestampOf(event);
  token.launchBlock = event.block.number;
  token.launchTransaction = event.transaction.hash;
  token.save();

  const terms = OfferingContract.bind(p.offering).try_terms();
  if (terms.reverted) {
    log.critical("terms() of offering {} reverted", [p.offering.toHexString()]);
    return;
  }
  const t = terms.value;
  if (!t.token.equals(p.token)) log.critical("offering {} sells another token", [p.offering.toHexString()]);
  const offering = new Offering(p.offering);
  offering.token = p.token;
  offering.partition = t.partition;
  offering.paymentToken = t.paymentToken;
  offering.pricePerUnit = t.pricePerUnit;
  offering.softCap = t.softCap;
  offering.hardCap = t.hardCap;
  offering.minTicket = t.minTicket;
  offering.maxTicket = t.maxTicket;
  offering.startTime = t.startTime;
  offering.endTime = t.endTime;
  offering.treasury = t.treasury;
  offering.feeBps = t.feeBps;
  offering.feeRecipient = t.feeRecipient;
  offering.issuer = t.issuer;
  offering.status = "OPEN";
  offering.unitsSold = BigInt.zero();
  offering.amountRaised = BigInt.zero();
  offering.progress = BigDecimal.zero();
  offering.softCapReached = t.softCap.isZero();
  offering.subscriptionCount = 0;
  offering.investorCount = 0;
  offering.unitsClaimed = BigInt.zero();
  offering.amountRefunded = BigInt.zero();
  offering.unitsRefunded = BigInt.zero();
  offering.amountRefundedAfterFinalization = BigInt.zero();
  offering.unitsReleased = BigInt.zero();
  offering.proceedsReleased = BigInt.zero();
  offering.feeReleased = BigInt.zero();
  offering.escrowHeld = BigInt.zero();
  offering.invitationsRedeemed = 0;
  offering.invitationsRevoked = 0;
  offering.unitsSoldByInvitation = BigInt.zero();
  offering.save();

  TokenTemplate.create(p.token);
  OfferingTemplate.create(p.offering);
}

export function handleImplementationsUpdated(event: ImplementationsUpdated): void {
  const factory = loadFactory(event.address);
  factory.tokenImplementation = event.params.tokenImplementation;
  factory.offeringImplementation = event.params.offeringImplementation;
  factory.save();
}

export function handleGovernorLaunched(event: GovernorLaunched): void {
  const p = event.params;
  const governor = new Governor(p.governor);
  governor.token = p.token;
  governor.factory = event.address;
  governor.votingPeriod = p.votingPeriod;
  governor.quorumBps = p.quorumBps.toI32();
  governor.approvalBps = p.approvalBps.toI32();
  governor.proposerThreshold = p.proposerThreshold;
  governor.proposalCount = 0;
  governor.launchedAt = timestampOf(event);
  governor.launchBlock = event.block.number;
  governor.save();
  GovernorTemplate.create(p.governor);
}

export function handleExitLaunched(event: ExitLaunched): void {
  const p = event.params;
  const exit = new Exit(p.exit);
  exit.token = p.token;
  exit.governor = p.governor;
  exit.paymentToken = p.paymentToken;
  exit.factory = event.address;
  exit.launchedAt = timestampOf(event);
  exit.launchBlock = event.block.number;
  exit.closed = false;
  exit.paidOut = BigInt.zero();
  exit.unitsRedeemed = BigInt.zero();
  exit.redemptionCount = 0;
  exit.capitalReturned = BigInt.zero();
  exit.save();
  const token = PropertyToken.load(p.token);
  if (token == null) {
    log.critical("exit {} of token {}, which is not indexed", [p.exit.toHexString(), p.token.toHexString()]);
    return;
  }
  token.exit = p.exit;
  token.save();
  ExitTemplate.create(p.exit);
}
