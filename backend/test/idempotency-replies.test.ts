/**
 * The replies kept for Idempotency-Key retries (src/crypto/idempotency-replies.ts): encrypted, bound to their
 * caller and key, replayed only within the 24-hour window and purged after it, re-encrypted by the key rotation, and
 * moved out of the plaintext column of earlier versions by a migration step (the finding: `responseBody` held a
 * lease's tenant, a display name or an identity in clear, for ever). The same replay behaviour otherwise:
 * test/idempotency-race.test.ts and the routes' own tests.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { DecryptionError, keyIdOf } from "../src/crypto/field-cipher.ts";
import { KeyRing, keyRingFromConfig } from "../src/crypto/key-ring.ts";
import { memoryCheckpoint, rotateKeys } from "../src/crypto/key-rotation.ts";
import {
  IDEMPOTENCY_REPLY_MIGRATION,
  idempotencyReplyRotationSource,
  legacyIdempotencyReplySteps,
  openReply,
  purgeExpiredReplies,
  REPLAY_WINDOW_MS,
  sealReply,
} from "../src/crypto/idempotency-replies.ts";
import { migrate, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { databaseBefore, rowsHolding, withClient } from "./support/database-at.ts";
import { createTestContext, testConfig, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, leaseInput, unit } from "./support/fixtures.ts";

const HOUR = 60 * 60 * 1000;

describe("idempotency replies at rest", () => {
  let t: TestContext;
  let client: pg.Client;
  let manager: TestUser;
  let keys = 0;
  const key = () => `replies-key-${randomUUID().slice(0, 8)}-${++keys}`;
  before(async () => {
    t = await createTestContext();
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    manager = await t.user("PROPERTY_MANAGER");
  });
  after(async () => {
    await client.end();
    await t.close();
  });

  /** A lease draft for a new unit, with a tenant only this call names. */
  async function leaseBody(tag = randomUUID().slice(0, 8)) {
    const propertyId = (await createProperty(t, manager)).id;
    const unitId = (await unit(t, manager, propertyId)).id;
    return leaseInput(propertyId, unitId, {
      tenantName: `Reply Tenant ${tag}`,
      tenantEmail: `reply.${tag}@example.com`,
    });
  }
  const age = (idempotencyKey: string, ms: number) =>
    client.query(`UPDATE idempotency_records SET "createdAt" = now() - make_interval(secs => $2) WHERE key = $1`, [
      idempotencyKey,
      ms / 1000,
    ]);

  it("stores the reply as an envelope under the current key, and replays it decrypted", async () => {
    const tag = randomUUID().slice(0, 8);
    const body = await leaseBody(tag);
    const headers = { "idempotency-key": key() };
    const first = await t.as(manager).post(`${API}/leases`, body, { headers });
    assert.equal(first.status, 201, first.text);
    const row = await t.db.idempotencyRecord.findFirstOrThrow({ where: { key: headers["idempotency-key"] } });
    const ring = keyRingFromConfig(t.config.kycKeys);
    assert.equal(keyIdOf(row.responseCiphertext), ring.currentKeyId);
    assert.equal(row.responseKeyId, ring.currentKeyId);
    assert.deepEqual(openReply(ring, row), first.body);
    assert.deepEqual(await rowsHolding(client, tag), {});
    const replayed = await t.as(manager).post(`${API}/leases`, body, { headers });
    assert.equal(replayed.headers.get("idempotency-replayed"), "true");
    assert.deepEqual([replayed.status, replayed.body], [201, first.body]);
    assert.equal(replayed.headers.get("etag"), first.headers.get("etag"));
  });

  it("a reply copied to another caller's record does not decrypt there (refused, not shown)", async () => {
    const other = await t.user("PROPERTY_MANAGER");
    const mine = { "idempotency-key": key() };
    const theirs = { "idempotency-key": key() };
    assert.equal((await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers: mine })).status, 201);
    const otherProperty = (await createProperty(t, other)).id;
    const otherBody = leaseInput(otherProperty, (await unit(t, other, otherProperty)).id);
    assert.equal((await t.as(other).post(`${API}/leases`, otherBody, { headers: theirs })).status, 201);
    await client.query(
      `UPDATE idempotency_records SET "responseCiphertext" = (SELECT "responseCiphertext" FROM idempotency_records WHERE key = $1) WHERE key = $2`,
      [mine["idempotency-key"], theirs["idempotency-key"]],
    );
    const retried = await t.as(other).post(`${API}/leases`, otherBody, { headers: theirs });
    assert.equal(retried.status, 500);
    assert.doesNotMatch(retried.text, /Reply Tenant/);
    // (the altered record would stop a rotation, as any altered envelope does: not left for the tests below)
    await client.query(`DELETE FROM idempotency_records WHERE key = $1`, [theirs["idempotency-key"]]);
  });

  it("class: a reply opens only under its own caller and key (any two records, however their texts align)", () => {
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const scope = fc.oneof(fc.constant("anonymous"), fc.uuid(), fc.stringMatching(/^[a-z:"\\[\],]{1,6}$/));
    const idemKey = fc.stringMatching(/^[A-Za-z0-9_.:-]{8,20}$/);
    fc.assert(
      fc.property(scope, idemKey, scope, idemKey, fc.jsonValue(), (s1, k1, s2, k2, body) => {
        const sealed = sealReply(ring, s1, k1, body);
        assert.deepEqual(
          openReply(ring, { scope: s1, key: k1, ...sealed }),
          JSON.parse(JSON.stringify(body ?? null)) as unknown,
        );
        if (s1 !== s2 || k1 !== k2)
          assert.throws(() => openReply(ring, { scope: s2, key: k2, ...sealed }), DecryptionError);
      }),
      { numRuns: 300 },
    );
    // the separator is unambiguous: a key's colon does not move text between the caller and the key
    const sealed = sealReply(ring, "a", "b:cdefghij", { x: 1 });
    assert.throws(() => openReply(ring, { scope: "a:b", key: "cdefghij", ...sealed }), DecryptionError);
  });

  it("replays within the 24-hour window; after it the key starts a new request (another body is no longer refused)", async () => {
    assert.equal(REPLAY_WINDOW_MS, 24 * HOUR);
    const headers = { "idempotency-key": key() };
    const body = await leaseBody();
    const first = await t.as(manager).post(`${API}/leases`, body, { headers });
    assert.equal(first.status, 201, first.text);

    await age(headers["idempotency-key"], 23 * HOUR);
    const inWindow = await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers });
    assert.equal(inWindow.status, 422, "inside the window, the key is still refused for another body");
    assert.equal(inWindow.body.code, "idempotency_key_reused");

    await age(headers["idempotency-key"], 25 * HOUR);
    const later = await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers });
    assert.equal(later.status, 201, later.text);
    assert.equal(later.headers.get("idempotency-replayed"), null);
    assert.notEqual(later.body.id, first.body.id);
    // the expired record was replaced: the new reply is the one replayed now
    const again = await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers });
    assert.equal(again.status, 422, again.text);
    assert.equal(await t.db.idempotencyRecord.count({ where: { key: headers["idempotency-key"] } }), 1);
  });

  it("the purge deletes the records older than the window and keeps the others", async () => {
    const [old, recent] = [key(), key()];
    for (const k of [old, recent])
      assert.equal(
        (await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers: { "idempotency-key": k } })).status,
        201,
      );
    await age(old, 24 * HOUR + 60_000);
    await age(recent, 24 * HOUR - 60 * 60_000);
    assert.ok((await purgeExpiredReplies(t.db)) >= 1);
    assert.deepEqual(
      (await t.db.idempotencyRecord.findMany({ where: { key: { in: [old, recent] } } })).map((r) => r.key),
      [recent],
    );
  });

  it("the rotation re-encrypts every reply under the new key; the old key can then be retired", async () => {
    const k = key();
    assert.equal(
      (await t.as(manager).post(`${API}/leases`, await leaseBody(), { headers: { "idempotency-key": k } })).status,
      201,
    );
    const old = t.config.kycKeys[0]!;
    const newRing = new KeyRing(
      "k2",
      new Map([
        ["k2", randomBytes(32)],
        [old.id, old.key],
      ]),
    );
    const before = openReply(newRing, await t.db.idempotencyRecord.findFirstOrThrow({ where: { key: k } }));
    const report = await rotateKeys({
      ring: newRing,
      source: idempotencyReplyRotationSource(t.db),
      batchSize: 2,
      checkpoint: memoryCheckpoint(),
    });
    assert.ok(report.done && report.rotated >= 1, JSON.stringify(report));
    assert.equal(await t.db.idempotencyRecord.count({ where: { responseKeyId: { not: "k2" } } }), 0);
    const onlyNew = new KeyRing("k2", new Map([["k2", newRing.key("k2")]]));
    const row = await t.db.idempotencyRecord.findFirstOrThrow({ where: { key: k } });
    assert.equal(keyIdOf(row.responseCiphertext), "k2");
    assert.deepEqual(openReply(onlyNew, row), before);
  });

  it("the migration encrypts the plaintext replies inside the window, deletes older ones, and refuses without its step", async () => {
    const { url: dbUrl, drop } = await databaseBefore(IDEMPOTENCY_REPLY_MIGRATION);
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const insert = (c: pg.Client, k: string, body: unknown, hoursAgo: number) =>
      c.query(
        `INSERT INTO idempotency_records (scope, key, method, path, "requestHash", "statusCode", "responseBody", "createdAt")
         VALUES ('anonymous', $1, 'POST', '/api/v1/leases', 'h', 201, $2, now() - make_interval(hours => $3))`,
        [k, JSON.stringify(body), hoursAgo],
      );
    await withClient(dbUrl, async (c) => {
      await insert(c, "legacy-recent", { tenantName: "Zoë Legacy Reply" }, 2);
      await insert(c, "legacy-expired", { tenantName: "João Expired Reply" }, 30);
    });

    // Without the step the migration refuses while a reply is inside the window, and leaves everything as it was.
    await assert.rejects(migrate(dbUrl), /idempotency reply step/);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Legacy Reply")), { idempotency_records: 1 });
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Expired Reply")), { idempotency_records: 1 });

    await migrate(dbUrl, MIGRATIONS_DIR, legacyIdempotencyReplySteps(ring));
    await withClient(dbUrl, async (c) => {
      const column = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'idempotency_records' AND column_name = 'responseBody'`,
      );
      assert.equal(column.rowCount, 0, "the plaintext column is gone");
      assert.deepEqual(await rowsHolding(c, "Legacy Reply"), {});
      assert.deepEqual(await rowsHolding(c, "Expired Reply"), {});
      const { rows } = await c.query<{ scope: string; key: string; responseCiphertext: string; responseKeyId: string }>(
        `SELECT scope, key, "responseCiphertext", "responseKeyId" FROM idempotency_records`,
      );
      assert.deepEqual(
        rows.map((r) => r.key),
        ["legacy-recent"],
        "the reply outside the window is deleted",
      );
      assert.deepEqual(openReply(ring, rows[0]!), { tenantName: "Zoë Legacy Reply" });
      assert.equal(rows[0]!.responseKeyId, ring.currentKeyId);
    });
    await drop();
  });

  it("without its step, the migration goes through when every plaintext reply is older than the window (deleted)", async () => {
    const { url: dbUrl, drop } = await databaseBefore(IDEMPOTENCY_REPLY_MIGRATION);
    await withClient(dbUrl, (c) =>
      c.query(
        `INSERT INTO idempotency_records (scope, key, method, path, "requestHash", "statusCode", "responseBody", "createdAt")
         VALUES ('anonymous', 'legacy-old', 'POST', '/api/v1/leases', 'h', 201, '{"tenantName":"Old Reply"}', now() - interval '25 hours')`,
      ),
    );
    await migrate(dbUrl);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Old Reply")), {});
    await drop();
  });
});
