-- The reply kept for an Idempotency-Key's retries may carry personal data (a lease's tenant, an identity): it is kept
-- encrypted (src/crypto/idempotency-replies.ts, AES-256-GCM under the key ring, bound to the record's caller and
-- key), with its key id for rotation, and only for the replay window (purged by createdAt). The next migration
-- moves the replies still inside the window here and drops the plaintext column.

-- AlterTable
ALTER TABLE "idempotency_records" ADD COLUMN "responseCiphertext" TEXT,
ADD COLUMN "responseKeyId" TEXT,
ALTER COLUMN "responseBody" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "idempotency_records_createdAt_idx" ON "idempotency_records"("createdAt");
