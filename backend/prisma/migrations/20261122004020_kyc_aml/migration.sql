-- CreateEnum
CREATE TYPE "ScreeningStatus" AS ENUM ('CLEAR', 'PENDING_REVIEW', 'FALSE_POSITIVE', 'CONFIRMED_MATCH');

-- CreateEnum
CREATE TYPE "KycStatus" AS ENUM ('SUBMITTED', 'UNDER_REVIEW', 'MORE_INFO_REQUESTED', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "KycDocumentKind" AS ENUM ('PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE', 'RESIDENCE_PERMIT', 'PROOF_OF_ADDRESS', 'SELFIE', 'ACCREDITATION_EVIDENCE', 'SOURCE_OF_FUNDS', 'OTHER');

-- CreateEnum
CREATE TYPE "OnchainChangeKind" AS ENUM ('REGISTER', 'UPDATE', 'REMOVE', 'FREEZE', 'UNFREEZE');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'CONFIRMED', 'FAILED');

-- CreateTable
CREATE TABLE "sanctions_list_versions" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "digest" CHAR(64) NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "walletCount" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "sdnText" TEXT NOT NULL,
    "altText" TEXT,
    "addText" TEXT,
    "loadedById" UUID,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),

    CONSTRAINT "sanctions_list_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aml_screenings" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "listVersionId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "matches" JSONB NOT NULL,
    "bestNameScore" DOUBLE PRECISION NOT NULL,
    "walletHit" BOOLEAN NOT NULL,
    "pep" BOOLEAN NOT NULL,
    "manualFlags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "riskScore" SMALLINT NOT NULL,
    "riskLevel" TEXT NOT NULL,
    "riskFactors" JSONB NOT NULL,
    "status" "ScreeningStatus" NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "aml_screenings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kyc_applications" (
    "id" UUID NOT NULL,
    "applicantId" UUID NOT NULL,
    "wallet" TEXT NOT NULL,
    "status" "KycStatus" NOT NULL DEFAULT 'SUBMITTED',
    "identityCiphertext" TEXT NOT NULL,
    "identityKeyId" TEXT NOT NULL,
    "residenceCountry" SMALLINT NOT NULL,
    "pepDeclared" BOOLEAN NOT NULL,
    "accreditationClaimed" BOOLEAN NOT NULL,
    "submissionCount" INTEGER NOT NULL DEFAULT 1,
    "reviewerId" UUID,
    "infoRequest" TEXT,
    "rejectionReason" TEXT,
    "approvedCountry" SMALLINT,
    "accredited" BOOLEAN,
    "kycExpiresAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "revocationReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "kyc_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kyc_documents" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" "KycDocumentKind" NOT NULL,
    "fileNameCiphertext" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kyc_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kyc_status_changes" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "fromStatus" "KycStatus",
    "toStatus" "KycStatus" NOT NULL,
    "actorId" UUID,
    "note" TEXT,
    "details" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kyc_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "onchain_identity_changes" (
    "id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "kind" "OnchainChangeKind" NOT NULL,
    "wallet" TEXT NOT NULL,
    "identity" TEXT,
    "country" SMALLINT,
    "kycExpiry" TIMESTAMP(3),
    "accredited" BOOLEAN,
    "reason" TEXT NOT NULL,
    "applicationId" UUID,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "txHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "onchain_identity_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sanctions_list_versions_source_digest_key" ON "sanctions_list_versions"("source", "digest");

-- CreateIndex
CREATE INDEX "aml_screenings_applicationId_createdAt_idx" ON "aml_screenings"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "aml_screenings_status_createdAt_idx" ON "aml_screenings"("status", "createdAt");

-- CreateIndex
CREATE INDEX "kyc_applications_applicantId_idx" ON "kyc_applications"("applicantId");

-- CreateIndex
CREATE INDEX "kyc_applications_status_createdAt_idx" ON "kyc_applications"("status", "createdAt");

-- CreateIndex
CREATE INDEX "kyc_applications_identityKeyId_idx" ON "kyc_applications"("identityKeyId");

-- CreateIndex
CREATE INDEX "kyc_documents_applicationId_idx" ON "kyc_documents"("applicationId");

-- CreateIndex
CREATE INDEX "kyc_documents_keyId_idx" ON "kyc_documents"("keyId");

-- CreateIndex
CREATE INDEX "kyc_status_changes_applicationId_at_idx" ON "kyc_status_changes"("applicationId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "onchain_identity_changes_seq_key" ON "onchain_identity_changes"("seq");

-- CreateIndex
CREATE INDEX "onchain_identity_changes_status_seq_idx" ON "onchain_identity_changes"("status", "seq");

-- CreateIndex
CREATE INDEX "onchain_identity_changes_wallet_idx" ON "onchain_identity_changes"("wallet");

-- AddForeignKey
ALTER TABLE "aml_screenings" ADD CONSTRAINT "aml_screenings_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "kyc_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aml_screenings" ADD CONSTRAINT "aml_screenings_listVersionId_fkey" FOREIGN KEY ("listVersionId") REFERENCES "sanctions_list_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_applications" ADD CONSTRAINT "kyc_applications_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_applications" ADD CONSTRAINT "kyc_applications_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_documents" ADD CONSTRAINT "kyc_documents_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "kyc_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_status_changes" ADD CONSTRAINT "kyc_status_changes_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "kyc_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onchain_identity_changes" ADD CONSTRAINT "onchain_identity_changes_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "kyc_applications"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------------
-- Hand-written: rules Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------------------------------------------

-- At most one live application per investor (a new one may follow a rejection, expiry or revocation).
CREATE UNIQUE INDEX "kyc_applications_one_live_per_applicant" ON "kyc_applications"("applicantId")
  WHERE "status" IN ('SUBMITTED', 'UNDER_REVIEW', 'MORE_INFO_REQUESTED', 'APPROVED');

-- Exactly one active version per list source (at most one here; the loader activates in the same transaction).
CREATE UNIQUE INDEX "sanctions_list_versions_one_active" ON "sanctions_list_versions"("source") WHERE "active";

ALTER TABLE "kyc_applications"
  ADD CONSTRAINT "kyc_applications_countries_iso_numeric"
    CHECK ("residenceCountry" BETWEEN 1 AND 999 AND ("approvedCountry" IS NULL OR "approvedCountry" BETWEEN 1 AND 999)),
  ADD CONSTRAINT "kyc_applications_approval_recorded"
    CHECK ("status" NOT IN ('APPROVED', 'EXPIRED') OR ("approvedCountry" IS NOT NULL AND "accredited" IS NOT NULL AND "kycExpiresAt" IS NOT NULL)),
  ADD CONSTRAINT "kyc_applications_rejection_reason" CHECK ("status" <> 'REJECTED' OR "rejectionReason" IS NOT NULL),
  ADD CONSTRAINT "kyc_applications_revocation_reason" CHECK ("status" <> 'REVOKED' OR "revocationReason" IS NOT NULL),
  ADD CONSTRAINT "kyc_applications_envelope" CHECK ("identityCiphertext" LIKE 'fh1.%'),
  ADD CONSTRAINT "kyc_applications_version_positive" CHECK ("version" >= 1 AND "submissionCount" >= 1);

ALTER TABLE "kyc_documents"
  ADD CONSTRAINT "kyc_documents_sha256_hex" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "kyc_documents_size" CHECK ("size" >= 0),
  ADD CONSTRAINT "kyc_documents_envelope" CHECK (substring("content" from 1 for 4) = '\x46484531'::bytea AND "fileNameCiphertext" LIKE 'fh1.%');

ALTER TABLE "aml_screenings"
  ADD CONSTRAINT "aml_screenings_decision_reason" CHECK ("status" IN ('CLEAR', 'PENDING_REVIEW') OR "decisionReason" IS NOT NULL),
  ADD CONSTRAINT "aml_screenings_scores" CHECK ("riskScore" BETWEEN 0 AND 100 AND "bestNameScore" BETWEEN 0 AND 1 AND "threshold" > 0 AND "threshold" <= 1);

ALTER TABLE "onchain_identity_changes"
  ADD CONSTRAINT "onchain_identity_changes_register_complete"
    CHECK ("kind" <> 'REGISTER' OR ("identity" IS NOT NULL AND "country" IS NOT NULL AND "kycExpiry" IS NOT NULL AND "accredited" IS NOT NULL)),
  ADD CONSTRAINT "onchain_identity_changes_update_complete"
    CHECK ("kind" <> 'UPDATE' OR ("country" IS NOT NULL AND "kycExpiry" IS NOT NULL AND "accredited" IS NOT NULL)),
  ADD CONSTRAINT "onchain_identity_changes_wallet" CHECK ("wallet" ~ '^0x[0-9a-fA-F]{40}$');

-- The history of an application is append-only, like the audit trail.
CREATE FUNCTION "kyc_status_changes_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kyc_status_changes is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "kyc_status_changes_no_update_delete" BEFORE UPDATE OR DELETE ON "kyc_status_changes"
  FOR EACH ROW EXECUTE FUNCTION "kyc_status_changes_append_only"();
CREATE TRIGGER "kyc_status_changes_no_truncate" BEFORE TRUNCATE ON "kyc_status_changes"
  FOR EACH STATEMENT EXECUTE FUNCTION "kyc_status_changes_append_only"();
