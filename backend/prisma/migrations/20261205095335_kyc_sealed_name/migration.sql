-- Issue 17 and data minimisation: the KYC review queue decrypted each applicant's whole identity (date of birth,
-- document number, address) to show a name, about 8 µs per row of API CPU and personal data no page of the queue
-- shows. The name is now sealed on its own (src/kyc/protection.ts, its own encryption context) when the identity is
-- written, under the identity's key (identityKeyId covers both), and the queue reads only it.
-- Applications stored before have none: the queue falls back to the identity for them, and the next key-rotation
-- run (npm run rotate-keys, even with nothing to re-encrypt) seals their names. No index: the queue reads the
-- column of the rows of a page only.
-- AlterTable
ALTER TABLE "kyc_applications" ADD COLUMN     "nameCiphertext" TEXT;

