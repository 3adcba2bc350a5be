-- DropIndex
DROP INDEX "audit_entries_entityType_entityId_idx";

-- DropIndex
DROP INDEX "kyc_applications_status_createdAt_idx";

-- AlterTable
ALTER TABLE "kyc_applications" ADD COLUMN     "riskLevel" TEXT,
ADD COLUMN     "riskScore" SMALLINT;

-- CreateIndex
-- GET /audit?entityType=&entityId= (one entity's history), newest or oldest first by seq; replaces (entityType, entityId)
CREATE INDEX "audit_entries_entityType_entityId_seq_idx" ON "audit_entries"("entityType", "entityId", "seq");

-- CreateIndex
-- GET /audit?entityType= (every KYC application, every property...), paged by seq
CREATE INDEX "audit_entries_entityType_seq_idx" ON "audit_entries"("entityType", "seq");

-- CreateIndex
-- GET /audit?actorId= (what one person did), paged by seq
CREATE INDEX "audit_entries_actorId_seq_idx" ON "audit_entries"("actorId", "seq");

-- CreateIndex
-- GET /audit?action= (e.g. every role change), paged by seq
CREATE INDEX "audit_entries_action_seq_idx" ON "audit_entries"("action", "seq");

-- CreateIndex
-- GET /audit?from=&to=: finds the first and last seq of the date range, which then bounds the seq scan
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");

-- CreateIndex
-- GET /kyc/applications?status=&sort=submitted|-submitted (the queue, oldest or newest first), keyset on (createdAt, id); replaces (status, createdAt)
CREATE INDEX "kyc_applications_status_createdAt_id_idx" ON "kyc_applications"("status", "createdAt", "id");

-- CreateIndex
-- GET /kyc/applications?status=&sort=risk (highest risk first, unscreened first), keyset on (riskScore, createdAt, id)
CREATE INDEX "kyc_applications_status_riskScore_createdAt_id_idx" ON "kyc_applications"("status", "riskScore" DESC, "createdAt", "id");

-- CreateIndex
-- GET /kyc/applications without a status (All), oldest or newest first, keyset on (createdAt, id)
CREATE INDEX "kyc_applications_createdAt_id_idx" ON "kyc_applications"("createdAt", "id");



-- Backfill: each application's risk from its latest screening (new screenings copy it, aml/screening-service.ts).
UPDATE "kyc_applications" a
SET "riskScore" = s."riskScore", "riskLevel" = s."riskLevel"
FROM (
  SELECT DISTINCT ON ("applicationId") "applicationId", "riskScore", "riskLevel"
  FROM "aml_screenings"
  ORDER BY "applicationId", "createdAt" DESC, "id" DESC
) s
WHERE s."applicationId" = a."id";
