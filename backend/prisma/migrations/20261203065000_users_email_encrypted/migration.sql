-- One email address per user: the encrypted, verified one in "email_contacts" (src/notifications/email-address.ts).
-- The plaintext "users"."email" is moved there first, encrypted, by the start-up step of src/users/legacy-email.ts
-- (SQL does not hold the keys), in this migration's transaction. Run without that step, this refuses instead of
-- dropping an address.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "users" WHERE "email" IS NOT NULL) THEN
    RAISE EXCEPTION 'users.email still holds addresses: migrate with the legacy email step (src/users/legacy-email.ts)';
  END IF;
END $$;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "email";
