-- CreateTable
CREATE TABLE "placement_invitations" (
    "id" UUID NOT NULL,
    "chainId" INTEGER NOT NULL,
    "propertyId" UUID NOT NULL,
    "offering" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "minUnits" DECIMAL(20,0) NOT NULL,
    "maxUnits" DECIMAL(20,0) NOT NULL,
    "pricePerUnit" DECIMAL(39,0) NOT NULL,
    "expiry" TIMESTAMP(3) NOT NULL,
    "salt" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "signer" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placement_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "placement_invitations_hash_key" ON "placement_invitations"("hash");

-- CreateIndex
CREATE INDEX "placement_invitations_propertyId_createdAt_idx" ON "placement_invitations"("propertyId", "createdAt");

-- CreateIndex
CREATE INDEX "placement_invitations_identity_createdAt_idx" ON "placement_invitations"("identity", "createdAt");

