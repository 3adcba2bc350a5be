// Secondary-market settlement (static data source): orders held in escrow and their fills.
import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  FactoryAdded,
  OrderCancelled,
  OrderFilled,
  OrderPosted,
  TradeFeeCharged,
} from "../generated/Settlement/Settlement";
import { Fill, Order, PropertyToken, SettlementFactory } from "../generated/schema";
import { ZERO_ADDRESS, ensureAccount, eventId, timestampOf } from "./common";
import { recordFee } from "./fees";

function orderKey(settlement: Bytes, orderId: BigInt): Bytes {
  return settlement.concat(Bytes.fromByteArray(Bytes.fromBigInt(orderId)));
}

// Orders on tokens this factory did not launch are skipped (the settlement works with any token that
// implements holds): neither the order nor its fills are indexed.
function loadOrder(event: ethereum.Event, orderId: BigInt): Order | null {
  return Order.load(orderKey(event.address, orderId));
}

export function handleOrderPosted(event: OrderPosted): void {
  const p = event.params;
  if (PropertyToken.load(p.token) == null) {
    log.warning("Order {} skipped: token {} was not launched by the factory", [
      p.orderId.toString(),
      p.token.toHexString(),
    ]);
    return;
  }
  ensureAccount(p.seller);
  const order = new Order(orderKey(event.address, p.orderId));
  order.settlement = event.address;
  order.orderId = p.orderId;
  order.token = p.token;
  order.seller = p.seller;
  order.partition = p.partition;
  order.units = p.units;
  order.unitsFilled = BigInt.zero();
  order.unitsRemaining = p.units;
  order.pricePerUnit = p.pricePerUnit;
  order.paymentToken = p.paymentToken;
  order.buyer = p.buyer.equals(ZERO_ADDRESS) ? null : p.buyer;
  order.expiry = p.expiry;
  order.status = "OPEN";
  order.amountPaid = BigInt.zero();
  order.postedAt = timestampOf(event);
  order.transaction = event.transaction.hash;
  order.save();
}

export function handleOrderFilled(event: OrderFilled): void {
  const p = event.params;
  const order = loadOrder(event, p.orderId);
  if (order == null) return;
  ensureAccount(p.buyer);
  order.unitsFilled = order.unitsFilled.plus(p.units);
  order.unitsRemaining = order.unitsRemaining.minus(p.units);
  order.amountPaid = order.amountPaid.plus(p.paid);
  if (order.unitsRemaining.isZero()) order.status = "FILLED";
  order.save();

  const fill = new Fill(eventId(event));
  fill.order = order.id;
  fill.token = order.token;
  fill.buyer = p.buyer;
  fill.units = p.units;
  fill.paid = p.paid;
  fill.timestamp = timestampOf(event);
  fill.transaction = event.transaction.hash;
  fill.save();
}

export function handleOrderCancelled(event: OrderCancelled): void {
  const order = loadOrder(event, event.params.orderId);
  if (order == null) return;
  order.status = "CANCELLED";
  order.unitsReturned = event.params.unitsReturned;
  order.unitsRemaining = BigInt.zero();
  order.save();
}

export function handleFactoryAdded(event: FactoryAdded): void {
  const added = new SettlementFactory(event.address.concat(event.params.factory));
  added.settlement = event.address;
  added.factory = event.params.factory;
  added.timestamp = timestampOf(event);
  added.transaction = event.transaction.hash;
  added.save();
}

/** A fill's trade fee (emitted before its OrderFilled), in the order's payment token. */
export function handleTradeFeeCharged(event: TradeFeeCharged): void {
  const order = loadOrder(event, event.params.orderId);
  if (order == null) return;
  recordFee(event, "TRADE", order.token, order.paymentToken, event.params.collector, event.params.fee);
}
