/**
 * Land title rules: one title per property, title number unique within a jurisdiction, the title document must
 * be a TITLE_DEED on file for the property, verification by a compliance officer only, ownership history kept as
 * dated records, encumbrances registered and released. Anyone can check a document against what was recorded.
 */
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { statementByPdfHash } from "../statements/service.ts";
import type { Db, Tx } from "../db/client.ts";
import type { LandTitle, Prisma } from "../generated/prisma/client.ts";
import {
  DuplicateError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionMismatchError,
} from "../core/errors.ts";
import { parseDateOnly } from "../core/schemas.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { canManage, canSee, isStakeholder, loadManaged } from "../properties/access.ts";
import { documentAnchors } from "../chain/document-anchors.ts";
import {
  anchorOf,
  type CreateTitleBody,
  type DocumentMatch,
  type EncumbranceBody,
  type TransferBody,
  type UpdateTitleBody,
} from "./schemas.ts";

async function titleDocument(tx: Tx, propertyId: string, documentId: string) {
  const doc = await tx.propertyDocument.findUnique({ where: { id: documentId } });
  if (!doc || doc.propertyId !== propertyId)
    throw new ValidationError("documentId must name a document of this property", [
      { path: "body.documentId", message: "unknown document" },
    ]);
  if (doc.kind !== "TITLE_DEED")
    throw new RuleViolationError("not_a_title_deed", "the title document must be uploaded with kind TITLE_DEED");
  return doc;
}

async function ensureNumberFree(tx: Tx, jurisdiction: string, titleNumber: string, exceptId?: string): Promise<void> {
  const clash = await tx.landTitle.findUnique({
    where: { jurisdiction_titleNumber: { jurisdiction, titleNumber } },
    select: { id: true },
  });
  if (clash && clash.id !== exceptId)
    throw new DuplicateError(`title ${titleNumber} is already recorded in ${jurisdiction}`);
}

export async function createTitle(
  tx: Tx,
  actor: Actor,
  propertyId: string,
  input: z.infer<typeof CreateTitleBody>,
): Promise<LandTitle> {
  const property = await loadManaged(tx, actor, propertyId);
  if (property.status === "ARCHIVED")
    throw new RuleViolationError("property_archived", "an archived property cannot be changed");
  if (await tx.landTitle.findUnique({ where: { propertyId }, select: { id: true } }))
    throw new DuplicateError("this property already has a land title");
  await ensureNumberFree(tx, input.jurisdiction, input.titleNumber);
  const doc = await titleDocument(tx, propertyId, input.documentId);
  const title = await tx.landTitle.create({
    data: {
      propertyId,
      jurisdiction: input.jurisdiction,
      titleNumber: input.titleNumber,
      parcelId: input.parcelId,
      registryOffice: input.registryOffice,
      ownerOfRecord: input.ownerOfRecord,
      tenure: input.tenure,
      leaseholdExpiresOn: input.leaseholdExpiresOn ? parseDateOnly(input.leaseholdExpiresOn) : null,
      areaSqm: input.areaSqm,
      documentId: doc.id,
      documentSha256: doc.sha256,
      ownership: {
        create: {
          owner: input.ownerOfRecord,
          acquiredOn: parseDateOnly(input.acquiredOn),
          instrument: input.instrument,
          recordedById: actor.id,
        },
      },
    },
  });
  await recordAudit(tx, {
    actor,
    action: "title.recorded",
    entityType: "land_title",
    entityId: title.id,
    after: title,
  });
  return title;
}

async function lockTitle(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM land_titles WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.landTitle.findUnique({
    where: { id },
    include: { property: { select: { ownerId: true, managerId: true, status: true } } },
  });
}

async function loadTitleFor(tx: Tx, actor: Actor, id: string) {
  const title = await lockTitle(tx, id);
  if (!title || !canSee(actor, title.property)) throw new NotFoundError("land title", id);
  return title;
}

async function updateVersioned(
  tx: Tx,
  id: string,
  expectedVersion: number,
  data: Prisma.LandTitleUncheckedUpdateInput,
): Promise<LandTitle> {
  const result = await tx.landTitle.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (result.count === 0) {
    const current = await tx.landTitle.findUnique({ where: { id }, select: { version: true } });
    if (!current) throw new NotFoundError("land title", id);
    throw new VersionMismatchError(current.version);
  }
  return tx.landTitle.findUniqueOrThrow({ where: { id } });
}

export async function getTitle(db: Db, actor: Actor | null, id: string) {
  const title = await db.landTitle.findUnique({
    where: { id },
    include: {
      encumbrances: { orderBy: { registeredOn: "asc" } },
      property: { select: { ownerId: true, managerId: true, status: true } },
    },
  });
  if (!title || !canSee(actor, title.property)) throw new NotFoundError("land title", id);
  return title;
}

export async function getOwnership(db: Db, actor: Actor | null, id: string) {
  await getTitle(db, actor, id);
  return db.titleOwnershipRecord.findMany({
    where: { titleId: id },
    orderBy: [{ acquiredOn: "asc" }, { createdAt: "asc" }],
  });
}

export async function updateTitle(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  changes: z.infer<typeof UpdateTitleBody>,
): Promise<LandTitle> {
  const before = await loadTitleFor(tx, actor, id);
  if (!canManage(actor, before.property))
    throw new ForbiddenError("only the owner, the manager or an admin may change this title");
  if (before.status === "VERIFIED")
    throw new RuleViolationError(
      "title_verified",
      "a verified title cannot be edited; record a transfer or an encumbrance instead",
    );
  const jurisdiction = changes.jurisdiction ?? before.jurisdiction;
  const titleNumber = changes.titleNumber ?? before.titleNumber;
  const tenure = changes.tenure ?? before.tenure;
  const leaseholdExpiresOn =
    changes.leaseholdExpiresOn !== undefined
      ? changes.leaseholdExpiresOn
      : (before.leaseholdExpiresOn?.toISOString().slice(0, 10) ?? null);
  if (tenure === "LEASEHOLD" && !leaseholdExpiresOn)
    throw new ValidationError("a leasehold title needs leaseholdExpiresOn", [
      { path: "body.leaseholdExpiresOn", message: "required" },
    ]);
  if (changes.jurisdiction || changes.titleNumber) await ensureNumberFree(tx, jurisdiction, titleNumber, id);
  const data: Prisma.LandTitleUncheckedUpdateInput = { status: "PENDING", rejectionReason: null };
  if (changes.jurisdiction) data.jurisdiction = changes.jurisdiction;
  if (changes.titleNumber) data.titleNumber = changes.titleNumber;
  if (changes.parcelId) data.parcelId = changes.parcelId;
  if (changes.registryOffice) data.registryOffice = changes.registryOffice;
  if (changes.tenure) data.tenure = changes.tenure;
  if (changes.areaSqm) data.areaSqm = changes.areaSqm;
  if (changes.leaseholdExpiresOn !== undefined)
    data.leaseholdExpiresOn = changes.leaseholdExpiresOn ? parseDateOnly(changes.leaseholdExpiresOn) : null;
  if (changes.documentId) {
    const doc = await titleDocument(tx, before.propertyId, changes.documentId);
    data.documentId = doc.id;
    data.documentSha256 = doc.sha256;
  }
  const after = await updateVersioned(tx, id, expectedVersion, data);
  const { property: _p, ...plainBefore } = before;
  await recordAudit(tx, {
    actor,
    action: "title.updated",
    entityType: "land_title",
    entityId: id,
    before: plainBefore,
    after,
  });
  return after;
}

export async function verifyTitle(
  tx: Tx,
  storage: BlobStorage,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<LandTitle> {
  const before = await loadTitleFor(tx, actor, id);
  if (before.status !== "PENDING") throw new InvalidTransitionError("land title", before.status, "VERIFIED");
  if (isStakeholder(actor, before.property))
    throw new ForbiddenError("an officer cannot verify a title of a property they own or manage");
  if (!(await storage.has(before.documentSha256)))
    throw new RuleViolationError(
      "title_document_missing",
      "the title document is not on file; it must be re-uploaded before verification",
    );
  const after = await updateVersioned(tx, id, expectedVersion, {
    status: "VERIFIED",
    verifiedById: actor.id,
    verifiedAt: new Date(),
    rejectionReason: null,
  });
  await recordAudit(tx, {
    actor,
    action: "title.verified",
    entityType: "land_title",
    entityId: id,
    before: { status: before.status },
    after: { status: after.status, documentSha256: after.documentSha256 },
  });
  return after;
}

export async function rejectTitle(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<LandTitle> {
  const before = await loadTitleFor(tx, actor, id);
  if (before.status !== "PENDING") throw new InvalidTransitionError("land title", before.status, "REJECTED");
  const after = await updateVersioned(tx, id, expectedVersion, {
    status: "REJECTED",
    rejectionReason: reason,
    verifiedById: null,
    verifiedAt: null,
  });
  await recordAudit(tx, {
    actor,
    action: "title.rejected",
    entityType: "land_title",
    entityId: id,
    before: { status: before.status },
    after: { status: after.status, reason },
  });
  return after;
}

function mayRecordOnTitle(actor: Actor, property: { ownerId: string; managerId: string | null }): boolean {
  return canManage(actor, property) || hasRole(actor, "COMPLIANCE_OFFICER");
}

export async function addEncumbrance(tx: Tx, actor: Actor, id: string, input: z.infer<typeof EncumbranceBody>) {
  const title = await loadTitleFor(tx, actor, id);
  if (!mayRecordOnTitle(actor, title.property))
    throw new ForbiddenError("encumbrances are recorded by the owner, the manager, an officer or an admin");
  const enc = await tx.encumbrance.create({
    data: {
      titleId: id,
      kind: input.kind,
      holder: input.holder,
      description: input.description,
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      reference: input.reference ?? null,
      registeredOn: parseDateOnly(input.registeredOn),
      recordedById: actor.id,
    },
  });
  await tx.landTitle.update({ where: { id }, data: { version: { increment: 1 } } });
  await recordAudit(tx, {
    actor,
    action: "title.encumbrance_registered",
    entityType: "land_title",
    entityId: id,
    after: enc,
  });
  return enc;
}

export async function releaseEncumbrance(tx: Tx, actor: Actor, id: string, encumbranceId: string, releasedOn: string) {
  const title = await loadTitleFor(tx, actor, id);
  if (!mayRecordOnTitle(actor, title.property))
    throw new ForbiddenError("encumbrances are released by the owner, the manager, an officer or an admin");
  const before = await tx.encumbrance.findUnique({ where: { id: encumbranceId } });
  if (!before || before.titleId !== id) throw new NotFoundError("encumbrance", encumbranceId);
  if (before.releasedOn) throw new RuleViolationError("already_released", "this encumbrance was already released");
  const date = parseDateOnly(releasedOn);
  if (date < before.registeredOn)
    throw new RuleViolationError(
      "release_before_registration",
      "an encumbrance cannot be released before it was registered",
    );
  const after = await tx.encumbrance.update({ where: { id: encumbranceId }, data: { releasedOn: date } });
  await tx.landTitle.update({ where: { id }, data: { version: { increment: 1 } } });
  await recordAudit(tx, {
    actor,
    action: "title.encumbrance_released",
    entityType: "land_title",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function recordTransfer(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof TransferBody>,
): Promise<LandTitle> {
  const before = await loadTitleFor(tx, actor, id);
  if (!hasRole(actor, "COMPLIANCE_OFFICER", "ADMIN"))
    throw new ForbiddenError("ownership transfers are recorded by compliance officers or admins");
  if (before.status !== "VERIFIED")
    throw new RuleViolationError("title_not_verified", "transfers are recorded on verified titles only");
  const current = await tx.titleOwnershipRecord.findFirst({
    where: { titleId: id, disposedOn: null },
    orderBy: { acquiredOn: "desc" },
  });
  const acquiredOn = parseDateOnly(input.acquiredOn);
  if (current && acquiredOn < current.acquiredOn)
    throw new RuleViolationError(
      "transfer_before_acquisition",
      "a transfer cannot predate the current owner's acquisition",
    );
  if (current) await tx.titleOwnershipRecord.update({ where: { id: current.id }, data: { disposedOn: acquiredOn } });
  await tx.titleOwnershipRecord.create({
    data: {
      titleId: id,
      owner: input.newOwner,
      acquiredOn,
      instrument: input.instrument,
      consideration: input.consideration ?? null,
      recordedById: actor.id,
    },
  });
  const after = await updateVersioned(tx, id, expectedVersion, { ownerOfRecord: input.newOwner });
  await recordAudit(tx, {
    actor,
    action: "title.ownership_transferred",
    entityType: "land_title",
    entityId: id,
    before: { ownerOfRecord: before.ownerOfRecord },
    after: { ownerOfRecord: after.ownerOfRecord, acquiredOn: input.acquiredOn, instrument: input.instrument },
  });
  return after;
}

/**
 * Does this hash match a recorded title document or property document? Only documents of properties the caller
 * may see count: for anonymous callers, public properties only. A draft's deed is neither confirmed nor denied
 * to outsiders (it answers `recorded: false`, as for a file never recorded), so the check cannot be used to
 * probe what an owner has filed but not published.
 */
export async function checkDocument(
  db: Db,
  actor: Actor | null,
  sha256: string,
): Promise<{ sha256: string; recorded: boolean; matches: z.infer<typeof DocumentMatch>[] }> {
  const property = { select: { ownerId: true, managerId: true, status: true } } as const;
  const [allTitles, allDocuments, allStatements, investorStatement] = await Promise.all([
    db.landTitle.findMany({
      where: { documentSha256: sha256 },
      include: { property },
      orderBy: { createdAt: "asc" },
      take: 100,
    }),
    db.propertyDocument.findMany({
      where: { sha256 },
      include: { property },
      orderBy: { createdAt: "asc" },
      take: 100,
    }),
    // Closed financial period statements (src/financials), anchored on the token like documents.
    db.financialPeriod.findMany({
      where: { statementSha256: sha256, status: "CLOSED" },
      include: { property },
      orderBy: { closedAt: "asc" },
      take: 100,
    }),
    // Investor statement PDFs (src/statements): anyone holding one may confirm it, learning only kind and period.
    statementByPdfHash(db, sha256),
  ]);
  const titles = allTitles.filter((t) => canSee(actor, t.property)).slice(0, 20);
  const documents = allDocuments.filter((d) => canSee(actor, d.property)).slice(0, 20);
  const statements = allStatements.filter((p) => canSee(actor, p.property)).slice(0, 20);
  // Property documents are anchored on their property's token (src/chain/anchoring.ts); titles carry their anchor.
  const anchors = await documentAnchors(
    db,
    [...documents, ...statements].map((d) => d.propertyId),
    sha256,
  );
  const matches: z.infer<typeof DocumentMatch>[] = [
    ...titles.map((t) => ({
      kind: "land_title" as const,
      propertyId: t.propertyId,
      recordedAt: t.createdAt.toISOString(),
      jurisdiction: t.jurisdiction,
      titleNumber: t.titleNumber,
      titleStatus: t.status,
      anchoredOnChain: anchorOf(t) !== null,
      anchor: anchorOf(t),
    })),
    ...documents.map((d) => ({
      kind: "property_document" as const,
      propertyId: d.propertyId,
      recordedAt: d.createdAt.toISOString(),
      documentKind: d.kind,
      anchoredOnChain: anchors.has(d.propertyId),
      anchor: anchors.get(d.propertyId) ?? null,
    })),
    ...statements.map((p) => ({
      kind: "financial_statement" as const,
      propertyId: p.propertyId,
      recordedAt: (p.closedAt ?? p.createdAt).toISOString(),
      documentKind: "FINANCIAL_STATEMENT",
      anchoredOnChain: anchors.has(p.propertyId),
      anchor: anchors.get(p.propertyId) ?? null,
    })),
    ...(investorStatement
      ? [
          {
            kind: "investor_statement" as const,
            propertyId: null,
            recordedAt: investorStatement.createdAt.toISOString(),
            documentKind: investorStatement.kind,
            period: investorStatement.label,
            issuer: "Freehold",
            anchoredOnChain: false,
            anchor: null,
          },
        ]
      : []),
  ];
  return { sha256, recorded: matches.length > 0, matches };
}
