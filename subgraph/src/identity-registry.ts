// The identity registry (static data source): one record per wallet, with its history. The chain holds no
// personal data: an opaque identity id, a country code, the KYC expiry and two flags.
import { Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  IdentityRegistered,
  IdentityRemoved,
  IdentityUpdated,
  WalletFrozen,
} from "../generated/IdentityRegistry/IdentityRegistry";
import { IdentityEvent, IdentityRecord } from "../generated/schema";
import { ensureAccount, eventId, timestampOf } from "./common";

function recordEvent(event: ethereum.Event, record: IdentityRecord, action: string): void {
  const entry = new IdentityEvent(eventId(event));
  entry.record = record.id;
  entry.action = action;
  entry.identity = record.identity;
  entry.country = record.country;
  entry.kycExpiry = record.kycExpiry;
  entry.accredited = record.accredited;
  entry.frozen = record.frozen;
  entry.timestamp = timestampOf(event);
  entry.transaction = event.transaction.hash;
  entry.save();
}

function loadRecord(event: ethereum.Event, wallet: Bytes): IdentityRecord | null {
  const record = IdentityRecord.load(wallet);
  if (record == null)
    log.warning("Identity registry {}: no record for wallet {}", [event.address.toHexString(), wallet.toHexString()]);
  return record;
}

export function handleIdentityRegistered(event: IdentityRegistered): void {
  const p = event.params;
  const account = ensureAccount(p.wallet);
  let record = IdentityRecord.load(p.wallet);
  if (record == null) {
    record = new IdentityRecord(p.wallet);
    record.account = p.wallet;
  }
  record.registry = event.address;
  record.identity = p.identity;
  record.country = p.country;
  record.kycExpiry = p.kycExpiry;
  record.accredited = p.accredited;
  record.frozen = false;
  record.registered = true;
  record.registeredAt = timestampOf(event);
  record.updatedAt = timestampOf(event);
  record.save();
  account.identity = record.id;
  account.save();
  recordEvent(event, record, "REGISTERED");
}

export function handleIdentityUpdated(event: IdentityUpdated): void {
  const p = event.params;
  const record = loadRecord(event, p.wallet);
  if (record == null) return;
  record.identity = p.identity;
  record.country = p.country;
  record.kycExpiry = p.kycExpiry;
  record.accredited = p.accredited;
  record.updatedAt = timestampOf(event);
  record.save();
  recordEvent(event, record, "UPDATED");
}

export function handleIdentityRemoved(event: IdentityRemoved): void {
  const record = loadRecord(event, event.params.wallet);
  if (record == null) return;
  record.registered = false;
  record.updatedAt = timestampOf(event);
  record.save();
  recordEvent(event, record, "REMOVED");
}

export function handleWalletFrozen(event: WalletFrozen): void {
  const record = loadRecord(event, event.params.wallet);
  if (record == null) return;
  record.frozen = event.params.frozen;
  record.updatedAt = timestampOf(event);
  record.save();
  recordEvent(event, record, event.params.frozen ? "FROZEN" : "UNFROZEN");
}
