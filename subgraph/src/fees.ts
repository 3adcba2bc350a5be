// The platform's fee schedule (PlatformFees, static data source) and the fees paid, recorded by the handlers of
// the contracts that charge them (offering releases, rent deposits, fills) through `recordFee` (issue 20).
import { BigInt, Bytes, ethereum, store } from "@graphprotocol/graph-ts";
import {
  CollectorSet,
  FeeDecreased,
  FeeIncreaseAnnounced,
  FeeIncreaseApplied,
  FeeIncreaseCancelled,
  FeeInitialized,
  FeeOverrideRemoved,
  FeeOverrideSet,
} from "../generated/PlatformFees/PlatformFees";
import { FeeOverride, FeePayment, FeeSchedule, FeeTotal, PropertyFeeTotal } from "../generated/schema";
import { eventId, timestampOf } from "./common";

/** FeeKind of PlatformFees, in its order. */
const KINDS = ["PRIMARY", "RENT", "TRADE", "EXIT"];

export function kindName(kind: i32): string {
  return kind >= 0 && kind < KINDS.length ? KINDS[kind] : "UNKNOWN";
}

function loadSchedule(kind: i32, event: ethereum.Event): FeeSchedule {
  const id = kindName(kind);
  let schedule = FeeSchedule.load(id);
  if (schedule == null) {
    schedule = new FeeSchedule(id);
    schedule.bps = 0;
    schedule.collector = Bytes.empty();
  }
  schedule.updatedAt = timestampOf(event);
  return schedule;
}

function clearPending(schedule: FeeSchedule): void {
  // unset, not `= null`: a nullable Int assigned null in AssemblyScript stores 0
  schedule.unset("pendingBps");
  schedule.unset("pendingEffectiveAt");
}

export function handleFeeInitialized(event: FeeInitialized): void {
  const schedule = loadSchedule(event.params.kind, event);
  schedule.bps = event.params.bps;
  schedule.collector = event.params.collector;
  clearPending(schedule);
  schedule.save();
}

export function handleFeeIncreaseAnnounced(event: FeeIncreaseAnnounced): void {
  const schedule = loadSchedule(event.params.kind, event);
  schedule.pendingBps = event.params.newBps;
  schedule.pendingEffectiveAt = event.params.effectiveAt;
  schedule.save();
}

export function handleFeeIncreaseApplied(event: FeeIncreaseApplied): void {
  const schedule = loadSchedule(event.params.kind, event);
  schedule.bps = event.params.bps;
  clearPending(schedule);
  schedule.save();
}

export function handleFeeIncreaseCancelled(event: FeeIncreaseCancelled): void {
  const schedule = loadSchedule(event.params.kind, event);
  clearPending(schedule);
  schedule.save();
}

export function handleFeeDecreased(event: FeeDecreased): void {
  const schedule = loadSchedule(event.params.kind, event);
  schedule.bps = event.params.toBps;
  clearPending(schedule);
  schedule.save();
}

export function handleCollectorSet(event: CollectorSet): void {
  const schedule = loadSchedule(event.params.kind, event);
  schedule.collector = event.params.collector;
  schedule.save();
}

function overrideId(kind: i32, token: Bytes): string {
  return kindName(kind) + "-" + token.toHexString();
}

export function handleFeeOverrideSet(event: FeeOverrideSet): void {
  const o = new FeeOverride(overrideId(event.params.kind, event.params.token));
  o.kind = kindName(event.params.kind);
  o.token = event.params.token;
  o.bps = event.params.bps;
  o.updatedAt = timestampOf(event);
  o.save();
}

export function handleFeeOverrideRemoved(event: FeeOverrideRemoved): void {
  store.remove("FeeOverride", overrideId(event.params.kind, event.params.token));
}

/** One fee paid (`amount` > 0) on `token` in `paymentToken` to `collector`, with its totals per kind and per token. */
export function recordFee(
  event: ethereum.Event,
  kind: string,
  token: Bytes,
  paymentToken: Bytes,
  collector: Bytes,
  amount: BigInt,
): void {
  if (amount.isZero()) return;
  const payment = new FeePayment(eventId(event));
  payment.kind = kind;
  payment.token = token;
  payment.paymentToken = paymentToken;
  payment.collector = collector;
  payment.amount = amount;
  payment.blockNumber = event.block.number;
  payment.timestamp = timestampOf(event);
  payment.transaction = event.transaction.hash;
  payment.save();

  const totalId = kind + "-" + paymentToken.toHexString();
  let total = FeeTotal.load(totalId);
  if (total == null) {
    total = new FeeTotal(totalId);
    total.kind = kind;
    total.paymentToken = paymentToken;
    total.amount = BigInt.zero();
    total.payments = 0;
  }
  total.amount = total.amount.plus(amount);
  total.payments += 1;
  total.save();

  const byTokenId = token.toHexString() + "-" + totalId;
  let byToken = PropertyFeeTotal.load(byTokenId);
  if (byToken == null) {
    byToken = new PropertyFeeTotal(byTokenId);
    byToken.token = token;
    byToken.kind = kind;
    byToken.paymentToken = paymentToken;
    byToken.amount = BigInt.zero();
    byToken.payments = 0;
  }
  byToken.amount = byToken.amount.plus(amount);
  byToken.payments += 1;
  byToken.save();
}
