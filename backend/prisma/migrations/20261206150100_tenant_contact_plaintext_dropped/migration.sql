-- The plaintext "leases"."tenantName" and "tenantEmail" are encrypted into "tenantNameCiphertext" and
-- "tenantEmailCiphertext" first, by the start-up step of src/leases/tenant-contact.ts (SQL does not hold the keys),
-- in this migration's transaction. Run without that step (`prisma migrate deploy`, for one), this refuses instead of
-- dropping a tenant's details.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "leases" WHERE "tenantName" IS NOT NULL OR "tenantEmail" IS NOT NULL) THEN
    RAISE EXCEPTION 'leases.tenantName / tenantEmail still hold tenants'' details: start the application to migrate (its tenant contact step, src/leases/tenant-contact.ts, encrypts them first)';
  END IF;
END $$;

-- AlterTable
ALTER TABLE "leases" DROP COLUMN "tenantEmail",
DROP COLUMN "tenantName",
ALTER COLUMN "tenantNameCiphertext" SET NOT NULL,
ALTER COLUMN "tenantKeyId" SET NOT NULL;
