-- AlterTable
ALTER TABLE "kyc_documents" ADD COLUMN     "refusalNote" TEXT,
ADD COLUMN     "refusalReason" TEXT,
ADD COLUMN     "refusedAt" TIMESTAMP(3),
ADD COLUMN     "refusedById" UUID;


-- A refusal has its time, its officer and the standard reason the investor reads, or none of them.
ALTER TABLE "kyc_documents" ADD CONSTRAINT "kyc_documents_refusal_whole"
  CHECK (("refusedAt" IS NULL) = ("refusalReason" IS NULL) AND ("refusedAt" IS NULL) = ("refusedById" IS NULL));
