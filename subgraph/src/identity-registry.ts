// The identity registry (static data source): one record per wallet, with its history. The chain holds no
// personal data: an opaque identity id, a country code, the KYC expiry and two flags.
//
// Freezes, as IdentityRegistry keeps them: a freeze is the identity's (`_frozenIdentities`), set through any of its
// wallets (`WalletFrozen` then `IdentityFrozen`); `isFrozen(wallet)` is that flag for every wallet of the identity
// (the primary wallet mirrors it in its record, kept by a removal and copied back by a registration again; a secondary
// wallet reads it). So a record's `frozen` is its identity's IdentityFreeze, applied to all the identity's wallets.
import { Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  IdentityFrozen,
  IdentityRegistered,
  IdentityRemoved,
  IdentityUpdated,
  WalletFrozen,
} from "../generated/IdentityRegistry/IdentityRegistry";
import { IdentityEvent, IdentityFreeze, IdentityRecord } from "../generated/schema";
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
  // A wallet registered (again) to a frozen identity is frozen: the registry copies the freeze to a primary wallet and
  // applies it to a secondary one.
  const freeze = identityFreeze(p.identity);
  let known = false;
  for (let i = 0; i < freeze.wallets.length; i++) if (freeze.wallets[i].equals(p.wallet)) known = true;
  if (!known) {
    const wallets = freeze.wallets;
    wallets.push(p.wallet);
    freeze.wallets = wallets;
    freeze.save();
  }
  record.frozen = freeze.frozen;
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

function identityFreeze(identity: Bytes): IdentityFreeze {
  let freeze = IdentityFreeze.load(identity);
  if (freeze == null) {
    freeze = new IdentityFreeze(identity);
    freeze.frozen = false;
    freeze.wallets = [];
  }
  return freeze;
}

/** Sets `record`'s freeze and records the change (nothing when it already is so). */
function setFrozen(event: ethereum.Event, record: IdentityRecord, frozen: boolean): void {
  if (record.frozen == frozen) return;
  record.frozen = frozen;
  record.updatedAt = timestampOf(event);
  record.save();
  const entry = new IdentityEvent(eventId(event).concat(record.id));
  entry.record = record.id;
  entry.action = frozen ? "FROZEN" : "UNFROZEN";
  entry.identity = record.identity;
  entry.country = record.country;
  entry.kycExpiry = record.kycExpiry;
  entry.accredited = record.accredited;
  entry.frozen = frozen;
  entry.timestamp = timestampOf(event);
  entry.transaction = event.transaction.hash;
  entry.save();
}

// The wallet named: its identity's `IdentityFrozen` follows in the same call and applies the freeze to every wallet
// of the identity, this one included (setFrozen refuses an unregistered wallet, so its record exists).
export function handleWalletFrozen(event: WalletFrozen): void {
  const record = loadRecord(event, event.params.wallet);
  if (record == null) return;
  setFrozen(event, record, event.params.frozen);
}

export function handleIdentityFrozen(event: IdentityFrozen): void {
  const freeze = identityFreeze(event.params.identity);
  freeze.frozen = event.params.frozen;
  freeze.save();
  for (let i = 0; i < freeze.wallets.length; i++) {
    const record = IdentityRecord.load(freeze.wallets[i]);
    if (record != null) setFrozen(event, record, event.params.frozen);
  }
}
