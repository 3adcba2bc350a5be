/**
 * Screening KYC applications against the active sanctions list and the officer's decision on a possible match.
 *
 * Rules:
 * - a match at or above the threshold makes the screening PENDING_REVIEW, which blocks approval;
 * - a match an officer already cleared as a false positive for this application is not raised again when the
 *   list changes: only new hits go to review (the earlier decision is carried, with a reference);
 * - the freeze is the on-chain identity's, as the IdentityRegistry has it (setFrozen on a wallet freezes its whole
 *   identity, and the freeze survives removal and re-registration): an identity is kept frozen while any screening
 *   of any application of any of its wallets is open or confirmed, and unfrozen when the last one is cleared, or
 *   when one of its wallets is approved again with none left (`syncIdentityFreeze`);
 * - an exact wallet-address match cannot be cleared as a false positive;
 * - confirming a match rejects an open application, or revokes an approved one (the wallet stays frozen): the
 *   live application of every wallet of the identity (the match is the person's: the screened application, or when
 *   it is closed already the live one of its wallet, and the live one of each other wallet registered under the same
 *   on-chain identity); through the officer's own reject and revoke (kyc/decisions.ts), with the reason the investor
 *   reads (`investorReason`), one of the standard reasons officers may also give for their own decisions: the
 *   investor cannot tell the two apart;
 * - a screening changes nothing the investor reads (the risk copied onto the application does not touch updatedAt);
 * - every screening with a hit is decided on its own, the newest or not (issue 12.1): a resubmission screened clear
 *   leaves the earlier hits open, and they keep blocking approval (src/kyc/service.ts#approvalBlocker).
 */
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Db, Tx } from "../db/client.ts";
import type { AmlScreening, KycApplication, Prisma } from "../generated/prisma/client.ts";
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionMismatchError,
} from "../core/errors.ts";
import { screeningNames } from "../kyc/identity.ts";
import {
  enqueueIdentityChange,
  identityOfWallet,
  isIdentityQueuedAsFrozen,
  registeredWalletsOfIdentity,
  walletsOfIdentity,
} from "../kyc/outbox.ts";
import { openIdentity } from "../kyc/protection.ts";
import { LIVE_STATUSES } from "../kyc/workflow.ts";
import { rejectApplication, revokeApplication } from "../kyc/decisions.ts";
import { assertStandardInvestorReason } from "../kyc/investor-text.ts";
import { activeScreener, lockListsShared, type ListVersionRow } from "./lists.ts";
import { assessRisk } from "./risk/risk-score.ts";
import {
  DEFAULT_NAME_THRESHOLD,
  InvalidWalletAddressError,
  type ScreeningMatch,
  type Screener,
} from "./screening/screener.ts";

/** Similarities from here up count as near misses in the risk score (below the hit threshold). */
const NEAR_MISS_FLOOR = 0.75;

export type ScreeningTrigger = "submission" | "resubmission" | "list_update" | "manual";

export interface ScreenOptions {
  ring: KeyRing;
  list: { version: ListVersionRow; screener: Screener };
  trigger: ScreeningTrigger;
  actor: Actor | null;
  /** Officer's PEP finding; defaults to the previous screening's, then to the applicant's declaration. */
  pep?: boolean;
  manualFlags?: string[];
  threshold?: number;
}

const matchKey = (m: { kind: string; entNum: number }): string => `${m.kind}:${m.entNum}`;

export function screeningView(s: AmlScreening) {
  return {
    id: s.id,
    applicationId: s.applicationId,
    listVersionId: s.listVersionId,
    trigger: s.trigger,
    threshold: s.threshold,
    matches: s.matches as unknown as ScreeningMatch[],
    bestNameScore: s.bestNameScore,
    walletHit: s.walletHit,
    pep: s.pep,
    manualFlags: s.manualFlags,
    riskScore: s.riskScore,
    riskLevel: s.riskLevel,
    riskFactors: s.riskFactors as unknown,
    status: s.status,
    decidedById: s.decidedById,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decisionReason: s.decisionReason,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}

/** Screens one application (in the caller's transaction) and records the result. */
export async function screenApplication(tx: Tx, app: KycApplication, options: ScreenOptions): Promise<AmlScreening> {
  const threshold = options.threshold ?? DEFAULT_NAME_THRESHOLD;
  const { screener, version } = options.list;
  const identity = openIdentity(options.ring, app);
  const names = screeningNames(identity);
  const matches = screener.screen({ names, wallets: [app.wallet] }, threshold);
  const bestNameScore = Math.max(
    0,
    ...names.flatMap((n) => screener.screenName(n, NEAR_MISS_FLOOR).map((m) => m.score)),
  );
  const walletHit = matches.some((m) => m.kind === "wallet");

  const previous = await tx.amlScreening.findFirst({
    where: { applicationId: app.id },
    orderBy: { createdAt: "desc" },
  });
  const pep = options.pep ?? previous?.pep ?? app.pepDeclared;
  const manualFlags = options.manualFlags ?? previous?.manualFlags ?? [];
  const risk = assessRisk({
    bestNameScore,
    walletHit,
    pep,
    country: app.residenceCountry,
    manualFlags,
    nameThreshold: threshold,
  });

  const cleared = await tx.amlScreening.findMany({
    where: { applicationId: app.id, status: "FALSE_POSITIVE" },
    orderBy: { createdAt: "desc" },
    select: { id: true, matches: true, decidedById: true, decisionReason: true },
  });
  const clearedKeys = new Set(cleared.flatMap((c) => (c.matches as unknown as ScreeningMatch[]).map(matchKey)));
  const newHits = matches.filter((m) => !clearedKeys.has(matchKey(m)));

  let decision: Pick<Prisma.AmlScreeningCreateInput, "status" | "decidedById" | "decidedAt" | "decisionReason">;
  if (matches.length === 0) decision = { status: "CLEAR" };
  else if (newHits.length > 0) decision = { status: "PENDING_REVIEW" };
  else {
    const last = cleared[0]!;
    decision = {
      status: "FALSE_POSITIVE",
      decidedById: last.decidedById,
      decidedAt: new Date(),
      decisionReason: `matches cleared earlier (screening ${last.id}): ${last.decisionReason ?? ""}`.trim(),
    };
  }

  const screening = await tx.amlScreening.create({
    data: {
      application: { connect: { id: app.id } },
      listVersion: { connect: { id: version.id } },
      trigger: options.trigger,
      threshold,
      matches: JSON.parse(JSON.stringify(matches)) as Prisma.InputJsonValue,
      bestNameScore,
      walletHit,
      pep,
      manualFlags,
      riskScore: risk.score,
      riskLevel: risk.level,
      riskFactors: JSON.parse(JSON.stringify(risk.factors)) as Prisma.InputJsonValue,
      ...decision,
    },
  });
  // The queue sorts by the latest risk on an index (kyc_applications_status_riskScore_createdAt_id_idx). In SQL:
  // Prisma's @updatedAt would move updatedAt, which the investor reads, and tell them they were screened.
  await tx.$executeRaw`UPDATE kyc_applications SET "riskScore" = ${risk.score}, "riskLevel" = ${risk.level}
    WHERE id = ${app.id}::uuid`;
  await recordAudit(tx, {
    actor: options.actor,
    action: "aml.screened",
    entityType: "aml_screening",
    entityId: screening.id,
    after: {
      applicationId: app.id,
      listVersionId: version.id,
      trigger: options.trigger,
      status: screening.status,
      riskScore: risk.score,
      riskLevel: risk.level,
      matches: matches.map((m) => ({ kind: m.kind, entNum: m.entNum, score: m.score })),
    },
  });
  if (screening.status === "PENDING_REVIEW") await syncIdentityFreeze(tx, app);
  return screening;
}

/** Whether any screening of any application of the identity's wallets is open (PENDING_REVIEW) or confirmed. */
export async function identityHasUnresolvedHit(tx: Tx, identity: string): Promise<boolean> {
  const wallets = await walletsOfIdentity(tx, identity);
  const unresolved = await tx.amlScreening.count({
    where: { application: { wallet: { in: wallets } }, status: { in: ["PENDING_REVIEW", "CONFIRMED_MATCH"] } },
  });
  return unresolved > 0;
}

/**
 * Brings the freeze of the on-chain identity of `app`'s wallet in line with its hits: frozen while any hit on any of
 * its wallets is open or confirmed, unfrozen otherwise. Queues the FREEZE or UNFREEZE on a registered wallet of the
 * identity (`app`'s own when it is registered: setFrozen reverts on a wallet that is not); when none is registered,
 * nothing is verified on chain anyway, and the next approval of one of them brings it in line. A wallet that was
 * never registered has no identity on chain: nothing to do.
 */
export async function syncIdentityFreeze(
  tx: Tx,
  app: Pick<KycApplication, "id" | "wallet">,
  reason?: string,
): Promise<void> {
  const identity = await identityOfWallet(tx, app.wallet);
  if (identity === null) return;
  // one decision per identity at a time: a hit raised while another is cleared is seen by whichever decides second
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('identity-freeze'), hashtext(${identity}))`;
  const frozen = await identityHasUnresolvedHit(tx, identity);
  if (frozen === (await isIdentityQueuedAsFrozen(tx, identity))) return;
  const registered = await registeredWalletsOfIdentity(tx, identity);
  const wallet = registered.includes(app.wallet) ? app.wallet : registered[0];
  if (wallet === undefined) return;
  await enqueueIdentityChange(tx, {
    kind: frozen ? "FREEZE" : "UNFREEZE",
    wallet,
    reason: reason ?? (frozen ? "aml.hit" : "aml.cleared"),
    applicationId: app.id,
  });
}

export interface DecisionInput {
  decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH";
  /** The grounds (reviewers only). */
  reason: string;
  /**
   * What the investor reads when a confirmed match rejects or revokes their application: one of the standard
   * reasons (kyc/investor-text.ts), which officers may also give for their own decisions (issue 12.3).
   */
  investorReason?: string | undefined;
}

/** Applications a confirmed match rejects (an approved one it revokes; a closed one it leaves as it is). */
const OPEN_STATUSES: ReadonlySet<KycApplication["status"]> = new Set([
  "SUBMITTED",
  "UNDER_REVIEW",
  "MORE_INFO_REQUESTED",
]);

/**
 * The applications a confirmed match on `app` closes: the live application of every wallet of the person, the
 * screened wallet's first. On the screened wallet, the screened application while it is live, else the wallet's live
 * one (an earlier application screened again, or hit by a list while closed): a hit on any application of the wallet
 * bears on its approval (issue 12.1; it did leave the current one APPROVED, only frozen on chain). Then the live
 * application of each other wallet registered under the same on-chain identity (`sameIdentityAs`): the match is the
 * person's, and the freeze already stops every wallet of the identity on chain, so an approval left standing on one
 * of them (it was) would be a verified investor in the database only, and an open one could never be approved.
 */
async function applicationsClosedBy(tx: Tx, app: KycApplication): Promise<KycApplication[]> {
  const identity = await identityOfWallet(tx, app.wallet);
  const others = identity === null ? [] : (await walletsOfIdentity(tx, identity)).filter((w) => w !== app.wallet);
  const closed: KycApplication[] = [];
  for (const wallet of [app.wallet, ...others.sort()]) {
    if (wallet === app.wallet && LIVE_STATUSES.includes(app.status)) {
      closed.push(app);
      continue;
    }
    const live = await tx.kycApplication.findFirst({
      where: { wallet, status: { in: [...LIVE_STATUSES] } },
      orderBy: { createdAt: "desc" },
    });
    if (live) closed.push(live);
  }
  return closed;
}

/** What a confirmed match does to a live application it closes: revoke an approved one, reject an open one. */
function closingMove(app: KycApplication): "REJECTED" | "REVOKED" {
  if (app.status === "APPROVED") return "REVOKED";
  if (OPEN_STATUSES.has(app.status)) return "REJECTED";
  throw new Error(`a confirmed match cannot close a ${app.status} application`);
}

/** One application a confirmation would close, as reviewers read it on the screening. */
export interface ConfirmationClose {
  applicationId: string;
  status: KycApplication["status"];
  action: "reject" | "revoke";
  /** The screened wallet's (the screened application or the wallet's live one), else another wallet of the identity. */
  sameWallet: boolean;
}

/**
 * What confirming this screening would close now: a dry run of the decision's own `applicationsClosedBy`, so the
 * review page asks for the investor's reason exactly when the decision requires it. Nothing for a screening already
 * decided or clear (there is no confirmation to make). Reviewers only: the AML routes are theirs.
 */
export async function confirmationClosesOf(db: Tx, screening: AmlScreening): Promise<ConfirmationClose[]> {
  if (screening.status !== "PENDING_REVIEW") return [];
  const app = await db.kycApplication.findUniqueOrThrow({ where: { id: screening.applicationId } });
  return (await applicationsClosedBy(db, app)).map((c) => ({
    applicationId: c.id,
    status: c.status,
    action: closingMove(c) === "REVOKED" ? "revoke" : "reject",
    sameWallet: c.wallet === app.wallet,
  }));
}

/** A screening as reviewers read it: the record and what confirming it would close. */
export async function presentScreening(db: Tx, screening: AmlScreening) {
  return { ...screeningView(screening), confirmationCloses: await confirmationClosesOf(db, screening) };
}

/** A page of screenings as reviewers read them, one after the other (a few reads each for the pending ones). */
export async function presentScreenings(db: Tx, screenings: readonly AmlScreening[]) {
  const out = [];
  for (const s of screenings) out.push(await presentScreening(db, s));
  return out;
}

/**
 * The reason the investor will read, checked before anything is written: required exactly when the decision closes
 * an application, and one of the standard reasons (never free text, which no word gate can prove neutral).
 */
function investorReasonFor(input: DecisionInput, app: KycApplication, closing: readonly KycApplication[]): string {
  const refuse = (message: string): never => {
    throw new ValidationError(message, [{ path: "body.investorReason", message }]);
  };
  const given = input.investorReason;
  if (closing.length === 0) {
    if (given === undefined) return "";
    return refuse(
      input.decision === "FALSE_POSITIVE"
        ? "a false positive closes nothing: there is no reason for the investor to read; leave investorReason out"
        : `the application is already ${app.status} and no wallet of the identity has a live application: confirming the match closes nothing, so there is no reason for the investor to read; leave investorReason out`,
    );
  }
  if (given === undefined) {
    const moves = closing.map((c) => (closingMove(c) === "REVOKED" ? "revokes" : "rejects"));
    const what =
      closing.length === 1
        ? `${moves[0]} the application`
        : `closes ${closing.length} applications of the identity's wallets (${closing.map((c, i) => `${moves[i]} ${c.id}`).join(", ")})`;
    return refuse(`confirming this match ${what}: give investorReason, the reason the investor reads`);
  }
  // a standard reason only: free text cannot be proven neutral (kyc/investor-text.ts)
  return assertStandardInvestorReason(given, "investorReason");
}

export async function decideScreening(
  tx: Tx,
  actor: Actor,
  screeningId: string,
  expectedVersion: number,
  input: DecisionInput,
) {
  const screening = await tx.amlScreening.findUnique({ where: { id: screeningId }, include: { application: true } });
  if (!screening) throw new NotFoundError("AML screening", screeningId);
  const app = screening.application;
  if (app.applicantId === actor.id) throw new ForbiddenError("an officer cannot decide on their own screening");
  if (screening.status !== "PENDING_REVIEW")
    throw new InvalidTransitionError("AML screening", screening.status, input.decision);
  if (screening.version !== expectedVersion) throw new VersionMismatchError(screening.version);
  if (input.decision === "FALSE_POSITIVE" && screening.walletHit) {
    throw new RuleViolationError(
      "wallet_hit_not_clearable",
      "the wallet itself is on the sanctions list: an exact address match cannot be a false positive",
    );
  }
  const closing = input.decision === "CONFIRMED_MATCH" ? await applicationsClosedBy(tx, app) : [];
  if (closing.some((c) => c.applicantId === actor.id))
    throw new ForbiddenError("an officer cannot decide on a screening that would close their own application");
  const investorReason = investorReasonFor(input, app, closing);
  const updated = await tx.amlScreening.updateMany({
    where: { id: screening.id, version: expectedVersion, status: "PENDING_REVIEW" },
    data: {
      status: input.decision,
      decidedById: actor.id,
      decidedAt: new Date(),
      decisionReason: input.reason,
      version: { increment: 1 },
    },
  });
  if (updated.count !== 1) throw new VersionMismatchError(screening.version + 1);
  await recordAudit(tx, {
    actor,
    action: input.decision === "FALSE_POSITIVE" ? "aml.match_cleared" : "aml.match_confirmed",
    entityType: "aml_screening",
    entityId: screening.id,
    before: { status: screening.status },
    after: {
      status: input.decision,
      reason: input.reason,
      applicationId: app.id,
      ...(closing.some((c) => c.id !== app.id)
        ? { closedApplicationIds: closing.filter((c) => c.id !== app.id).map((c) => c.id) }
        : {}),
    },
  });

  if (input.decision === "FALSE_POSITIVE") {
    // the identity stays frozen while any other hit on any of its wallets is open or confirmed (issue 12.1: every
    // hit is decided on its own; the freeze is the identity's on chain)
    await syncIdentityFreeze(tx, app);
  }
  for (const c of closing) {
    // an officer's revocation as the investor sees it; the identity stays registered and frozen (kyc/decisions.ts)
    if (closingMove(c) === "REVOKED") await revokeApplication(tx, actor, c, c.version, investorReason, "freeze");
    else await rejectApplication(tx, actor, c, c.version, investorReason);
  }
  // a confirmed match keeps the identity frozen (already so since the hit, unless none of its wallets was registered)
  if (input.decision === "CONFIRMED_MATCH") await syncIdentityFreeze(tx, app);
  return tx.amlScreening.findUniqueOrThrow({ where: { id: screening.id } });
}

/** Names and wallet addresses against the active list, recording nothing (reviewers' ad-hoc check). */
export async function checkAgainstActiveList(
  db: Db,
  input: { names: string[]; wallets: string[]; threshold?: number | undefined },
) {
  const list = await activeScreener(db);
  if (!list) throw new RuleViolationError("screening_required", "no sanctions list is loaded");
  try {
    return {
      listVersionId: list.version.id,
      matches: list.screener.screen({ names: input.names, wallets: input.wallets }, input.threshold),
    };
  } catch (error) {
    if (error instanceof InvalidWalletAddressError)
      throw new ValidationError(error.message, [{ path: "body.wallets", message: error.message }]);
    throw error;
  }
}

/** A page of screenings, newest first, optionally only one status or one application's. */
export async function listScreenings(
  db: Db,
  query: {
    status?: AmlScreening["status"] | undefined;
    applicationId?: string | undefined;
    afterId?: string | undefined;
    limit: number;
  },
): Promise<AmlScreening[]> {
  return db.amlScreening.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.applicationId ? { applicationId: query.applicationId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
    ...(query.afterId ? { cursor: { id: query.afterId }, skip: 1 } : {}),
  });
}

export async function getScreening(db: Db, id: string): Promise<AmlScreening> {
  const row = await db.amlScreening.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("AML screening", id);
  return row;
}

/** A reviewer screens an application again against the active list (never their own application). */
export async function screenAgain(
  tx: Tx,
  ring: KeyRing,
  actor: Actor,
  applicationId: string,
  input: { pep?: boolean | undefined; manualFlags?: string[] | undefined },
): Promise<AmlScreening> {
  const app = await tx.kycApplication.findUnique({ where: { id: applicationId } });
  if (!app) throw new NotFoundError("KYC application", applicationId);
  if (app.applicantId === actor.id) throw new ForbiddenError("nobody screens their own KYC application");
  await lockListsShared(tx);
  const list = await activeScreener(tx);
  if (!list) throw new RuleViolationError("screening_required", "no sanctions list is loaded");
  return screenApplication(tx, app, {
    ring,
    list,
    trigger: "manual",
    actor,
    ...(input.pep === undefined ? {} : { pep: input.pep }),
    ...(input.manualFlags === undefined ? {} : { manualFlags: input.manualFlags }),
  });
}
