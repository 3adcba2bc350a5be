/**
 * Issue 16: one email address per user, the encrypted and verified one of the notifications (`email_contacts`).
 * Regression: `PATCH /users/me` stored the address in plaintext in `users.email`. Now the profile has no address,
 * `POST /me/email` is the way, no table holds the address in plaintext, and the migration moves the plaintext
 * addresses of earlier versions into encrypted contacts before dropping the column.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { keyRingFromConfig } from "../src/crypto/key-ring.ts";
import { decryptText } from "../src/crypto/field-cipher.ts";
import { migrate, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { addressContext } from "../src/notifications/email-address.ts";
import { LEGACY_EMAIL_MIGRATION, legacyEmailSteps } from "../src/users/legacy-email.ts";
import { databaseBefore, rowsHolding, withClient } from "./support/database-at.ts";
import { createTestContext, testConfig, type TestContext } from "./support/harness.ts";
import { API, etag } from "./support/fixtures.ts";

describe("16 users.email: one encrypted address per user", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t.close());

  it("16 regression: no table holds a user's address in plaintext after PATCH /users/me or POST /me/email", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z0-9]([a-z0-9_+-]{0,30}[a-z0-9])?$/),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (local, name) => {
          // unique, so a match in the scan can only be this address
          const address = `${local}.${randomUUID().slice(0, 8)}@example.com`;
          const user = await t.user("INVESTOR");
          const patched = await t
            .as(user)
            .patch(`${API}/users/me`, { email: address, displayName: "x" }, { headers: etag(1) });
          assert.equal(patched.status, 400, patched.text);
          assert.match(patched.headers.get("content-type") ?? "", /problem\+json/);
          const displayName = name.trim() || "n";
          const renamed = await t.as(user).patch(`${API}/users/me`, { displayName }, { headers: etag(1) });
          assert.equal(renamed.status, 200, renamed.text);
          assert.equal("email" in renamed.body, false, "the profile carries no address");
          const set = await t.as(user).post(`${API}/me/email`, { address });
          assert.equal(set.status, 200, set.text);
          assert.deepEqual(await withClient(t.databaseUrl, (c) => rowsHolding(c, address)), {});
          // the encrypted contact holds it, and the user's roles (their rights) are as they were
          const contact = await t.db.emailContact.findUniqueOrThrow({ where: { userId: user.id } });
          assert.equal(
            decryptText(keyRingFromConfig(t.config.kycKeys), contact.addressCiphertext, addressContext(user.id)),
            address,
          );
          const me = await t.as(user).get(`${API}/users/${user.id}`);
          assert.deepEqual([me.body.roles, me.body.displayName], [["INVESTOR"], displayName]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("16 the migration encrypts the plaintext addresses into contacts, keeps an existing contact, then drops the column", async () => {
    // The database as the previous version left it: every migration before this one.
    const { url: dbUrl, drop } = await databaseBefore(LEGACY_EMAIL_MIGRATION);
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const [plain, both, none] = ["0x" + "1".repeat(40), "0x" + "2".repeat(40), "0x" + "3".repeat(40)];
    const ids = await withClient(dbUrl, async (c) => {
      const insert = async (address: string, email: string | null) =>
        (
          await c.query<{ id: string }>(
            `INSERT INTO users (id, address, email, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
            [address, email],
          )
        ).rows[0]!.id;
      const ids = {
        plain: await insert(plain, "old@example.com"),
        both: await insert(both, "stale@example.com"),
        none: await insert(none, null),
      };
      await c.query(
        `INSERT INTO email_contacts ("userId", "addressCiphertext", "keyId", "verifiedAt", "updatedAt") VALUES ($1, $2, 'k', now(), now())`,
        [ids.both, "set-through-the-verification-flow"],
      );
      return ids;
    });

    // Without the step the migration refuses, and leaves everything as it was.
    await assert.rejects(migrate(dbUrl), /legacy email step/);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "old@example.com")), { users: 1 });

    await migrate(dbUrl, MIGRATIONS_DIR, legacyEmailSteps(ring));
    await withClient(dbUrl, async (c) => {
      const column = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'`,
      );
      assert.equal(column.rowCount, 0, "the plaintext column is gone");
      for (const address of ["old@example.com", "stale@example.com"])
        assert.deepEqual(await rowsHolding(c, address), {});
      const contacts = new Map(
        (
          await c.query<{ userId: string; addressCiphertext: string; verifiedAt: Date | null }>(
            `SELECT * FROM email_contacts`,
          )
        ).rows.map((r) => [r.userId, r]),
      );
      const moved = contacts.get(ids.plain)!;
      assert.equal(decryptText(ring, moved.addressCiphertext, addressContext(ids.plain)), "old@example.com");
      assert.equal(moved.verifiedAt, null, "a moved address waits for its user to confirm it");
      assert.equal(contacts.get(ids.both)!.addressCiphertext, "set-through-the-verification-flow");
      assert.equal(contacts.has(ids.none), false);
    });
    await drop();
  });
});
