/**
 * Every named prepared statement keeps one generic plan (db/prepared.ts's rule: only statements whose best plan does
 * not depend on the values are prepared). PostgreSQL plans a prepared statement for its values five times, then
 * keeps a generic plan only if it costs no more than those custom plans; otherwise it plans again on every run.
 * Finding (issue 17): the portfolio's generic plan scanned chain_events, because the zero address sends every mint,
 * so PostgreSQL re-planned it on every request (about half its database time) and no test saw it. This test runs
 * each prepared statement of the API a dozen times, on one connection, over data skewed as a live chain is (one
 * token minted to thousands of holders, a few of whom ever sell), with different values each time, and reads
 * PostgreSQL's own counts (pg_prepared_statements): custom plans at most five, then generic plans only. It fails
 * when the portfolio's address ranges lose their lower bound. A tripwire counts the call sites of preparedRows and
 * pageRows, so a new prepared statement is added here before it lands.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { getAddress, zeroAddress, zeroHash } from "viem";
import { parseKeyRing } from "../crypto/key-ring.ts";
import type { Actor } from "../auth/actor.ts";
import { findLiveSession, hashToken } from "../auth/session.ts";
import { readAuditTrailJson } from "../audit/service.ts";
import { launched, propertyCapTable, walletPortfolio } from "../chain/service.ts";
import { feeSchedule } from "../fees/service.ts";
import { loadVisibleParties } from "../properties/access.ts";
import { listApplications } from "../kyc/service.ts";
import { listPropertiesJson } from "../properties/read.ts";
import { ListPropertiesQuery } from "../properties/schemas.ts";
import { freshDatabase } from "../../test/support/harness.ts";
import { createPool } from "./pool.ts";

const CHAIN = 31337;
const HOLDERS = 3_000;
const RUNS = 12;
const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The `n`th wallet (checksummed), as the sync stores addresses. */
const wallet = (n: number): string => getAddress(`0x${(0xa000000 + n).toString(16).padStart(40, "0")}`);
const TOKEN = getAddress(`0x${"7".repeat(40)}`);
const OFFERING = getAddress(`0x${"8".repeat(40)}`);
const DISTRIBUTOR = getAddress(`0x${"9".repeat(40)}`);

/** How often the source files (not tests) call preparedRows or pageRows: each call site prepares a statement. */
function preparedCallSites(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") count += preparedCallSites(file);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && entry.name !== "prepared.ts") {
      count += readFileSync(file, "utf8").match(/\b(preparedRows|pageRows)\s*[<(]/g)?.length ?? 0;
    }
  }
  return count;
}

describe("prepared statements keep one generic plan", () => {
  let url: string;
  let pool: pg.Pool;
  const properties: string[] = [];
  let owner: Actor;
  const admin: Actor = { id: randomUUID(), address: wallet(999_999), roles: ["ADMIN"] };
  const officer: Actor = { id: randomUUID(), address: wallet(999_998), roles: ["COMPLIANCE_OFFICER"] };

  before(async () => {
    url = await freshDatabase();
    // One connection: every statement is prepared, and pg_prepared_statements read, in the same session.
    pool = createPool(url, 1);
    const ownerId = randomUUID();
    owner = { id: ownerId, address: wallet(0), roles: ["INVESTOR", "PROPERTY_MANAGER"] };
    const holders = Array.from({ length: HOLDERS }, (_, n) => wallet(n));
    // Holder n's session token is `session-n`.
    await pool.query(
      `WITH u AS (
         INSERT INTO users (id, address, roles, "updatedAt")
         SELECT CASE WHEN n = 1 THEN $1::uuid ELSE gen_random_uuid() END, a, ARRAY['INVESTOR']::"Role"[], now()
         FROM unnest($2::text[]) WITH ORDINALITY AS x(a, n) RETURNING id
       )
       INSERT INTO sessions (id, "userId", "tokenHash", "expiresAt")
       SELECT gen_random_uuid(), u.id, h, now() + interval '1 day' FROM (SELECT id, row_number() OVER () AS n FROM u) u
         JOIN unnest($3::text[]) WITH ORDINALITY AS y(h, n) USING (n)`,
      [ownerId, holders, holders.map((_, n) => hashToken(`session-${n}`))],
    );
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      properties.push(id);
      await pool.query(
        `INSERT INTO properties (id, "ownerId", name, type, status, "addressLine1", city, country, currency, "updatedAt")
         VALUES ($1, $2, $3, 'RESIDENTIAL', 'OFFERING', '1 Rua', 'Lisbon', 'PT', 'EUR', now())`,
        [id, ownerId, `Plans ${i}`],
      );
    }
    // Property 0 governs TOKEN; the others have tokens of their own with no holders.
    for (const [i, id] of properties.entries()) {
      const token = i === 0 ? TOKEN : getAddress(`0x${(0xb000000 + i).toString(16).padStart(40, "0")}`);
      const offering = i === 0 ? OFFERING : getAddress(`0x${(0xc000000 + i).toString(16).padStart(40, "0")}`);
      await pool.query(
        `INSERT INTO chain_contracts ("chainId", address, kind, "propertyId", token, "fromBlock") VALUES ($1, $2, 'PropertyOffering', $3, $4, 1)`,
        [CHAIN, offering, id, token],
      );
      await pool.query(
        `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", outcome, "discoveredBlock", launcher)
         VALUES ($1, $2, $3, $4, 'PLN', 'finalized', 1, $5)`,
        [CHAIN, offering, id, token, owner.address],
      );
    }
    // A live token's history: every holder subscribed and was minted units (from the zero address), rent was
    // deposited and claimed, and three holders sold to others.
    await pool.query(
      `INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime", address, contract, name,
         token, partition, "fromAddr", "toAddr", amount, args)
       SELECT $1::int, 10 + u.n, e.k, '0x', '0x', now() - interval '1 day' + u.n * interval '1 second', e.address, e.contract, e.name,
         $2, $3, e."from", e."to", e.amount, e.args
       FROM (SELECT address, row_number() OVER (ORDER BY address) AS n FROM users) u,
         LATERAL (VALUES
           (0, $4::text, 'PropertyOffering', 'Subscribed', NULL::text, NULL::text, NULL::numeric, jsonb_build_object('investor', u.address, 'units', '10', 'paid', '1000')),
           (1, $2::text, 'PropertyToken', 'Transfer', $5::text, u.address, 10::numeric, jsonb_build_object('from', $5::text, 'to', u.address, 'value', '10')),
           (2, $4, 'PropertyOffering', 'Claimed', NULL, NULL, NULL::numeric, jsonb_build_object('investor', u.address, 'units', '10')),
           (3, $6::text, 'RentDistributor', 'RentClaimed', NULL, NULL, NULL::numeric, jsonb_build_object('token', $2::text, 'holder', u.address, 'amount', '5'))
         ) e(k, address, contract, name, "from", "to", amount, args)`,
      [CHAIN, TOKEN, zeroHash, OFFERING, zeroAddress, DISTRIBUTOR],
    );
    await pool.query(
      `INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime", address, contract, name,
         token, partition, "fromAddr", "toAddr", amount, args)
       SELECT $1::int, 100000 + n, 0, '0x', '0x', now(), $2, 'PropertyToken', 'Transfer', $2, $3, s, r, 1,
         jsonb_build_object('from', s, 'to', r, 'value', '1')
       FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS x(s, r, n)`,
      [
        CHAIN,
        TOKEN,
        zeroHash,
        Array.from({ length: 30 }, (_, n) => wallet(1 + (n % 3))),
        Array.from({ length: 30 }, (_, n) => wallet(100 + n)),
      ],
    );
    await pool.query(
      `INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime", address, contract, name, token, args)
       SELECT $1::int, 200000 + n, 0, '0x', '0x', now(), $2, 'RentDistributor', 'RentDeposited', $3,
         jsonb_build_object('token', $3::text, 'amount', '300000', 'dust', '0', 'supply', $4::text)
       FROM generate_series(0, 11) n`,
      [CHAIN, DISTRIBUTOR, TOKEN, HOLDERS * 10],
    );
    await pool.query(
      `INSERT INTO chain_holder_balances ("chainId", token, holder, partition, balance)
       SELECT $1::int, $2, address, $3, 10 FROM users`,
      [CHAIN, TOKEN, zeroHash],
    );
    await pool.query(
      `INSERT INTO chain_fee_payments ("chainId", "blockNumber", "logIndex", kind, token, "propertyId", amount, "blockTime", "txHash")
       SELECT $1::int, 300000 + n, 0, (ARRAY['PRIMARY', 'RENT', 'TRADE'])[1 + n % 3], $2, $3, 7, now() - n * interval '1 hour', '0x'
       FROM generate_series(0, 499) n`,
      [CHAIN, TOKEN, properties[0]],
    );
    await pool.query(
      `INSERT INTO audit_entries (at, action, "entityType", "entityId", "prevHash", hash)
       SELECT now() - (5000 - n) * interval '1 minute', 'property.updated', 'property', n::text, '', md5(n::text) FROM generate_series(1, 5000) n`,
    );
    await pool.query("ANALYZE");
  });

  after(async () => {
    await pool?.end();
  });

  it("each of them, run with a dozen different values, plans for its values at most five times", async () => {
    const ring = parseKeyRing(`k:${randomBytes(32).toString("base64")}`, "k");
    for (let i = 0; i < RUNS; i++) {
      // Holders, a seller, a buyer and a wallet that never appears; properties with and without holders.
      const w = [wallet(1 + i * 97), wallet(1 + (i % 3)), wallet(100 + i), wallet(HOLDERS + i)][i % 4]!;
      const property = properties[i % 3 === 0 ? 0 : i]!;
      await findLiveSession(pool, hashToken(`session-${[1 + i * 97, HOLDERS + i][i % 2]}`));
      await loadVisibleParties(pool, owner, property);
      await launched(pool, CHAIN, property);
      await propertyCapTable(pool, CHAIN, owner, property, {
        limit: 100,
        after: i % 2 ? `${w}:${zeroHash}` : undefined,
      });
      await walletPortfolio(pool, CHAIN, admin, w);
      await walletPortfolio(pool, CHAIN, admin, zeroAddress); // the mints' sender: a statement of its own
      const from = new Date(Date.now() - (i + 1) * 3_600_000);
      await readAuditTrailJson(pool, ring, { order: "desc", afterSeq: 0, limit: 50, from, to: new Date() });
      await feeSchedule(pool, CHAIN, new Date());
      // the marketplace's search: one text for every search of its shape, the words a parameter
      const search = ListPropertiesQuery.parse({ q: `plans ${[i, 100 + i][i % 2]}`, sort: "name", order: "asc" });
      await listPropertiesJson(pool, null, search, CHAIN);
      // the KYC queue's first page, its status a literal of the text
      await listApplications(pool, officer, { status: "SUBMITTED", sort: "risk", limit: 25 });
    }
    const { rows } = await pool.query<{ name: string; statement: string; generic: string; custom: string }>(
      `SELECT name, statement, generic_plans::text AS generic, custom_plans::text AS custom FROM pg_prepared_statements`,
    );
    const replanned = rows.filter((r) => Number(r.custom) > 5);
    assert.deepEqual(
      replanned.map(
        (r) => `${r.custom} custom plans, ${r.generic} generic: ${r.statement.replace(/\s+/g, " ").slice(0, 160)}`,
      ),
      [],
    );
    // Not vacuous: every statement ran often enough to be judged (the audit's `to` bound too).
    const named = rows.filter((r) => Number(r.custom) + Number(r.generic) >= RUNS);
    assert.ok(named.some((r) => r.name === "session_actor"));
    assert.equal(
      named.length,
      preparedCallSites(src) + 1,
      rows.map((r) => `${r.name} ${r.custom}+${r.generic}`).join("\n"),
    );
  });
});
