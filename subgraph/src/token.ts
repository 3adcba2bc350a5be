// Property token (template, one data source per token the factory launched).
//
// Balances: the ERC-20 `Transfer` event is the single funnel. The token emits it exactly once per balance change
// (mint from 0, burn to 0), so holdings, supply and holder counts change only in `handleTransfer`: nothing is
// ever counted twice. The partition of a move comes from the ERC-1410 event the token emits immediately before
// that `Transfer` in the same transaction (`TransferByPartition`, `IssuedByPartition`, `RedeemedByPartition`);
// a `Transfer` without one is a default-partition move (plain ERC-20 transfers, ERC-1594 issue/redeem, and the
// default-partition part of a controller move). ERC-1594 `Issued`/`Redeemed` follow their `Transfer` and are not
// indexed: an issuance or redemption names its operator only when an ERC-1410 event preceded it.
import { BigInt, Bytes, ethereum, log, store } from "@graphprotocol/graph-ts";
import {
  AddressFrozen,
  Closed,
  ControllableFinalized,
  ControllerRedemption,
  ControllerTransfer,
  CountryModeSet,
  CountryRestrictionSet,
  DocumentRemoved,
  DocumentUpdated,
  HoldCreated,
  HoldReleased,
  IssuanceFinalized,
  IssuedByPartition,
  MaxBalancePerIdentitySet,
  MaxHoldersSet,
  PartitionRulesSet,
  Paused,
  RedeemedByPartition,
  TokensFrozen,
  TokensUnfrozen,
  Transfer as TransferEvent,
  TransferByPartition,
  Unpaused,
} from "../generated/templates/PropertyToken/PropertyToken";
import {
  ControllerAction,
  CountryRule,
  Document,
  DocumentRevision,
  Issuance,
  PartitionRule,
  PendingPartitionMove,
  PropertyToken,
  Redemption,
  Transfer,
} from "../generated/schema";
import {
  DEFAULT_PARTITION,
  ZERO_ADDRESS,
  eventId,
  loadDailySnapshot,
  loadHolding,
  loadPartitionHolding,
  loadToken,
  loadTokenPartition,
  settleCapital,
  timestampOf,
} from "./common";

// ------------------------------------------------------------------------------------------- the balance funnel

function rememberPartitionMove(
  event: ethereum.Event,
  partition: Bytes,
  operator: Bytes,
  from: Bytes,
  to: Bytes,
  value: BigInt,
): void {
  const pending = new PendingPartitionMove(event.address);
  pending.transaction = event.transaction.hash;
  pending.logIndex = event.logIndex;
  pending.partition = partition;
  pending.operator = operator;
  pending.from = from;
  pending.to = to;
  pending.value = value;
  pending.save();
}

export function handleTransferByPartition(event: TransferByPartition): void {
  const p = event.params;
  rememberPartitionMove(event, p.fromPartition, p.operator, p.from, p.to, p.value);
}

export function handleIssuedByPartition(event: IssuedByPartition): void {
  const p = event.params;
  rememberPartitionMove(event, p.partition, p.operator, ZERO_ADDRESS, p.to, p.value);
}

export function handleRedeemedByPartition(event: RedeemedByPartition): void {
  const p = event.params;
  rememberPartitionMove(event, p.partition, p.operator, p.from, ZERO_ADDRESS, p.value);
}

/** Moves `value` into (`sign` 1) or out of (`sign` -1) `account`'s holding on `partition`. */
function applyDelta(token: PropertyToken, account: Bytes, partition: Bytes, value: BigInt, sign: i32): void {
  const delta = sign > 0 ? value : value.neg();
  const holding = loadHolding(token.id, account);
  // The capital returned the units held so far accrued, before they change (a claim splits its payment with it).
  const accrual = settleCapital(token, holding);
  if (accrual != null) accrual.save();
  const before = holding.balance;
  holding.balance = before.plus(delta);
  if (holding.balance.lt(BigInt.zero())) {
    log.critical("Negative balance for {} in token {}", [account.toHexString(), token.id.toHexString()]);
  }
  if (before.isZero() && !holding.balance.isZero()) token.holderCount += 1;
  if (!before.isZero() && holding.balance.isZero()) token.holderCount -= 1;
  holding.save();

  const partitionHolding = loadPartitionHolding(token.id, account, partition);
  const partitionBefore = partitionHolding.balance;
  partitionHolding.balance = partitionBefore.plus(delta);
  partitionHolding.save();

  const tokenPartition = loadTokenPartition(token.id, partition);
  if (partitionBefore.isZero() && !partitionHolding.balance.isZero()) tokenPartition.holderCount += 1;
  if (!partitionBefore.isZero() && partitionHolding.balance.isZero()) tokenPartition.holderCount -= 1;
  tokenPartition.save();
}

function changePartitionSupply(token: Bytes, partition: Bytes, delta: BigInt): void {
  const tokenPartition = loadTokenPartition(token, partition);
  tokenPartition.totalSupply = tokenPartition.totalSupply.plus(delta);
  tokenPartition.save();
}

export function handleTransfer(event: TransferEvent): void {
  const p = event.params;
  const token = loadToken(event.address);

  let partition = DEFAULT_PARTITION;
  let operator: Bytes | null = null;
  const pending = PendingPartitionMove.load(event.address);
  if (pending != null) {
    const follows =
      pending.transaction.equals(event.transaction.hash) &&
      pending.logIndex.plus(BigInt.fromI32(1)).equals(event.logIndex);
    if (follows && pending.from.equals(p.from) && pending.to.equals(p.to) && pending.value.equals(p.value)) {
      partition = pending.partition;
      operator = pending.operator;
    } else {
      log.warning("Partition event at log {} of tx {} has no matching Transfer", [
        pending.logIndex.toString(),
        pending.transaction.toHexString(),
      ]);
    }
    store.remove("PendingPartitionMove", event.address.toHexString());
  }

  const isIssue = p.from.equals(ZERO_ADDRESS);
  const isRedeem = p.to.equals(ZERO_ADDRESS);
  if (!isIssue) applyDelta(token, p.from, partition, p.value, -1);
  if (!isRedeem) applyDelta(token, p.to, partition, p.value, 1);

  const snapshot = loadDailySnapshot(token, event);
  const id = eventId(event);
  if (isIssue) {
    token.totalSupply = token.totalSupply.plus(p.value);
    token.totalIssued = token.totalIssued.plus(p.value);
    changePartitionSupply(token.id, partition, p.value);
    snapshot.issued = snapshot.issued.plus(p.value);
    const issuance = new Issuance(id);
    issuance.token = token.id;
    issuance.operator = operator;
    issuance.to = p.to;
    issuance.value = p.value;
    issuance.partition = partition;
    issuance.timestamp = timestampOf(event);
    issuance.transaction = event.transaction.hash;
    issuance.save();
  } else if (isRedeem) {
    token.totalSupply = token.totalSupply.minus(p.value);
    token.totalRedeemed = token.totalRedeemed.plus(p.value);
    changePartitionSupply(token.id, partition, p.value.neg());
    snapshot.redeemed = snapshot.redeemed.plus(p.value);
    const redemption = new Redemption(id);
    redemption.token = token.id;
    redemption.operator = operator;
    redemption.from = p.from;
    redemption.value = p.value;
    redemption.partition = partition;
    redemption.timestamp = timestampOf(event);
    redemption.transaction = event.transaction.hash;
    redemption.save();
  } else {
    token.transferCount += 1;
    token.transferVolume = token.transferVolume.plus(p.value);
    snapshot.transferCount += 1;
    snapshot.transferVolume = snapshot.transferVolume.plus(p.value);
  }
  token.save();
  snapshot.holderCount = token.holderCount;
  snapshot.totalSupply = token.totalSupply;
  snapshot.save();

  const transfer = new Transfer(id);
  transfer.token = token.id;
  transfer.kind = isIssue ? "ISSUE" : isRedeem ? "REDEEM" : "TRANSFER";
  transfer.from = p.from;
  transfer.to = p.to;
  transfer.value = p.value;
  transfer.partition = partition;
  transfer.operator = operator;
  transfer.blockNumber = event.block.number;
  transfer.timestamp = timestampOf(event);
  transfer.transaction = event.transaction.hash;
  transfer.logIndex = event.logIndex;
  transfer.save();
}

// ------------------------------------------------------------------------------------------- controller (ERC-1644)

function recordControllerAction(
  event: ethereum.Event,
  kind: string,
  controller: Bytes,
  from: Bytes,
  to: Bytes,
  value: BigInt,
  data: Bytes,
  operatorData: Bytes,
): void {
  const action = new ControllerAction(eventId(event));
  action.token = event.address;
  action.kind = kind;
  action.controller = controller;
  action.from = from;
  action.to = to;
  action.value = value;
  action.data = data;
  action.operatorData = operatorData;
  action.timestamp = timestampOf(event);
  action.transaction = event.transaction.hash;
  action.save();
}

export function handleControllerTransfer(event: ControllerTransfer): void {
  const p = event.params;
  recordControllerAction(event, "TRANSFER", p.controller, p.from, p.to, p.value, p.data, p.operatorData);
}

export function handleControllerRedemption(event: ControllerRedemption): void {
  const p = event.params;
  recordControllerAction(
    event,
    "REDEMPTION",
    p.controller,
    p.tokenHolder,
    ZERO_ADDRESS,
    p.value,
    p.data,
    p.operatorData,
  );
}

export function handleControllableFinalized(event: ControllableFinalized): void {
  const token = loadToken(event.address);
  token.controllable = false;
  token.save();
}

export function handleIssuanceFinalized(event: IssuanceFinalized): void {
  const token = loadToken(event.address);
  token.issuable = false;
  token.save();
}

// ------------------------------------------------------------------------------------------- documents (ERC-1643)

function recordDocument(event: ethereum.Event, name: Bytes, uri: string, documentHash: Bytes, removed: boolean): void {
  const id = event.address.concat(name);
  let document = Document.load(id);
  if (document == null) {
    document = new Document(id);
    document.token = event.address;
    document.name = name;
  }
  document.uri = uri;
  document.documentHash = documentHash;
  document.removed = removed;
  document.updatedAt = timestampOf(event);
  document.save();

  const revision = new DocumentRevision(eventId(event));
  revision.document = id;
  revision.uri = uri;
  revision.documentHash = documentHash;
  revision.removed = removed;
  revision.timestamp = timestampOf(event);
  revision.transaction = event.transaction.hash;
  revision.save();
}

export function handleDocumentUpdated(event: DocumentUpdated): void {
  recordDocument(event, event.params.name, event.params.uri, event.params.documentHash, false);
}

export function handleDocumentRemoved(event: DocumentRemoved): void {
  recordDocument(event, event.params.name, event.params.uri, event.params.documentHash, true);
}

// ------------------------------------------------------------------------------------------- freezes and holds

export function handleAddressFrozen(event: AddressFrozen): void {
  const holding = loadHolding(event.address, event.params.wallet);
  holding.frozen = event.params.frozen;
  holding.save();
}

export function handleTokensFrozen(event: TokensFrozen): void {
  const holding = loadHolding(event.address, event.params.wallet);
  holding.frozenAmount = holding.frozenAmount.plus(event.params.amount);
  holding.save();
}

export function handleTokensUnfrozen(event: TokensUnfrozen): void {
  const holding = loadHolding(event.address, event.params.wallet);
  holding.frozenAmount = holding.frozenAmount.minus(event.params.amount);
  holding.save();
}

function changeHold(token: Bytes, holder: Bytes, partition: Bytes, delta: BigInt): void {
  const holding = loadHolding(token, holder);
  holding.held = holding.held.plus(delta);
  holding.save();
  const partitionHolding = loadPartitionHolding(token, holder, partition);
  partitionHolding.held = partitionHolding.held.plus(delta);
  partitionHolding.save();
}

export function handleHoldCreated(event: HoldCreated): void {
  changeHold(event.address, event.params.holder, event.params.partition, event.params.value);
}

export function handleHoldReleased(event: HoldReleased): void {
  changeHold(event.address, event.params.holder, event.params.partition, event.params.value.neg());
}

// ------------------------------------------------------------------------------------------- compliance configuration

export function handlePaused(event: Paused): void {
  const token = loadToken(event.address);
  token.paused = true;
  token.save();
}

/** The exit closed the token for good (issue 19); its Paused and IssuanceFinalized came just before. */
export function handleClosed(event: Closed): void {
  const token = loadToken(event.address);
  token.closed = true;
  token.closedAt = timestampOf(event);
  token.save();
}

export function handleUnpaused(event: Unpaused): void {
  const token = loadToken(event.address);
  token.paused = false;
  token.save();
}

export function handleMaxHoldersSet(event: MaxHoldersSet): void {
  const token = loadToken(event.address);
  token.maxHolders = event.params.maxHolders.toI32();
  token.save();
}

export function handleMaxBalancePerIdentitySet(event: MaxBalancePerIdentitySet): void {
  const token = loadToken(event.address);
  token.maxBalancePerIdentity = event.params.maxBalance;
  token.save();
}

export function handleCountryModeSet(event: CountryModeSet): void {
  const token = loadToken(event.address);
  token.countryAllowList = event.params.allowList;
  token.save();
}

export function handleCountryRestrictionSet(event: CountryRestrictionSet): void {
  const id = event.address.concatI32(event.params.country);
  let rule = CountryRule.load(id);
  if (rule == null) {
    rule = new CountryRule(id);
    rule.token = event.address;
    rule.country = event.params.country;
  }
  rule.restricted = event.params.restricted;
  rule.updatedAt = timestampOf(event);
  rule.save();
}

export function handlePartitionRulesSet(event: PartitionRulesSet): void {
  const id = event.address.concat(event.params.partition);
  let rule = PartitionRule.load(id);
  if (rule == null) {
    rule = new PartitionRule(id);
    rule.token = event.address;
    rule.partition = event.params.partition;
  }
  rule.lockUntil = event.params.lockUntil;
  rule.accreditedOnly = event.params.accreditedOnly;
  rule.updatedAt = timestampOf(event);
  rule.save();
}
