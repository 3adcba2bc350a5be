-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "LeaseStatus" AS ENUM ('DRAFT', 'ACTIVE', 'TERMINATED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RentFrequency" AS ENUM ('MONTHLY', 'QUARTERLY');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('BANK_TRANSFER', 'CARD', 'CHEQUE', 'CASH', 'STABLECOIN');

-- CreateEnum
CREATE TYPE "PropertyType" AS ENUM ('RESIDENTIAL', 'MULTIFAMILY', 'COMMERCIAL', 'INDUSTRIAL', 'RETAIL', 'HOSPITALITY', 'MIXED_USE', 'LAND');

-- CreateEnum
CREATE TYPE "PropertyStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'VERIFIED', 'TOKENIZED', 'OFFERING', 'FUNDED', 'REJECTED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "ValuationMethod" AS ENUM ('APPRAISAL', 'BROKER_OPINION', 'AUTOMATED', 'PURCHASE_PRICE', 'INCOME_APPROACH');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('IMAGE', 'TITLE_DEED', 'SURVEY', 'INSPECTION', 'VALUATION_REPORT', 'INSURANCE', 'PERMIT', 'TAX', 'OTHER');

-- CreateEnum
CREATE TYPE "Tenure" AS ENUM ('FREEHOLD', 'LEASEHOLD', 'COMMONHOLD', 'STRATA', 'CUSTOMARY', 'OTHER');

-- CreateEnum
CREATE TYPE "TitleStatus" AS ENUM ('PENDING', 'VERIFIED', 'REJECTED');

-- CreateEnum
CREATE TYPE "EncumbranceKind" AS ENUM ('MORTGAGE', 'LIEN', 'EASEMENT', 'COVENANT', 'LEASE', 'CAVEAT', 'OTHER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'COMPLIANCE_OFFICER', 'PROPERTY_MANAGER', 'INVESTOR');

-- CreateTable
CREATE TABLE "audit_entries" (
    "seq" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorAddress" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "leases" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "tenantName" TEXT NOT NULL,
    "tenantEmail" TEXT,
    "tenantUserId" UUID,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "rentAmount" DECIMAL(18,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "frequency" "RentFrequency" NOT NULL DEFAULT 'MONTHLY',
    "dueDay" INTEGER NOT NULL DEFAULT 1,
    "depositAmount" DECIMAL(18,2) NOT NULL,
    "escalationPercent" DECIMAL(5,2) NOT NULL DEFAULT 0,
    "noticePeriodDays" INTEGER NOT NULL DEFAULT 30,
    "status" "LeaseStatus" NOT NULL DEFAULT 'DRAFT',
    "activatedAt" TIMESTAMP(3),
    "terminatedOn" DATE,
    "terminationReason" TEXT,
    "createdById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "leases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rent_schedule_entries" (
    "id" UUID NOT NULL,
    "leaseId" UUID NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "dueDate" DATE NOT NULL,
    "amountDue" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "rent_schedule_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rent_payments" (
    "id" UUID NOT NULL,
    "leaseId" UUID NOT NULL,
    "scheduleEntryId" UUID NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "fees" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "paidOn" DATE NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "reference" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rent_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "properties" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "managerId" UUID,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "PropertyType" NOT NULL,
    "status" "PropertyStatus" NOT NULL DEFAULT 'DRAFT',
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "city" TEXT NOT NULL,
    "region" TEXT,
    "postalCode" TEXT,
    "country" CHAR(2) NOT NULL,
    "latitude" DECIMAL(9,6),
    "longitude" DECIMAL(9,6),
    "landAreaSqm" DECIMAL(14,2),
    "floorAreaSqm" DECIMAL(14,2),
    "yearBuilt" INTEGER,
    "floors" INTEGER,
    "bedrooms" INTEGER,
    "bathrooms" INTEGER,
    "parkingSpaces" INTEGER,
    "amenities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "currency" CHAR(3) NOT NULL,
    "currentValuation" DECIMAL(18,2),
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedById" UUID,
    "rejectionReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "properties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "property_status_changes" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "from" "PropertyStatus" NOT NULL,
    "to" "PropertyStatus" NOT NULL,
    "actorId" UUID NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "property_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "valuations" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "ValuationMethod" NOT NULL,
    "valuer" TEXT NOT NULL,
    "valuedOn" DATE NOT NULL,
    "reportSha256" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "valuations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "property_documents" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "property_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "property_units" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "floorAreaSqm" DECIMAL(14,2),
    "bedrooms" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "property_units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "land_titles" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "titleNumber" TEXT NOT NULL,
    "parcelId" TEXT NOT NULL,
    "registryOffice" TEXT NOT NULL,
    "ownerOfRecord" TEXT NOT NULL,
    "tenure" "Tenure" NOT NULL,
    "leaseholdExpiresOn" DATE,
    "areaSqm" DECIMAL(14,2) NOT NULL,
    "documentId" UUID NOT NULL,
    "documentSha256" TEXT NOT NULL,
    "status" "TitleStatus" NOT NULL DEFAULT 'PENDING',
    "verifiedById" UUID,
    "verifiedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "anchorChainId" INTEGER,
    "anchorTxHash" TEXT,
    "anchoredAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "land_titles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "encumbrances" (
    "id" UUID NOT NULL,
    "titleId" UUID NOT NULL,
    "kind" "EncumbranceKind" NOT NULL,
    "holder" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(18,2),
    "currency" CHAR(3),
    "reference" TEXT,
    "registeredOn" DATE NOT NULL,
    "releasedOn" DATE,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "encumbrances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "title_ownership_records" (
    "id" UUID NOT NULL,
    "titleId" UUID NOT NULL,
    "owner" TEXT NOT NULL,
    "acquiredOn" DATE NOT NULL,
    "disposedOn" DATE,
    "instrument" TEXT NOT NULL,
    "consideration" DECIMAL(18,2),
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "title_ownership_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "email" TEXT,
    "displayName" TEXT,
    "roles" "Role"[] DEFAULT ARRAY['INVESTOR']::"Role"[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "siwe_nonces" (
    "nonce" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "siwe_nonces_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_hash_key" ON "audit_entries"("hash");

-- CreateIndex
CREATE INDEX "audit_entries_entityType_entityId_idx" ON "audit_entries"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "leases_propertyId_status_idx" ON "leases"("propertyId", "status");

-- CreateIndex
CREATE INDEX "leases_unitId_idx" ON "leases"("unitId");

-- CreateIndex
CREATE INDEX "rent_schedule_entries_dueDate_idx" ON "rent_schedule_entries"("dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "rent_schedule_entries_leaseId_periodStart_key" ON "rent_schedule_entries"("leaseId", "periodStart");

-- CreateIndex
CREATE INDEX "rent_payments_leaseId_paidOn_idx" ON "rent_payments"("leaseId", "paidOn");

-- CreateIndex
CREATE INDEX "rent_payments_scheduleEntryId_idx" ON "rent_payments"("scheduleEntryId");

-- CreateIndex
CREATE INDEX "properties_status_createdAt_id_idx" ON "properties"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "properties_type_status_idx" ON "properties"("type", "status");

-- CreateIndex
CREATE INDEX "properties_country_city_idx" ON "properties"("country", "city");

-- CreateIndex
CREATE INDEX "properties_currentValuation_idx" ON "properties"("currentValuation");

-- CreateIndex
CREATE INDEX "properties_ownerId_idx" ON "properties"("ownerId");

-- CreateIndex
CREATE INDEX "properties_managerId_idx" ON "properties"("managerId");

-- CreateIndex
CREATE INDEX "property_status_changes_propertyId_at_idx" ON "property_status_changes"("propertyId", "at");

-- CreateIndex
CREATE INDEX "valuations_propertyId_valuedOn_idx" ON "valuations"("propertyId", "valuedOn");

-- CreateIndex
CREATE INDEX "property_documents_propertyId_idx" ON "property_documents"("propertyId");

-- CreateIndex
CREATE INDEX "property_documents_sha256_idx" ON "property_documents"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "property_units_propertyId_label_key" ON "property_units"("propertyId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "land_titles_propertyId_key" ON "land_titles"("propertyId");

-- CreateIndex
CREATE INDEX "land_titles_documentSha256_idx" ON "land_titles"("documentSha256");

-- CreateIndex
CREATE UNIQUE INDEX "land_titles_jurisdiction_titleNumber_key" ON "land_titles"("jurisdiction", "titleNumber");

-- CreateIndex
CREATE INDEX "encumbrances_titleId_idx" ON "encumbrances"("titleId");

-- CreateIndex
CREATE INDEX "title_ownership_records_titleId_acquiredOn_idx" ON "title_ownership_records"("titleId", "acquiredOn");

-- CreateIndex
CREATE UNIQUE INDEX "users_address_key" ON "users"("address");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_tokenHash_key" ON "sessions"("tokenHash");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE INDEX "siwe_nonces_expiresAt_idx" ON "siwe_nonces"("expiresAt");

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "property_units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_tenantUserId_fkey" FOREIGN KEY ("tenantUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rent_schedule_entries" ADD CONSTRAINT "rent_schedule_entries_leaseId_fkey" FOREIGN KEY ("leaseId") REFERENCES "leases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rent_payments" ADD CONSTRAINT "rent_payments_leaseId_fkey" FOREIGN KEY ("leaseId") REFERENCES "leases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rent_payments" ADD CONSTRAINT "rent_payments_scheduleEntryId_fkey" FOREIGN KEY ("scheduleEntryId") REFERENCES "rent_schedule_entries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "properties" ADD CONSTRAINT "properties_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "properties" ADD CONSTRAINT "properties_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_status_changes" ADD CONSTRAINT "property_status_changes_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_status_changes" ADD CONSTRAINT "property_status_changes_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_documents" ADD CONSTRAINT "property_documents_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "property_units" ADD CONSTRAINT "property_units_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land_titles" ADD CONSTRAINT "land_titles_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land_titles" ADD CONSTRAINT "land_titles_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "property_documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "encumbrances" ADD CONSTRAINT "encumbrances_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "land_titles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "title_ownership_records" ADD CONSTRAINT "title_ownership_records_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "land_titles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------------
-- Rules Prisma's schema language cannot express, enforced by the database itself (written by hand).
-- ---------------------------------------------------------------------------------------------------------------

-- Leases: end after start, sane money, and at most one ACTIVE lease per unit.
ALTER TABLE "leases" ADD CONSTRAINT "leases_end_after_start" CHECK ("endDate" > "startDate");
ALTER TABLE "leases" ADD CONSTRAINT "leases_amounts" CHECK ("rentAmount" > 0 AND "depositAmount" >= 0 AND "escalationPercent" >= 0 AND "escalationPercent" <= 100);
ALTER TABLE "leases" ADD CONSTRAINT "leases_due_day" CHECK ("dueDay" BETWEEN 1 AND 28 AND "noticePeriodDays" >= 0);
CREATE UNIQUE INDEX "leases_one_active_per_unit" ON "leases" ("unitId") WHERE "status" = 'ACTIVE';
ALTER TABLE "rent_schedule_entries" ADD CONSTRAINT "rent_schedule_period" CHECK ("periodEnd" > "periodStart" AND "amountDue" > 0);
ALTER TABLE "rent_payments" ADD CONSTRAINT "rent_payments_amounts" CHECK ("amount" > 0 AND "fees" >= 0 AND "fees" <= "amount");

-- Properties, valuations, documents, titles.
ALTER TABLE "properties" ADD CONSTRAINT "properties_coordinates" CHECK (("latitude" IS NULL) = ("longitude" IS NULL) AND ("latitude" IS NULL OR "latitude" BETWEEN -90 AND 90) AND ("longitude" IS NULL OR "longitude" BETWEEN -180 AND 180));
ALTER TABLE "properties" ADD CONSTRAINT "properties_valuation" CHECK ("currentValuation" IS NULL OR "currentValuation" > 0);
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_amount" CHECK ("amount" > 0);
ALTER TABLE "property_documents" ADD CONSTRAINT "property_documents_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$' AND "sizeBytes" >= 0);
ALTER TABLE "land_titles" ADD CONSTRAINT "land_titles_sha256" CHECK ("documentSha256" ~ '^[0-9a-f]{64}$' AND "areaSqm" > 0);
ALTER TABLE "land_titles" ADD CONSTRAINT "land_titles_verified" CHECK ("status" <> 'VERIFIED' OR ("verifiedById" IS NOT NULL AND "verifiedAt" IS NOT NULL));
ALTER TABLE "encumbrances" ADD CONSTRAINT "encumbrances_dates" CHECK ("releasedOn" IS NULL OR "releasedOn" >= "registeredOn");
ALTER TABLE "title_ownership_records" ADD CONSTRAINT "title_ownership_dates" CHECK ("disposedOn" IS NULL OR "disposedOn" >= "acquiredOn");

-- Audit trail: append-only. Updates, deletes and truncation are refused by the database.
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "audit_entries_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
