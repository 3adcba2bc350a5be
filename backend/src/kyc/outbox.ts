/**
 * The transactional outbox toward the on-chain IdentityRegistry. Rows are written with the transaction that
 * makes the off-chain change, so the chain worker (issue 5) sees exactly the committed changes, in `seq` order,
 * and nothing is sent for a change that rolled back.
 *
 * Mapping to IdentityRegistry functions (docs/design/contracts.md):
 *   REGISTER -> registerIdentity(wallet, identity, country, kycExpiry, accredited)
 *   UPDATE   -> updateIdentity(wallet, country, kycExpiry, accredited)
 *   REMOVE   -> removeIdentity(wallet)
 *   FREEZE / UNFREEZE -> setFrozen(wallet, true / false)
 */
import type { Tx } from "../db/client.ts";
import type { OnchainChangeKind } from "../generated/prisma/enums.ts";

export interface OutboxInput {
  kind: OnchainChangeKind;
  wallet: string;
  reason: string;
  applicationId: string;
  identity?: string;
  country?: number;
  kycExpiry?: Date;
  accredited?: boolean;
}

export async function enqueueIdentityChange(tx: Tx, input: OutboxInput): Promise<void> {
  await tx.onchainIdentityChange.create({
    data: {
      kind: input.kind,
      wallet: input.wallet,
      reason: input.reason,
      applicationId: input.applicationId,
      identity: input.identity ?? null,
      country: input.country ?? null,
      kycExpiry: input.kycExpiry ?? null,
      accredited: input.accredited ?? null,
    },
  });
}

/** Whether the last registration change queued for this wallet leaves it registered on chain. */
export async function isQueuedAsRegistered(tx: Tx, wallet: string): Promise<boolean> {
  const last = await tx.onchainIdentityChange.findFirst({
    where: { wallet, kind: { in: ["REGISTER", "REMOVE"] } },
    orderBy: { seq: "desc" },
    select: { kind: true },
  });
  return last?.kind === "REGISTER";
}

/** The on-chain identity a wallet is registered under (the last REGISTER), or null when it is not registered. */
export async function registeredIdentityOf(tx: Tx, wallet: string): Promise<string | null> {
  const last = await tx.onchainIdentityChange.findFirst({
    where: { wallet, kind: { in: ["REGISTER", "REMOVE"] } },
    orderBy: { seq: "desc" },
    select: { kind: true, identity: true },
  });
  return last?.kind === "REGISTER" ? (last.identity ?? wallet) : null;
}

/**
 * The on-chain identity of a wallet: the identity of its first registration, or null if it was never registered. A
 * wallet never changes identity: its record keeps the identity after removal, and registering it again under
 * another one reverts (IdentityRegistry `_register`, RegistryIdentityMismatch).
 */
export async function identityOfWallet(tx: Tx, wallet: string): Promise<string | null> {
  const first = await tx.onchainIdentityChange.findFirst({
    where: { wallet, kind: "REGISTER" },
    orderBy: { seq: "asc" },
    select: { identity: true },
  });
  return first ? (first.identity ?? wallet) : null;
}

/** Every wallet ever registered under this identity (registered now or removed): the wallets its freeze stops. */
export async function walletsOfIdentity(tx: Tx, identity: string): Promise<string[]> {
  const rows = await tx.onchainIdentityChange.findMany({
    where: { kind: "REGISTER", OR: [{ identity }, { identity: null, wallet: identity }] },
    distinct: ["wallet"],
    select: { wallet: true },
  });
  return rows.map((r) => r.wallet);
}

/**
 * Whether the changes queued leave this identity frozen on chain. As the contract has it: `setFrozen(wallet, f)`
 * freezes or unfreezes the wallet's whole identity (`_frozenIdentities`, which every wallet of it reads), and
 * nothing else changes it: removing a wallet keeps the freeze, registering one again (a primary wallet copies it
 * back into its record) too. So the last FREEZE or UNFREEZE queued on any wallet of the identity decides. (Both are
 * only queued for a wallet registered at that point: on a wallet that is not, setFrozen reverts.)
 */
export async function isIdentityQueuedAsFrozen(tx: Tx, identity: string): Promise<boolean> {
  const last = await tx.onchainIdentityChange.findFirst({
    where: { wallet: { in: await walletsOfIdentity(tx, identity) }, kind: { in: ["FREEZE", "UNFREEZE"] } },
    orderBy: { seq: "desc" },
    select: { kind: true },
  });
  return last?.kind === "FREEZE";
}

/** The wallets of this identity that the queued changes leave registered (setFrozen may name any of them). */
export async function registeredWalletsOfIdentity(tx: Tx, identity: string): Promise<string[]> {
  const registered: string[] = [];
  for (const wallet of await walletsOfIdentity(tx, identity))
    if (await isQueuedAsRegistered(tx, wallet)) registered.push(wallet);
  return registered;
}
