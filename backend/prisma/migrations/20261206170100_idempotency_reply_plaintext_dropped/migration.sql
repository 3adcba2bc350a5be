-- Replies older than the replay window (24 hours, src/crypto/idempotency-replies.ts) serve no retry: deleted.
-- The ones inside it are encrypted into "responseCiphertext" first, by the start-up step of
-- src/crypto/idempotency-replies.ts (SQL does not hold the keys), in this migration's transaction. Run without that
-- step (`prisma migrate deploy`, for one) while a reply is inside the window, this refuses instead of dropping it
-- (a retry would then run its request a second time).
DELETE FROM "idempotency_records" WHERE "createdAt" < now() - interval '24 hours';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "idempotency_records" WHERE "responseCiphertext" IS NULL) THEN
    RAISE EXCEPTION 'idempotency_records.responseBody still holds replies inside the replay window: start the application to migrate (its idempotency reply step, src/crypto/idempotency-replies.ts, encrypts them first), or wait 24 hours';
  END IF;
END $$;

-- AlterTable
ALTER TABLE "idempotency_records" DROP COLUMN "responseBody",
ALTER COLUMN "responseCiphertext" SET NOT NULL,
ALTER COLUMN "responseKeyId" SET NOT NULL;
