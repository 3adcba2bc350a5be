// Rent distribution (static data source): deposits per property token and holders' claims.
import {
  CapitalDeposited,
  RentClaimed,
  RentDeposited,
  RentFeeCharged,
  RentRedirected,
  TokenRegistered,
} from "../generated/RentDistributor/RentDistributor";
import {
  CapitalDeposit,
  PropertyToken,
  RentClaim,
  RentDeposit,
  RentRedirect,
  RentRegistration,
} from "../generated/schema";
import { Bytes, log } from "@graphprotocol/graph-ts";
import { ensureAccount, eventId, loadDailySnapshot, loadHolding, timestampOf } from "./common";
import { recordFee } from "./fees";

export function handleTokenRegistered(event: TokenRegistered): void {
  const registration = new RentRegistration(event.params.token);
  registration.distributor = event.address;
  registration.paymentToken = event.params.paymentToken;
  registration.registeredAt = timestampOf(event);
  registration.save();
  // During a launch the distributor registers the token before the factory announces it: the factory's handler
  // then reads the registration. A later registration updates the token directly.
  const token = PropertyToken.load(event.params.token);
  if (token != null) {
    token.rentPaymentToken = event.params.paymentToken;
    token.save();
  }
}

// The distributor may hold tokens this factory did not launch (registered by an admin): they are skipped.
function platformToken(address: Bytes): PropertyToken | null {
  const token = PropertyToken.load(address);
  if (token == null) log.warning("Rent for {} skipped: not a token launched by the factory", [address.toHexString()]);
  return token;
}

export function handleRentDeposited(event: RentDeposited): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  token.totalRentDeposited = token.totalRentDeposited.plus(p.amount);
  token.totalRentDust = token.totalRentDust.plus(p.dust);
  token.rentDepositCount += 1;
  token.save();
  const snapshot = loadDailySnapshot(token, event);
  snapshot.rentDeposited = snapshot.rentDeposited.plus(p.amount);
  snapshot.save();

  const deposit = new RentDeposit(eventId(event));
  deposit.token = p.token;
  deposit.depositId = p.depositId;
  deposit.statementHash = p.statementHash;
  deposit.amount = p.amount;
  deposit.supply = p.supply;
  deposit.dust = p.dust;
  deposit.depositor = event.transaction.from;
  deposit.timestamp = timestampOf(event);
  deposit.transaction = event.transaction.hash;
  deposit.save();
}

// Capital returned by an approved refinance (issue 19): distributed and claimed like rent (one accumulator, claims
// pay both as RentClaimed), but it is no rent: counted apart. Its dust is carried into the next deposit like rent's.
export function handleCapitalDeposited(event: CapitalDeposited): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  token.totalCapitalDeposited = token.totalCapitalDeposited.plus(p.amount);
  token.totalRentDust = token.totalRentDust.plus(p.dust);
  token.save();

  const deposit = new CapitalDeposit(eventId(event));
  deposit.token = p.token;
  deposit.depositId = p.depositId;
  deposit.statementHash = p.statementHash;
  deposit.amount = p.amount;
  deposit.supply = p.supply;
  deposit.dust = p.dust;
  deposit.depositor = event.transaction.from;
  deposit.timestamp = timestampOf(event);
  deposit.transaction = event.transaction.hash;
  deposit.save();
}

export function handleRentClaimed(event: RentClaimed): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  token.totalRentClaimed = token.totalRentClaimed.plus(p.amount);
  token.save();
  const snapshot = loadDailySnapshot(token, event);
  snapshot.rentClaimed = snapshot.rentClaimed.plus(p.amount);
  snapshot.save();
  ensureAccount(p.holder);
  const holding = loadHolding(p.token, p.holder);
  holding.rentClaimed = holding.rentClaimed.plus(p.amount);
  holding.save();

  const claim = new RentClaim(eventId(event));
  claim.token = p.token;
  claim.holder = p.holder;
  claim.amount = p.amount;
  claim.timestamp = timestampOf(event);
  claim.transaction = event.transaction.hash;
  claim.save();
}

// The controller paid a held holder's rent to another wallet: recorded as such, not as the holder's claim.
export function handleRentRedirected(event: RentRedirected): void {
  const p = event.params;
  if (platformToken(p.token) == null) return;
  ensureAccount(p.holder);
  ensureAccount(p.to);
  const redirect = new RentRedirect(eventId(event));
  redirect.token = p.token;
  redirect.holder = p.holder;
  redirect.to = p.to;
  redirect.amount = p.amount;
  redirect.timestamp = timestampOf(event);
  redirect.transaction = event.transaction.hash;
  redirect.save();
}

/** The management fee of a deposit, in the payment token the distributor registered for the token. */
export function handleRentFeeCharged(event: RentFeeCharged): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  const registration = RentRegistration.load(p.token);
  if (registration == null) {
    log.warning("Rent fee on {} skipped: the token has no registration", [p.token.toHexString()]);
    return;
  }
  recordFee(event, "RENT", p.token, registration.paymentToken, p.collector, p.fee);
}
