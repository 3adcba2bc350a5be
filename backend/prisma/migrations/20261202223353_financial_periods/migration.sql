-- CreateEnum
CREATE TYPE "FinancialPeriodKind" AS ENUM ('MONTH', 'ADJUSTMENT');

-- CreateEnum
CREATE TYPE "FinancialPeriodStatus" AS ENUM ('DRAFT', 'CLOSED');

-- CreateEnum
CREATE TYPE "FinancialLineType" AS ENUM ('INCOME', 'EXPENSE');

-- CreateEnum
CREATE TYPE "FinancialCategory" AS ENUM ('RENT', 'PARKING', 'FEES', 'LATE_FEES', 'OTHER_INCOME', 'MANAGEMENT', 'MAINTENANCE', 'UTILITIES', 'INSURANCE', 'PROPERTY_TAX', 'PROFESSIONAL_FEES', 'CAPITAL_EXPENDITURE', 'OTHER_EXPENSE');

-- CreateEnum
CREATE TYPE "FinancialLineSource" AS ENUM ('MANUAL', 'LEASE_PAYMENTS');

-- CreateTable
CREATE TABLE "financial_periods" (
    "id" UUID NOT NULL,
    "propertyId" UUID NOT NULL,
    "kind" "FinancialPeriodKind" NOT NULL DEFAULT 'MONTH',
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "correctsId" UUID,
    "currency" CHAR(3) NOT NULL,
    "status" "FinancialPeriodStatus" NOT NULL DEFAULT 'DRAFT',
    "reserveContribution" BIGINT NOT NULL DEFAULT 0,
    "createdById" UUID NOT NULL,
    "closedById" UUID,
    "closedAt" TIMESTAMP(3),
    "statement" TEXT,
    "statementSha256" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "financial_periods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "financial_lines" (
    "id" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "type" "FinancialLineType" NOT NULL,
    "category" "FinancialCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "source" "FinancialLineSource" NOT NULL DEFAULT 'MANUAL',
    "supportingDocumentId" UUID,
    "supportingDocumentSha256" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "financial_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "financial_periods_status_propertyId_idx" ON "financial_periods"("status", "propertyId");

-- CreateIndex
CREATE INDEX "financial_periods_statementSha256_idx" ON "financial_periods"("statementSha256");

-- CreateIndex
CREATE UNIQUE INDEX "financial_periods_propertyId_year_month_sequence_key" ON "financial_periods"("propertyId", "year", "month", "sequence");

-- CreateIndex
CREATE INDEX "financial_lines_periodId_idx" ON "financial_lines"("periodId");

-- AddForeignKey
ALTER TABLE "financial_periods" ADD CONSTRAINT "financial_periods_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financial_periods" ADD CONSTRAINT "financial_periods_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "financial_periods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financial_lines" ADD CONSTRAINT "financial_lines_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "financial_periods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "financial_lines" ADD CONSTRAINT "financial_lines_supportingDocumentId_fkey" FOREIGN KEY ("supportingDocumentId") REFERENCES "property_documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database holds too (Prisma cannot express them).
ALTER TABLE "financial_periods"
  ADD CONSTRAINT "financial_periods_month" CHECK ("month" BETWEEN 1 AND 12 AND "year" BETWEEN 2000 AND 9999),
  -- A month's own period is sequence 0 and corrects nothing; an adjustment is sequence 1.. and corrects a period.
  ADD CONSTRAINT "financial_periods_kind" CHECK (
    ("kind" = 'MONTH' AND "sequence" = 0 AND "correctsId" IS NULL)
    OR ("kind" = 'ADJUSTMENT' AND "sequence" > 0 AND "correctsId" IS NOT NULL)),
  ADD CONSTRAINT "financial_periods_reserve" CHECK ("reserveContribution" >= 0),
  -- Closed exactly when it has its closer, time, statement and the statement's SHA-256 (of those very bytes).
  ADD CONSTRAINT "financial_periods_closed" CHECK (
    ("status" = 'CLOSED') = ("closedAt" IS NOT NULL AND "closedById" IS NOT NULL AND "statement" IS NOT NULL AND "statementSha256" IS NOT NULL)),
  ADD CONSTRAINT "financial_periods_statement_sha256" CHECK (
    "statement" IS NULL OR "statementSha256" = encode(sha256(convert_to("statement", 'UTF8')), 'hex'));

ALTER TABLE "financial_lines"
  ADD CONSTRAINT "financial_lines_amount" CHECK ("amount" > 0),
  -- The categories of @freehold/finance, each under its type.
  ADD CONSTRAINT "financial_lines_category" CHECK (
    ("type" = 'INCOME' AND "category" IN ('RENT', 'PARKING', 'FEES', 'LATE_FEES', 'OTHER_INCOME'))
    OR ("type" = 'EXPENSE' AND "category" IN ('MANAGEMENT', 'MAINTENANCE', 'UTILITIES', 'INSURANCE', 'PROPERTY_TAX',
      'PROFESSIONAL_FEES', 'CAPITAL_EXPENDITURE', 'OTHER_EXPENSE'))),
  -- Rent is taken from the lease payments, never typed.
  ADD CONSTRAINT "financial_lines_rent_source" CHECK (("category" = 'RENT') = ("source" = 'LEASE_PAYMENTS')),
  ADD CONSTRAINT "financial_lines_document" CHECK (
    ("supportingDocumentId" IS NULL) = ("supportingDocumentSha256" IS NULL)
    AND ("supportingDocumentSha256" IS NULL OR "supportingDocumentSha256" ~ '^[0-9a-f]{64}$'));

-- A closed period never changes, nor do its lines, whatever the caller (a buggy service, a console): refused here.
CREATE FUNCTION "financial_period_closed_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'CLOSED' THEN
    RAISE EXCEPTION 'financial period % is closed: correct it with an adjustment period', OLD."id"
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "financial_periods_closed_guard" BEFORE UPDATE OR DELETE ON "financial_periods"
  FOR EACH ROW EXECUTE FUNCTION "financial_period_closed_guard"();

CREATE FUNCTION "financial_line_closed_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "financial_periods" p
    WHERE p."status" = 'CLOSED'
      AND p."id" IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD."periodId" END,
                     CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW."periodId" END)
  ) THEN
    RAISE EXCEPTION 'the lines of a closed financial period cannot change: correct it with an adjustment period'
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "financial_lines_closed_guard" BEFORE INSERT OR UPDATE OR DELETE ON "financial_lines"
  FOR EACH ROW EXECUTE FUNCTION "financial_line_closed_guard"();
