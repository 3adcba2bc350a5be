-- Issue 16: valuations are approved or rejected by a compliance officer who did not record them (four eyes);
-- the latest approved one feeds NAV per unit. Existing valuations stay RECORDED until someone decides on them.

-- CreateEnum
CREATE TYPE "ValuationKind" AS ENUM ('APPRAISAL', 'BROKER_OPINION', 'AUTOMATED', 'INTERNAL');

-- CreateEnum
CREATE TYPE "ValuationStatus" AS ENUM ('RECORDED', 'APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "valuations" ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" UUID,
ADD COLUMN     "decisionReason" TEXT,
ADD COLUMN     "documentId" UUID,
ADD COLUMN     "kind" "ValuationKind",
ADD COLUMN     "liabilities" DECIMAL(18,2) NOT NULL DEFAULT 0,
ADD COLUMN     "status" "ValuationStatus" NOT NULL DEFAULT 'RECORDED';

-- Who produced the existing values, from their method (a purchase price or an income approach is the platform's own).
UPDATE "valuations" SET "kind" = CASE "method"
  WHEN 'APPRAISAL' THEN 'APPRAISAL'::"ValuationKind"
  WHEN 'BROKER_OPINION' THEN 'BROKER_OPINION'::"ValuationKind"
  WHEN 'AUTOMATED' THEN 'AUTOMATED'::"ValuationKind"
  ELSE 'INTERNAL'::"ValuationKind" END;
ALTER TABLE "valuations" ALTER COLUMN "kind" SET NOT NULL;

-- The rules the service enforces, held by the database too.
ALTER TABLE "valuations"
  ADD CONSTRAINT "valuations_liabilities_check" CHECK ("liabilities" >= 0),
  ADD CONSTRAINT "valuations_four_eyes_check" CHECK ("decidedById" IS NULL OR "decidedById" <> "recordedById"),
  ADD CONSTRAINT "valuations_decision_check" CHECK (("status" = 'RECORDED') = ("decidedById" IS NULL AND "decidedAt" IS NULL)),
  ADD CONSTRAINT "valuations_rejection_reason_check" CHECK ("status" <> 'REJECTED' OR "decisionReason" IS NOT NULL);

-- CreateIndex
CREATE INDEX "valuations_propertyId_status_valuedOn_idx" ON "valuations"("propertyId", "status", "valuedOn");

-- CreateIndex
CREATE INDEX "valuations_documentId_idx" ON "valuations"("documentId");

-- AddForeignKey
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "property_documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
