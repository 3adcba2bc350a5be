-- A user's display name is personal data: it is kept encrypted (src/users/display-name.ts, AES-256-GCM under the
-- key ring, bound to the user's id), with its key id for rotation. The next migration moves existing names here.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "displayNameCiphertext" TEXT,
ADD COLUMN "displayNameKeyId" TEXT;
