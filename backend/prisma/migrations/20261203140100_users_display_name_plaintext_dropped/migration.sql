-- The plaintext "users"."displayName" is encrypted into "displayNameCiphertext" first, by the start-up step of
-- src/users/display-name.ts (SQL does not hold the keys), in this migration's transaction. Run without that step,
-- this refuses instead of dropping a name.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "users" WHERE "displayName" IS NOT NULL) THEN
    RAISE EXCEPTION 'users.displayName still holds names: migrate with the display name step (src/users/display-name.ts)';
  END IF;
END $$;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "displayName";
