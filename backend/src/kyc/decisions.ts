/**
 * The end of an application as its investor sees it, whoever ends it: an officer (service.ts `reject`, `revoke`) or
 * a confirmed sanctions match (aml/screening-service.ts `decideScreening`). Both paths call these, so the investor
 * cannot tell a screening from an officer by what they receive (issue 12.3, tipping off): the same status, history,
 * notification, email and registry write as they read it. Callers check access and the reason's wording.
 */
import type { Actor } from "../auth/actor.ts";
import type { Tx } from "../db/client.ts";
import type { KycApplication } from "../generated/prisma/client.ts";
import { notify } from "../notifications/notify.ts";
import { enqueueIdentityChange, isQueuedAsRegistered } from "./outbox.ts";
import { COMPLIANCE_REVOCATION } from "./schemas.ts";
import { moveStatus } from "./workflow.ts";

export async function rejectApplication(
  tx: Tx,
  actor: Actor,
  app: KycApplication,
  expectedVersion: number,
  reason: string,
): Promise<KycApplication> {
  const rejected = await moveStatus(tx, app, expectedVersion, "REJECTED", {
    actor,
    action: "kyc.rejected",
    note: reason,
    data: { rejectionReason: reason, decidedAt: new Date(), decidedById: actor.id },
  });
  await notify(tx, { userId: app.applicantId, event: "KYC_DECIDED", data: { decision: "REJECTED" } });
  return rejected;
}

/**
 * Revokes an approved application. An officer's revocation removes the wallet from the registry; a confirmed
 * sanctions match (`registry: "freeze"`) must not: the identity stays registered and frozen, so the holder's tokens
 * are blocked, not orphaned. It queues a FREEZE (`COMPLIANCE_REVOCATION`) even when a hit already froze the wallet
 * (setFrozen is idempotent): that row is what the investor reads as the officer's REMOVE (`presentOnchainWrite`).
 */
export async function revokeApplication(
  tx: Tx,
  actor: Actor,
  app: KycApplication,
  expectedVersion: number,
  reason: string,
  registry: "remove" | "freeze",
): Promise<KycApplication> {
  const revoked = await moveStatus(tx, app, expectedVersion, "REVOKED", {
    actor,
    action: "kyc.revoked",
    note: reason,
    data: { revocationReason: reason, decidedAt: new Date(), decidedById: actor.id },
  });
  if (await isQueuedAsRegistered(tx, app.wallet)) {
    await enqueueIdentityChange(tx, {
      ...(registry === "remove" ? { kind: "REMOVE", reason: "kyc.revoked" } : COMPLIANCE_REVOCATION),
      wallet: app.wallet,
      applicationId: app.id,
    });
  }
  return revoked;
}
