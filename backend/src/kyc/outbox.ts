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

/** Whether the changes queued for this wallet leave it frozen on chain (a removal or new registration resets the record). */
export async function isQueuedAsFrozen(tx: Tx, wallet: string): Promise<boolean> {
  const last = await tx.onchainIdentityChange.findFirst({
    where: { wallet, kind: { in: ["FREEZE", "UNFREEZE", "REMOVE", "REGISTER"] } },
    orderBy: { seq: "desc" },
    select: { kind: true },
  });
  return last?.kind === "FREEZE";
}
