/** Property rules: creation, edits, the status workflow, documents and units. Every change is audited. */
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import type { Db, Tx } from "../db/client.ts";
import type { Prisma, Property, PropertyStatus } from "../generated/prisma/client.ts";
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionMismatchError,
} from "../core/errors.ts";
import type { UploadedFile } from "../core/uploaded-file.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { actsAsStakeholder, canSee, loadManaged, loadVisible, lockProperty } from "./access.ts";
import type { CreatePropertyBody, DocumentUploadBody, UnitBody, UpdatePropertyBody } from "./schemas.ts";
import { EDITABLE_STATUSES, findTransition } from "./workflow.ts";

type CreateInput = z.infer<typeof CreatePropertyBody>;
type UpdateInput = z.infer<typeof UpdatePropertyBody>;

function descriptive(input: Partial<CreateInput>): Prisma.PropertyUncheckedUpdateInput {
  const data: Prisma.PropertyUncheckedUpdateInput = {};
  const keys = [
    "name",
    "description",
    "type",
    "addressLine1",
    "addressLine2",
    "city",
    "region",
    "postalCode",
    "country",
    "latitude",
    "longitude",
    "landAreaSqm",
    "floorAreaSqm",
    "yearBuilt",
    "floors",
    "bedrooms",
    "bathrooms",
    "parkingSpaces",
    "amenities",
  ] as const;
  for (const key of keys) {
    if (input[key] !== undefined) (data as Record<string, unknown>)[key] = input[key];
  }
  return data;
}

async function ensureUser(tx: Tx, id: string, field: string): Promise<void> {
  if (!(await tx.user.findUnique({ where: { id }, select: { id: true } }))) {
    throw new ValidationError(`${field} does not name a user`, [{ path: `body.${field}`, message: "unknown user" }]);
  }
}

export async function createProperty(tx: Tx, actor: Actor, input: CreateInput): Promise<Property> {
  const ownerId = input.ownerId ?? actor.id;
  const managerId = input.managerId ?? actor.id;
  if (!hasRole(actor, "ADMIN") && (ownerId !== actor.id || managerId !== actor.id)) {
    throw new ForbiddenError("only admins may register a property for another owner or manager");
  }
  if (ownerId !== actor.id) await ensureUser(tx, ownerId, "ownerId");
  if (managerId !== actor.id) await ensureUser(tx, managerId, "managerId");
  const property = await tx.property.create({
    data: {
      ...(descriptive(input) as Prisma.PropertyUncheckedCreateInput),
      name: input.name,
      type: input.type,
      addressLine1: input.addressLine1,
      city: input.city,
      country: input.country,
      currency: input.currency,
      ownerId,
      managerId,
      statusChangedById: actor.id,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "property.created",
    entityType: "property",
    entityId: property.id,
    after: property,
  });
  return property;
}

async function updateVersioned(
  tx: Tx,
  id: string,
  expectedVersion: number,
  data: Prisma.PropertyUncheckedUpdateInput,
): Promise<Property> {
  const result = await tx.property.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (result.count === 0) {
    const current = await tx.property.findUnique({ where: { id }, select: { version: true } });
    if (!current) throw new NotFoundError("property", id);
    throw new VersionMismatchError(current.version);
  }
  return tx.property.findUniqueOrThrow({ where: { id } });
}

export async function updateProperty(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  changes: UpdateInput,
): Promise<Property> {
  const before = await loadManaged(tx, actor, id);
  if (!EDITABLE_STATUSES.includes(before.status)) {
    throw new RuleViolationError(
      "property_frozen",
      `a ${before.status} property cannot be edited; withdraw it to DRAFT first`,
    );
  }
  const after = await updateVersioned(tx, id, expectedVersion, descriptive(changes));
  await recordAudit(tx, { actor, action: "property.updated", entityType: "property", entityId: id, before, after });
  return after;
}

export async function transitionProperty(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  to: PropertyStatus,
  reason: string | undefined,
): Promise<Property> {
  const before = await lockProperty(tx, id);
  if (!before || !canSee(actor, before)) throw new NotFoundError("property", id);
  const transition = findTransition(before.status, to);
  if (!transition) throw new InvalidTransitionError("property", before.status, to);
  const allowed = transition.by.some((mover) =>
    mover === "stakeholder"
      ? actsAsStakeholder(actor, before) || hasRole(actor, "ADMIN")
      : mover === "officer"
        ? hasRole(actor, "COMPLIANCE_OFFICER")
        : hasRole(actor, "ADMIN"),
  );
  if (!allowed)
    throw new ForbiddenError(
      `moving a property from ${before.status} to ${to} is reserved to: ${transition.by.join(", ")}`,
    );
  if (transition.reasonRequired && !reason)
    throw new ValidationError("a reason is required for this transition", [
      { path: "body.reason", message: "required" },
    ]);
  if (transition.requiresVerifiedTitle) {
    const title = await tx.landTitle.findUnique({ where: { propertyId: id }, select: { status: true } });
    if (title?.status !== "VERIFIED")
      throw new RuleViolationError("title_not_verified", "a property cannot be verified without a verified land title");
  }
  const now = new Date();
  const after = await updateVersioned(tx, id, expectedVersion, {
    status: to,
    statusChangedAt: now,
    statusChangedById: actor.id,
    rejectionReason:
      to === "REJECTED" ? (reason ?? null) : before.status === "REJECTED" ? null : before.rejectionReason,
  });
  await tx.propertyStatusChange.create({
    data: { propertyId: id, from: before.status, to, actorId: actor.id, reason: reason ?? null, at: now },
  });
  await recordAudit(tx, {
    actor,
    action: "property.status_changed",
    entityType: "property",
    entityId: id,
    before: { status: before.status, version: before.version },
    after: { status: to, reason: reason ?? null, version: after.version },
  });
  return after;
}

function ensureActive(p: Property): void {
  if (p.status === "ARCHIVED")
    throw new RuleViolationError("property_archived", "an archived property cannot be changed");
}

export async function addDocument(
  tx: Tx,
  storage: BlobStorage,
  actor: Actor,
  id: string,
  input: z.infer<typeof DocumentUploadBody>,
  file: UploadedFile,
) {
  const property = await loadManaged(tx, actor, id);
  ensureActive(property);
  // The type recorded is the one found in the content (415 when the declared type or a PDF header lies).
  const contentType = await file.contentType();
  // Content-addressed: storing first is safe; if the transaction then fails, the blob is an unreferenced duplicate.
  const blob = await storage.putFile(file.path, file.sha256, file.size);
  const document = await tx.propertyDocument.create({
    data: {
      propertyId: id,
      kind: input.kind,
      fileName: file.originalName,
      contentType,
      sizeBytes: blob.size,
      sha256: blob.sha256,
      uploadedById: actor.id,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "property.document_added",
    entityType: "property",
    entityId: id,
    after: document,
  });
  return document;
}

export async function addUnit(tx: Tx, actor: Actor, id: string, input: z.infer<typeof UnitBody>) {
  const property = await loadManaged(tx, actor, id);
  ensureActive(property);
  const unit = await tx.propertyUnit.create({
    data: {
      propertyId: id,
      label: input.label,
      floorAreaSqm: input.floorAreaSqm ?? null,
      bedrooms: input.bedrooms ?? null,
    },
  });
  await recordAudit(tx, { actor, action: "property.unit_added", entityType: "property", entityId: id, after: unit });
  return unit;
}

export { loadVisible };

/** Status history of a property the actor may see, oldest first. */
export async function propertyHistory(db: Db, actor: Actor | null, id: string) {
  await loadVisible(db, actor, id);
  return db.propertyStatusChange.findMany({ where: { propertyId: id }, orderBy: { at: "asc" } });
}

/** Documents (metadata) of a property the actor may see, oldest first. */
export async function propertyDocuments(db: Db, actor: Actor | null, id: string) {
  await loadVisible(db, actor, id);
  return db.propertyDocument.findMany({ where: { propertyId: id }, orderBy: { createdAt: "asc" } });
}

/** A document of a property the actor may see, with its bytes from the blob store. */
export async function propertyDocumentContent(
  db: Db,
  storage: BlobStorage,
  actor: Actor | null,
  id: string,
  documentId: string,
) {
  await loadVisible(db, actor, id);
  const doc = await db.propertyDocument.findUnique({ where: { id: documentId } });
  if (!doc || doc.propertyId !== id) throw new NotFoundError("document", documentId);
  const bytes = await storage.get(doc.sha256);
  if (!bytes) throw new NotFoundError("document content", doc.sha256);
  return { doc, bytes };
}

/** Units of a property the actor may see, by label. */
export async function propertyUnits(db: Db, actor: Actor | null, id: string) {
  await loadVisible(db, actor, id);
  return db.propertyUnit.findMany({ where: { propertyId: id }, orderBy: { label: "asc" } });
}
