/**
 * Personal data at rest, across the whole database (not per feature):
 * - Regression: a user's display name (PATCH /users/me) was stored in plaintext in `users.displayName`.
 * - Regression: the key rotation re-encrypted KYC identities and documents but not the encrypted email addresses of
 *   the notifications, so retiring the old key would have made every address unreadable.
 * - The class: after a full rotation no column of any table holds an envelope under the old key, whatever feature
 *   wrote it (a new encrypted field left out of the rotation fails here); and no table holds a name or an address
 *   a user gave in plaintext.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { KeyRing, keyRingFromConfig } from "../src/crypto/key-ring.ts";
import { migrate, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { DISPLAY_NAME_MIGRATION, legacyDisplayNameSteps, openDisplayName } from "../src/users/display-name.ts";
import { rotateKycKeys } from "../src/kyc/key-rotation.ts";
import { idempotencyKey, PDF, submission, uploadDocument } from "../src/kyc/kyc.fixtures.ts";
import { databaseBefore, rowsHolding, withClient } from "./support/database-at.ts";
import { createTestContext, testConfig, type TestContext } from "./support/harness.ts";
import { API, etag } from "./support/fixtures.ts";

describe("personal data at rest", () => {
  let t: TestContext;
  let client: pg.Client;
  before(async () => {
    t = await createTestContext();
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await t.close();
  });

  it("regression: no table holds a display name in plaintext, and the profile reads it back as written", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (name) => {
        // a marker makes a match in the scan this name's, whatever the generated text
        const displayName = `${name.trim() || "n"} ${randomUUID().slice(0, 8)}`;
        const user = await t.user("INVESTOR");
        const renamed = await t.as(user).patch(`${API}/users/me`, { displayName }, { headers: etag(1) });
        assert.equal(renamed.status, 200, renamed.text);
        assert.equal(renamed.body.displayName, displayName);
        assert.equal((await t.as(user).get(`${API}/users/${user.id}`)).body.displayName, displayName);
        assert.deepEqual(await rowsHolding(client, displayName), {}, `tables holding ${JSON.stringify(displayName)}`);
      }),
      { numRuns: 15 },
    );
  });

  it("after a key rotation no column of any table holds an envelope under the old key", async () => {
    const investor = await t.user("INVESTOR");
    const renamed = await t
      .as(investor)
      .patch(`${API}/users/me`, { displayName: "Rotated Name" }, { headers: etag(1) });
    assert.equal(renamed.status, 200, renamed.text);
    const address = `rotate.${randomUUID().slice(0, 8)}@example.com`;
    assert.equal((await t.as(investor).post(`${API}/me/email`, { address })).status, 200);
    const applied = await t.as(investor).post(`${API}/kyc/applications`, submission({ familyName: "Rotated" }), {
      headers: { "idempotency-key": idempotencyKey() },
    });
    assert.equal(applied.status, 201, applied.text);
    assert.equal((await uploadDocument(t.as(investor), applied.body.id, "PASSPORT", PDF)).status, 201);

    const old = t.config.kycKeys[0]!;
    // text envelopes are `fh1.<keyId>.…`; binary ones start FHE1, the key id's length, the key id (hex in row text)
    const textEnvelope = `fh1.${old.id}.`;
    const binaryEnvelope = Buffer.concat([Buffer.from("FHE1"), Buffer.from([old.id.length]), Buffer.from(old.id)]);
    const underOldKey = async () => ({
      ...(await rowsHolding(client, textEnvelope, false)),
      ...(await rowsHolding(client, binaryEnvelope.toString("hex"), false)),
    });
    assert.notDeepEqual(await underOldKey(), {}, "the data was written under the old key");

    const newRing = new KeyRing(
      "k2",
      new Map([
        ["k2", randomBytes(32)],
        [old.id, old.key],
      ]),
    );
    await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 7 });
    assert.deepEqual(await underOldKey(), {});

    // and everything reads back with the new key alone (the old one can be retired)
    const onlyNew = new KeyRing("k2", new Map([["k2", newRing.key("k2")]]));
    assert.ok(keyRingFromConfig(t.config.kycKeys).has(old.id));
    const reports = await rotateKycKeys(t.db, onlyNew, t.admin, { batchSize: 7 });
    assert.equal(reports.currentKeyId, "k2", "no stored data still needs the old key");
  });

  it("the migration encrypts the plaintext names of earlier versions, and refuses to drop one without its step", async () => {
    // The database as the previous version left it: every migration before the one that drops the column.
    const { url: dbUrl, drop } = await databaseBefore(DISPLAY_NAME_MIGRATION);
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const ids = await withClient(dbUrl, async (c) => {
      const insert = async (address: string, displayName: string | null) =>
        (
          await c.query<{ id: string }>(
            `INSERT INTO users (id, address, "displayName", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
            [address, displayName],
          )
        ).rows[0]!.id;
      return {
        named: await insert("0x" + "4".repeat(40), "Zoë Legacy"),
        unnamed: await insert("0x" + "5".repeat(40), null),
      };
    });

    // Without the step the migration refuses, and leaves everything as it was.
    await assert.rejects(migrate(dbUrl), /display name step/);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Zoë Legacy")), { users: 1 });

    await migrate(dbUrl, MIGRATIONS_DIR, legacyDisplayNameSteps(ring));
    await withClient(dbUrl, async (c) => {
      const column = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'displayName'`,
      );
      assert.equal(column.rowCount, 0, "the plaintext column is gone");
      assert.deepEqual(await rowsHolding(c, "Zoë Legacy"), {});
      const rows = new Map(
        (
          await c.query<{ id: string; displayNameCiphertext: string | null; displayNameKeyId: string | null }>(
            `SELECT * FROM users`,
          )
        ).rows.map((r) => [r.id, r]),
      );
      assert.equal(openDisplayName(ring, rows.get(ids.named)!), "Zoë Legacy");
      assert.equal(rows.get(ids.named)!.displayNameKeyId, ring.currentKeyId);
      assert.equal(rows.get(ids.unnamed)!.displayNameCiphertext, null);
    });
    await drop();
  });
});
