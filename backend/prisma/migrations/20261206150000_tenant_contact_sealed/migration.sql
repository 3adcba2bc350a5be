-- A lease's tenant name and email are personal data (security review 2026-12-06, finding 2): they are kept encrypted
-- (src/leases/tenant-contact.ts, AES-256-GCM under the key ring, bound to the lease and field), with their key id for
-- rotation. The next migration moves existing contact details here and drops the plaintext columns; the name's
-- column may be emptied meanwhile.

-- AlterTable
ALTER TABLE "leases" ADD COLUMN "tenantNameCiphertext" TEXT,
ADD COLUMN "tenantEmailCiphertext" TEXT,
ADD COLUMN "tenantKeyId" TEXT,
ALTER COLUMN "tenantName" DROP NOT NULL;
