/**
 * The stored marketplace cards (property_cards, migration list_cards) never go stale. The list reads them instead of
 * building cards, so a write that changes a card's source without refreshing it would show an old price, cover or
 * offering until the next unrelated write. The generator below runs any sequence of writes to every table a card is
 * built from (properties, property_documents, leases, chain_offerings and the stakeholders' users rows), single-row
 * and bulk, and after each one the stored card must equal the card built afresh from the tables. The formats are
 * read.test.ts's business (it compares the list, which serves the stored cards, with the presenters byte for byte).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { API_PREFIX } from "../openapi/document.ts";
import { MAX_YIELD_BPS } from "../leases/summary.ts";

let client: pg.Client;
let url: string;
/** Wallet addresses: the owner's, the manager's, an outsider's (who may launch offerings with any property id). */
const OWNER = "0x00000000000000000000000000000000000000A1";
const MANAGER = "0x00000000000000000000000000000000000000A2";
const OUTSIDER = "0x00000000000000000000000000000000000000A3";
const users: Record<string, string> = {};

before(async () => {
  url = await freshDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const address of [OWNER, MANAGER, OUTSIDER]) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (id, address, roles, "updatedAt") VALUES (gen_random_uuid(), $1, ARRAY['PROPERTY_MANAGER']::"Role"[], now()) RETURNING id`,
      [address],
    );
    users[address] = rows[0]!.id;
  }
});
after(() => client.end());

/** Every property of `ids` whose stored card differs from the one the tables give now (none when fresh). */
async function staleCards(ids: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string; stored: string | null; fresh: string }>(
    `SELECT r."propertyId" AS id, c.body || c.chains::text AS stored, r.body || r.chains::text AS fresh
       FROM property_card_rows($1::uuid[]) r LEFT JOIN property_cards c ON c."propertyId" = r."propertyId"`,
    [ids],
  );
  assert.equal(rows.length, ids.length);
  return rows.filter((r) => r.stored !== r.fresh).map((r) => `${r.id}\n stored ${r.stored}\n fresh  ${r.fresh}`);
}

async function newProperty(n: number): Promise<{ id: string; unit: string }> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency,
       "currentValuation", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'Card ' || $3::text, 'RESIDENTIAL', 'VERIFIED', '1 Main Street', 'Lisbon', 'PT', 'EUR', 250000, now())
     RETURNING id`,
    [users[OWNER], users[MANAGER], n],
  );
  const id = rows[0]!.id;
  const unit = await client.query<{ id: string }>(
    `INSERT INTO property_units (id, "propertyId", label) VALUES (gen_random_uuid(), $1, 'A') RETURNING id`,
    [id],
  );
  return { id, unit: unit.rows[0]!.id };
}

let offeringSeq = 0;
let addressSeq = 0;
const hexAddress = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

type World = { properties: { id: string; unit: string }[] };
type Write = (world: World) => Promise<unknown>;

const pick = fc.nat({ max: 2 });
/** One write to a card's sources; indexes pick a property (or a row) of the run's world. */
const write: fc.Arbitrary<{ name: string; run: Write }> = fc.oneof(
  fc
    .record({
      i: pick,
      column: fc.constantFrom<[string, fc.Arbitrary<unknown>]>(
        ["name", fc.string({ maxLength: 12 })],
        ["currentValuation", fc.option(fc.constantFrom("0.01", "1000.50", "250000", "99999999.99"), { nil: null })],
        ["currency", fc.constantFrom("EUR", "USD")],
        ["status", fc.constantFrom("VERIFIED", "OFFERING", "FUNDED", "DRAFT")],
        ["coordinates", fc.option(fc.constantFrom(["38.100000", "-9.5"], ["0", "179.999999"]), { nil: null })],
        ["bedrooms", fc.option(fc.nat({ max: 9 }), { nil: null })],
        ["managerId", fc.constantFrom(MANAGER, OUTSIDER, null)],
      ),
    })
    .chain(({ i, column: [column, values] }) =>
      values.map((value) => ({
        name: `property ${i}: ${column} = ${JSON.stringify(value)}`,
        run: (w: World) => {
          const id = w.properties[i]!.id;
          if (column === "coordinates") {
            const [latitude, longitude] = (value as [string, string] | null) ?? [null, null];
            return client.query(`UPDATE properties SET latitude = $2, longitude = $3 WHERE id = $1`, [
              id,
              latitude,
              longitude,
            ]);
          }
          const v = column === "managerId" && typeof value === "string" ? users[value] : value;
          const cast = column === "status" ? `::"PropertyStatus"` : "";
          return client.query(`UPDATE properties SET "${column}" = $2${cast} WHERE id = $1`, [id, v]);
        },
      })),
    ),
  fc.constant({
    name: "every property: version + 1 (one statement)",
    run: (w: World) =>
      client.query(`UPDATE properties SET version = version + 1 WHERE id = ANY($1::uuid[])`, [
        w.properties.map((p) => p.id),
      ]),
  }),
  fc
    .record({ i: pick, kind: fc.constantFrom("IMAGE", "TITLE_DEED"), minutes: fc.integer({ min: -5, max: 5 }) })
    .map(({ i, kind, minutes }) => ({
      name: `property ${i}: add a ${kind} document (${minutes} min)`,
      run: (w: World) =>
        client.query(
          `INSERT INTO property_documents (id, "propertyId", kind, "fileName", "contentType", "sizeBytes", sha256, "uploadedById", "createdAt")
           VALUES (gen_random_uuid(), $1, $2, 'f', 'image/jpeg', 1, encode(sha256(random()::text::bytea), 'hex'), $3, now() + ($4 || ' minutes')::interval)`,
          [w.properties[i]!.id, kind, users[OWNER], minutes],
        ),
    })),
  fc.record({ i: pick, to: fc.constantFrom("IMAGE", "OTHER") }).map(({ i, to }) => ({
    name: `property ${i}: its first document becomes ${to}`,
    run: (w: World) =>
      client.query(
        `UPDATE property_documents SET kind = $2 WHERE id = (SELECT id FROM property_documents WHERE "propertyId" = $1 ORDER BY "createdAt", id LIMIT 1)`,
        [w.properties[i]!.id, to],
      ),
  })),
  pick.map((i) => ({
    name: `property ${i}: delete its first document`,
    run: (w: World) =>
      client.query(
        `DELETE FROM property_documents WHERE id = (SELECT id FROM property_documents WHERE "propertyId" = $1 ORDER BY "createdAt", id LIMIT 1)`,
        [w.properties[i]!.id],
      ),
  })),
  fc
    .record({
      i: pick,
      status: fc.constantFrom("ACTIVE", "DRAFT"),
      currency: fc.constantFrom("EUR", "USD"),
      frequency: fc.constantFrom("MONTHLY", "QUARTERLY"),
      rent: fc.constantFrom("1000", "2500.75", "99999999"),
    })
    .map(({ i, status, currency, frequency, rent }) => ({
      name: `property ${i}: add a ${status} ${frequency} lease of ${rent} ${currency}`,
      run: (w: World) =>
        client.query(
          `WITH unit AS (INSERT INTO property_units (id, "propertyId", label) VALUES (gen_random_uuid(), $1, gen_random_uuid()::text) RETURNING id)
           INSERT INTO leases (id, "propertyId", "unitId", "tenantNameCiphertext", "tenantKeyId", "startDate", "endDate", "rentAmount", currency, frequency, "depositAmount", status, "createdById", "updatedAt")
           SELECT gen_random_uuid(), $1, unit.id, 'T', 'unread', '2026-01-01', '2027-01-01', $2, $3, $4::"RentFrequency", 0, $5::"LeaseStatus", $6, now() FROM unit`,
          [w.properties[i]!.id, rent, currency, frequency, status, users[OWNER]],
        ),
    })),
  fc.record({ i: pick, status: fc.constantFrom("ACTIVE", "TERMINATED") }).map(({ i, status }) => ({
    name: `property ${i}: its leases become ${status} (one statement)`,
    run: (w: World) =>
      client.query(`UPDATE leases SET status = $2::"LeaseStatus" WHERE "propertyId" = $1`, [
        w.properties[i]!.id,
        status,
      ]),
  })),
  fc.record({ from: pick, to: pick }).map(({ from, to }) => ({
    name: `a lease of property ${from} (an active one if any) moves to property ${to}`,
    run: (w: World) =>
      client.query(
        `WITH unit AS (INSERT INTO property_units (id, "propertyId", label) VALUES (gen_random_uuid(), $2, gen_random_uuid()::text) RETURNING id)
         UPDATE leases SET "propertyId" = $2, "unitId" = unit.id FROM unit
          WHERE leases.id = (SELECT id FROM leases WHERE "propertyId" = $1 ORDER BY status = 'ACTIVE' DESC, id LIMIT 1)`,
        [w.properties[from]!.id, w.properties[to]!.id],
      ),
  })),
  pick.map((i) => ({
    name: `property ${i}: delete its leases`,
    run: (w: World) => client.query(`DELETE FROM leases WHERE "propertyId" = $1`, [w.properties[i]!.id]),
  })),
  fc
    .record({ i: pick, chainId: fc.constantFrom(31337, 1), launcher: fc.constantFrom(OWNER, MANAGER, OUTSIDER) })
    .map(({ i, chainId, launcher }) => ({
      name: `property ${i}: an offering on chain ${chainId} launched by ${launcher}`,
      run: async (w: World) => {
        const address = hexAddress(0xb000 + ++offeringSeq);
        const block = offeringSeq;
        await client.query(
          `INSERT INTO chain_contracts ("chainId", address, kind, "fromBlock", "discoveredBlock") VALUES ($1, $2, 'PropertyOffering', $3, $3)`,
          [chainId, address, block],
        );
        await client.query(
          `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", partition, "paymentToken", "pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket", "startTime", "endTime", "discoveredBlock", launcher)
           VALUES ($1, $2, $3, $2, 'FH', '0x' || repeat('0', 64), $2, 1000, 10, 100, 1, 100, '2026-01-01', '2026-02-01', $4, $5)`,
          [chainId, address, w.properties[i]!.id, block, launcher],
        );
      },
    })),
  fc
    .record({ i: pick, units: fc.nat({ max: 100 }), outcome: fc.constantFrom("open", "finalized", "cancelled") })
    .map(({ i, units, outcome }) => ({
      name: `property ${i}: its offerings sell ${units} units, ${outcome} (one statement)`,
      run: (w: World) =>
        client.query(`UPDATE chain_offerings SET "unitsSold" = $2, outcome = $3 WHERE "propertyId" = $1`, [
          w.properties[i]!.id,
          units,
          outcome,
        ]),
    })),
  pick.map((i) => ({
    name: `property ${i}: its latest offering is deleted`,
    run: (w: World) =>
      client.query(
        `DELETE FROM chain_offerings WHERE address = (SELECT address FROM chain_offerings WHERE "propertyId" = $1 ORDER BY "discoveredBlock" DESC LIMIT 1)`,
        [w.properties[i]!.id],
      ),
  })),
  fc.constantFrom(OWNER, MANAGER, OUTSIDER).map((who) => ({
    name: `${who}'s wallet address changes`,
    run: async () => {
      const fresh = hexAddress(0xc000 + ++addressSeq);
      await client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[who], fresh]);
      // and back, in a second statement: the launcher addresses above stay the stakeholders' for later writes
      return client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[who], who]);
    },
  })),
  fc.constant({
    name: "the manager's wallet becomes the outsider's launch address for a moment",
    run: async (w: World) => {
      // swap addresses within one transaction: between the statements the outsider's launches are the manager's
      await client.query("BEGIN");
      try {
        await client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[OUTSIDER], hexAddress(0xdead)]);
        await client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[MANAGER], OUTSIDER]);
        assert.deepEqual(await staleCards(w.properties.map((p) => p.id)), []);
        await client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[MANAGER], MANAGER]);
        await client.query(`UPDATE users SET address = $2 WHERE id = $1`, [users[OUTSIDER], OUTSIDER]);
      } finally {
        await client.query("COMMIT");
      }
    },
  }),
);

describe("stored marketplace cards", () => {
  it("the migration's constants are the code's: the API prefix of cover URLs, the yield's cap", () => {
    // property_card_rows writes them as literals (a migration cannot import them)
    assert.equal(API_PREFIX, "/api/v1");
    assert.equal(MAX_YIELD_BPS, 2_147_483_647);
  });

  it("after any sequence of writes to a card's sources, every stored card equals the card built afresh", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 25 }), async (writes) => {
        run += 1;
        const world: World = { properties: [] };
        for (let n = 0; n < 3; n++) world.properties.push(await newProperty(run * 10 + n));
        const ids = world.properties.map((p) => p.id);
        assert.deepEqual(await staleCards(ids), [], "cards of new properties");
        for (const w of writes) {
          await w.run(world).catch((error: Error) => {
            throw new Error(`${w.name}: ${error.message}`);
          });
          assert.deepEqual(await staleCards(ids), [], `after: ${w.name}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a lease that moves to another property leaves the first one's card and joins the second's", async () => {
    const [from, to] = [await newProperty(9_001), await newProperty(9_002)];
    const lease = randomUUID();
    await client.query(
      `INSERT INTO leases (id, "propertyId", "unitId", "tenantNameCiphertext", "tenantKeyId", "startDate", "endDate", "rentAmount", currency, "depositAmount", status, "createdById", "updatedAt")
       VALUES ($1, $2, $3, 'T', 'unread', '2026-01-01', '2027-01-01', 1000, 'EUR', 0, 'ACTIVE', $4, now())`,
      [lease, from.id, from.unit, users[OWNER]],
    );
    await client.query(`UPDATE leases SET "propertyId" = $2, "unitId" = $3 WHERE id = $1`, [lease, to.id, to.unit]);
    const { rows } = await client.query<{ id: string; body: string }>(
      `SELECT "propertyId" AS id, body FROM property_cards WHERE "propertyId" = ANY($1::uuid[])`,
      [[from.id, to.id]],
    );
    const yieldOf = (id: string) =>
      (JSON.parse(`${rows.find((r) => r.id === id)!.body}}`) as { yieldBps: number }).yieldBps;
    assert.deepEqual([yieldOf(from.id), yieldOf(to.id)], [0, 480]);
  });

  it("two writers of one property at once: the card holds both changes (the second waits for the first)", async () => {
    const { id, unit } = await newProperty(9_999);
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO property_documents (id, "propertyId", kind, "fileName", "contentType", "sizeBytes", sha256, "uploadedById")
         VALUES (gen_random_uuid(), $1, 'IMAGE', 'f', 'image/jpeg', 1, repeat('a', 64), $2)`,
        [id, users[OWNER]],
      );
      await other.query("BEGIN");
      const lease = other.query(
        `INSERT INTO leases (id, "propertyId", "unitId", "tenantNameCiphertext", "tenantKeyId", "startDate", "endDate", "rentAmount", currency, "depositAmount", status, "createdById", "updatedAt")
         VALUES ($3, $1, $2, 'T', 'unread', '2026-01-01', '2027-01-01', 1000, 'EUR', 0, 'ACTIVE', $4, now())`,
        [id, unit, randomUUID(), users[OWNER]],
      );
      // commit the document only once the lease's trigger waits for it (on the card's lock)
      const pid = (other as unknown as { processID: number }).processID;
      for (let waited = 0; ; waited++) {
        const { rows } = await client.query<{ waiting: boolean }>(
          `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
          [pid],
        );
        if (rows[0]?.waiting) break;
        assert.ok(waited < 500, "the lease's insert never waited for the document's transaction");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await client.query("COMMIT");
      await lease;
      await other.query("COMMIT");
      const { rows } = await client.query<{ body: string }>(`SELECT body FROM property_cards WHERE "propertyId" = $1`, [
        id,
      ]);
      const card = JSON.parse(`${rows[0]!.body}}`) as { coverImageUrl: string | null; yieldBps: number | null };
      assert.notEqual(card.coverImageUrl, null, "the document's cover");
      assert.equal(card.yieldBps, 480, "the lease's yield: 12,000 a year over 250,000");
      assert.deepEqual(await staleCards([id]), []);
    } finally {
      await other.end();
    }
  });
});
