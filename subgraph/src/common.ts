// Helpers shared by every mapping: ids, accounts, holdings, daily snapshots.
import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  Account,
  CapitalAccrual,
  Holding,
  PartitionHolding,
  PropertyToken,
  TokenDailySnapshot,
  TokenPartition,
} from "../generated/schema";

export const DEFAULT_PARTITION = Bytes.fromHexString(
  "0x0000000000000000000000000000000000000000000000000000000000000000",
);
export const ZERO_ADDRESS = Address.zero();
const SECONDS_PER_DAY = 86400;

/** Id of an entity recording one log: transaction hash ++ log index. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** graph-node `Timestamp`: microseconds since the epoch. */
export function timestampOf(event: ethereum.Event): i64 {
  return event.block.timestamp.toI64() * 1000000;
}

export function ensureAccount(address: Bytes): Account {
  let account = Account.load(address);
  if (account == null) {
    account = new Account(address);
    account.save();
  }
  return account;
}

/** The token entity, which the factory's handler created before any of the token's events run. */
export function loadToken(address: Bytes): PropertyToken {
  const token = PropertyToken.load(address);
  if (token == null) {
    log.critical("Property token {} is not indexed: was it launched by the factory?", [address.toHexString()]);
  }
  return token!;
}

export function loadHolding(token: Bytes, account: Bytes): Holding {
  const id = token.concat(account);
  let holding = Holding.load(id);
  if (holding == null) {
    ensureAccount(account);
    holding = new Holding(id);
    holding.token = token;
    holding.account = account;
    holding.balance = BigInt.zero();
    holding.frozen = false;
    holding.frozenAmount = BigInt.zero();
    holding.held = BigInt.zero();
    holding.rentClaimed = BigInt.zero();
    holding.capitalClaimed = BigInt.zero();
  }
  return holding;
}

/**
 * The capital returned that `holding` accrued since its last claim, brought up to date at its balance now: call it
 * before the balance changes and at a claim. The token's capitalPerUnit only grows, so the units held since the last
 * update accrued the difference. Null (nothing to keep) while the token has returned no capital.
 */
export function settleCapital(token: PropertyToken, holding: Holding): CapitalAccrual | null {
  if (token.capitalPerUnit.isZero()) return null;
  let accrual = CapitalAccrual.load(holding.id);
  if (accrual == null) {
    accrual = new CapitalAccrual(holding.id);
    accrual.perUnitSettled = BigInt.zero();
    accrual.accrued = BigInt.zero();
  }
  accrual.accrued = accrual.accrued.plus(holding.balance.times(token.capitalPerUnit.minus(accrual.perUnitSettled)));
  accrual.perUnitSettled = token.capitalPerUnit;
  return accrual;
}

export function loadPartitionHolding(token: Bytes, account: Bytes, partition: Bytes): PartitionHolding {
  const id = token.concat(account).concat(partition);
  let holding = PartitionHolding.load(id);
  if (holding == null) {
    holding = new PartitionHolding(id);
    holding.holding = token.concat(account);
    holding.token = token;
    holding.account = account;
    holding.partition = partition;
    holding.balance = BigInt.zero();
    holding.held = BigInt.zero();
  }
  return holding;
}

export function loadTokenPartition(token: Bytes, partition: Bytes): TokenPartition {
  const id = token.concat(partition);
  let entity = TokenPartition.load(id);
  if (entity == null) {
    entity = new TokenPartition(id);
    entity.token = token;
    entity.partition = partition;
    entity.totalSupply = BigInt.zero();
    entity.holderCount = 0;
  }
  return entity;
}

/** The token's snapshot of the event's UTC day (created with the token's current state). */
export function loadDailySnapshot(token: PropertyToken, event: ethereum.Event): TokenDailySnapshot {
  const day = <i32>(event.block.timestamp.toI64() / SECONDS_PER_DAY);
  const id = token.id.concatI32(day);
  let snapshot = TokenDailySnapshot.load(id);
  if (snapshot == null) {
    snapshot = new TokenDailySnapshot(id);
    snapshot.token = token.id;
    snapshot.day = day;
    snapshot.date = <i64>day * SECONDS_PER_DAY * 1000000;
    snapshot.transferCount = 0;
    snapshot.transferVolume = BigInt.zero();
    snapshot.issued = BigInt.zero();
    snapshot.redeemed = BigInt.zero();
    snapshot.rentDeposited = BigInt.zero();
    snapshot.rentClaimed = BigInt.zero();
    snapshot.capitalDeposited = BigInt.zero();
    snapshot.capitalClaimed = BigInt.zero();
  }
  snapshot.holderCount = token.holderCount;
  snapshot.totalSupply = token.totalSupply;
  return snapshot;
}
