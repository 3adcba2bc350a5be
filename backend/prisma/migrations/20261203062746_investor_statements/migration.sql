-- CreateEnum
CREATE TYPE "StatementKind" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL', 'TAX_ANNUAL');

-- CreateTable
CREATE TABLE "investor_statements" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "StatementKind" NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "label" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "pdfSize" INTEGER NOT NULL,
    "csvSha256" TEXT NOT NULL,
    "csvSize" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "investor_statements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "investor_statements_userId_createdAt_id_idx" ON "investor_statements"("userId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "investor_statements_pdfSha256_idx" ON "investor_statements"("pdfSha256");

-- CreateIndex
CREATE UNIQUE INDEX "investor_statements_userId_kind_periodStart_key" ON "investor_statements"("userId", "kind", "periodStart");

-- AddForeignKey
ALTER TABLE "investor_statements" ADD CONSTRAINT "investor_statements_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A period is a non-empty range; hashes are lowercase hex SHA-256; kinds cover whole months.
ALTER TABLE "investor_statements"
  ADD CONSTRAINT "investor_statements_period_check" CHECK ("periodEnd" > "periodStart"),
  ADD CONSTRAINT "investor_statements_sha256_check" CHECK ("pdfSha256" ~ '^[0-9a-f]{64}$' AND "csvSha256" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "investor_statements_size_check" CHECK ("pdfSize" > 0 AND "csvSize" > 0);
