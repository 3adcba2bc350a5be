/**
 * A model of the IdentityRegistry's registration and freeze rules (contracts/identity/IdentityRegistry.sol), for
 * tests that apply the KYC outbox to it and check what the chain would say. Only what decides `isVerified`:
 *
 * - a wallet never changes identity: its record keeps the identity after removal, and registering it again under
 *   another identity reverts (RegistryIdentityMismatch); registering a registered wallet reverts;
 * - `setFrozen(wallet, f)` freezes or unfreezes the wallet's identity (`_frozenIdentities[identity] = f`), every
 *   wallet of it; it reverts for a wallet that is not registered (never registered, or removed);
 * - the freeze is the identity's: removing a wallet and registering it again keeps it (`_remove` keeps FLAG_FROZEN,
 *   `_register` of a primary wallet copies the identity's freeze, a secondary wallet reads it);
 * - `isVerified`: registered (a removed record has no expiry), unexpired, and the identity not frozen.
 *
 * The kyc expiry is not modelled: the tests register with expiries a year away.
 */
import type { Db } from "../db/client.ts";

export interface OutboxRow {
  seq: number;
  kind: "REGISTER" | "UPDATE" | "REMOVE" | "FREEZE" | "UNFREEZE";
  wallet: string;
  identity: string | null;
}

interface WalletRecord {
  identity: string;
  registered: boolean;
}

export class RegistryModel {
  private readonly records = new Map<string, WalletRecord>();
  private readonly frozenIdentities = new Set<string>();
  /** Rows the contract would refuse (the compliance agent sets them aside): none should ever be queued. */
  readonly reverts: string[] = [];

  apply(row: OutboxRow): void {
    const refuse = (why: string): void => {
      this.reverts.push(`#${row.seq} ${row.kind} ${row.wallet}: ${why}`);
    };
    const record = this.records.get(row.wallet);
    switch (row.kind) {
      case "REGISTER": {
        const identity = row.identity ?? row.wallet;
        if (record?.registered) return refuse("RegistryWalletAlreadyRegistered");
        if (record && record.identity !== identity)
          return refuse(`RegistryIdentityMismatch (${record.identity} != ${identity})`);
        this.records.set(row.wallet, { identity, registered: true });
        return;
      }
      case "UPDATE":
      case "REMOVE":
        if (!record?.registered) return refuse("RegistryWalletNotRegistered");
        if (row.kind === "REMOVE") record.registered = false;
        return;
      case "FREEZE":
      case "UNFREEZE":
        if (!record?.registered) return refuse("RegistryWalletNotRegistered");
        if (row.kind === "FREEZE") this.frozenIdentities.add(record.identity);
        else this.frozenIdentities.delete(record.identity);
        return;
    }
  }

  identityOf(wallet: string): string | null {
    return this.records.get(wallet)?.identity ?? null;
  }

  /** Every wallet whose record names this identity (registered or removed). */
  walletsOf(identity: string): string[] {
    return [...this.records].filter(([, r]) => r.identity === identity).map(([w]) => w);
  }

  isRegistered(wallet: string): boolean {
    return this.records.get(wallet)?.registered ?? false;
  }

  isFrozen(wallet: string): boolean {
    const identity = this.identityOf(wallet);
    return identity !== null && this.frozenIdentities.has(identity);
  }

  isVerified(wallet: string): boolean {
    return this.isRegistered(wallet) && !this.isFrozen(wallet);
  }
}

/** The registry as it stands once every queued row of these wallets is applied, in `seq` order. */
export async function registryAfterOutbox(db: Db, wallets: readonly string[]): Promise<RegistryModel> {
  const rows = await db.onchainIdentityChange.findMany({
    where: { wallet: { in: [...wallets] } },
    orderBy: { seq: "asc" },
    select: { seq: true, kind: true, wallet: true, identity: true },
  });
  const model = new RegistryModel();
  for (const row of rows) model.apply({ ...row, seq: Number(row.seq) });
  return model;
}
