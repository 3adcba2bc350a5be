/**
 * The KYC application state machine and the single funnel every status change goes through: the allowed-move
 * table, an optimistic-concurrency update (the row must still have the version the caller read), a history
 * row and an audit entry, all in the caller's transaction.
 */
import { BLOCKING_KYC_STATUSES, notifyInvestorBlocked } from "../notifications/investor-blocked.ts";
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import type { Tx } from "../db/client.ts";
import type { KycStatus, Prisma } from "../generated/prisma/client.ts";
import { InvalidTransitionError, VersionMismatchError } from "../core/errors.ts";

export const TRANSITIONS: Record<KycStatus, readonly KycStatus[]> = {
  SUBMITTED: ["UNDER_REVIEW", "REJECTED"],
  UNDER_REVIEW: ["APPROVED", "REJECTED", "MORE_INFO_REQUESTED"],
  MORE_INFO_REQUESTED: ["SUBMITTED", "REJECTED"],
  APPROVED: ["EXPIRED", "REVOKED"],
  REJECTED: [],
  EXPIRED: [],
  REVOKED: [],
};

/** Statuses in which an investor has a live application (at most one, enforced by a partial unique index). */
export const LIVE_STATUSES: readonly KycStatus[] = ["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED"];

export interface ApplicationState {
  id: string;
  status: KycStatus;
  version: number;
}

/** The non-personal facts of an application that audit entries may carry. */
export function auditView(app: {
  status: KycStatus;
  wallet: string;
  residenceCountry: number;
  pepDeclared: boolean;
  accreditationClaimed: boolean;
  submissionCount: number;
  approvedCountry: number | null;
  accredited: boolean | null;
  kycExpiresAt: Date | null;
  reviewerId: string | null;
}): Record<string, unknown> {
  return {
    status: app.status,
    wallet: app.wallet,
    residenceCountry: app.residenceCountry,
    pepDeclared: app.pepDeclared,
    accreditationClaimed: app.accreditationClaimed,
    submissionCount: app.submissionCount,
    approvedCountry: app.approvedCountry,
    accredited: app.accredited,
    kycExpiresAt: app.kycExpiresAt?.toISOString() ?? null,
    reviewerId: app.reviewerId,
  };
}

export interface MoveOptions {
  actor: Actor | null;
  /** Audit action, e.g. `kyc.approved`. */
  action: string;
  /** Reason, request or terms recorded in the history (never personal data). */
  note?: string;
  details?: Prisma.InputJsonValue;
  /** Other columns changed with the status. */
  data?: Prisma.KycApplicationUncheckedUpdateManyInput;
}

export function assertTransition(app: ApplicationState, to: KycStatus): void {
  if (!TRANSITIONS[app.status].includes(to)) throw new InvalidTransitionError("KYC application", app.status, to);
}

/** Moves an application to `to`; `expectedVersion` is the version the caller read. Returns the new row. */
export async function moveStatus(
  tx: Tx,
  app: ApplicationState,
  expectedVersion: number,
  to: KycStatus,
  options: MoveOptions,
) {
  assertTransition(app, to);
  if (app.version !== expectedVersion) throw new VersionMismatchError(app.version);
  const before = await tx.kycApplication.findUniqueOrThrow({ where: { id: app.id } });
  const updated = await tx.kycApplication.updateMany({
    where: { id: app.id, version: expectedVersion, status: app.status },
    data: { ...options.data, status: to, version: { increment: 1 } },
  });
  if (updated.count !== 1) {
    const current = await tx.kycApplication.findUniqueOrThrow({ where: { id: app.id }, select: { version: true } });
    throw new VersionMismatchError(current.version);
  }
  const after = await tx.kycApplication.findUniqueOrThrow({ where: { id: app.id } });
  // The managers of the offerings they subscribed to learn only that a subscriber can no longer take part (issue 16).
  if (BLOCKING_KYC_STATUSES.includes(to))
    await notifyInvestorBlocked(tx, { applicationId: app.id, version: after.version, wallet: after.wallet });
  await tx.kycStatusChange.create({
    data: {
      applicationId: app.id,
      fromStatus: app.status,
      toStatus: to,
      actorId: options.actor?.id ?? null,
      note: options.note ?? null,
      ...(options.details === undefined ? {} : { details: options.details }),
    },
  });
  await recordAudit(tx, {
    actor: options.actor,
    action: options.action,
    entityType: "kyc_application",
    entityId: app.id,
    before: auditView(before),
    after: { ...auditView(after), ...(options.note === undefined ? {} : { note: options.note }) },
  });
  return after;
}
