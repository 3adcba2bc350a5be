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
import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import { ensureAccount, eventId, loadDailySnapshot, loadHolding, settleCapital, timestampOf } from "./common";
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
  token.rentDust = p.dust;
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
// pay both as RentClaimed), but it is no rent: counted apart. It takes no fee, so what it hands out is the amount plus
// the dust carried in less the dust it carries on: a whole number per unit, which capitalPerUnit sums for the claims'
// split.
export function handleCapitalDeposited(event: CapitalDeposited): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  const perUnit = p.amount.plus(token.rentDust).minus(p.dust).div(p.supply);
  token.totalCapitalDeposited = token.totalCapitalDeposited.plus(p.amount);
  token.capitalPerUnit = token.capitalPerUnit.plus(perUnit);
  token.rentDust = p.dust;
  token.save();
  const snapshot = loadDailySnapshot(token, event);
  snapshot.capitalDeposited = snapshot.capitalDeposited.plus(p.amount);
  snapshot.save();

  const deposit = new CapitalDeposit(eventId(event));
  deposit.token = p.token;
  deposit.depositId = p.depositId;
  deposit.statementHash = p.statementHash;
  deposit.amount = p.amount;
  deposit.supply = p.supply;
  deposit.dust = p.dust;
  deposit.perUnit = perUnit;
  deposit.depositor = event.transaction.from;
  deposit.timestamp = timestampOf(event);
  deposit.transaction = event.transaction.hash;
  deposit.save();
}

// A claim pays everything owed, rent and capital from one accrual: the capital in it is what the capital deposits since
// the holder's last claim accrued to its units (the backend's split, portfolio/ledger.ts), the rest is rent.
export function handleRentClaimed(event: RentClaimed): void {
  const p = event.params;
  const token = platformToken(p.token);
  if (token == null) return;
  ensureAccount(p.holder);
  const holding = loadHolding(p.token, p.holder);
  let capital = BigInt.zero();
  const accrual = settleCapital(token, holding);
  if (accrual != null) {
    capital = accrual.accrued.lt(p.amount) ? accrual.accrued : p.amount;
    accrual.accrued = BigInt.zero(); // the claim paid all that was owed
    accrual.save();
  }
  const rent = p.amount.minus(capital);
  token.totalRentClaimed = token.totalRentClaimed.plus(rent);
  token.totalCapitalClaimed = token.totalCapitalClaimed.plus(capital);
  token.save();
  const snapshot = loadDailySnapshot(token, event);
  snapshot.rentClaimed = snapshot.rentClaimed.plus(rent);
  snapshot.capitalClaimed = snapshot.capitalClaimed.plus(capital);
  snapshot.save();
  holding.rentClaimed = holding.rentClaimed.plus(rent);
  holding.capitalClaimed = holding.capitalClaimed.plus(capital);
  holding.save();

  const claim = new RentClaim(eventId(event));
  claim.token = p.token;
  claim.holder = p.holder;
  claim.amount = p.amount;
  claim.rent = rent;
  claim.capital = capital;
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
