/**
 * The portfolio and the cap table as response JSON built by PostgreSQL in one statement each (issue 17), against the
 * read paths they replaced, kept here verbatim as the oracle (statements for a portfolio's holdings and subscriptions;
 * property, governing offering and page for a cap table, each row parsed and serialised again by Node). A portfolio's
 * rent is checked against a model of the distributor instead (`modelRent`): since capital, rent fees and claims of
 * both (issue 19) it is no longer the statement it replaced. For generated events, balances,
 * properties, offerings, actors and pages, every answer must be byte for byte JSON.stringify of what the oracle
 * returned (empty pages and the cursor included), and refuse with the same error exactly when it did (403, 404).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type pg from "pg";
import { getAddress, toHex, zeroAddress, zeroHash } from "viem";
import { ROLES, type Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { ForbiddenError } from "../core/errors.ts";
import { PropertyStatus, type Role } from "../generated/prisma/enums.ts";
import { canManage, loadVisibleParties, seesEverything } from "../properties/access.ts";
import { createPool } from "../db/pool.ts";
import { createTestContext, freshDatabase, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";
import { propertyCapTable, walletPortfolio } from "./service.ts";
import { governingOrder, launchedByStakeholder } from "./sync/offerings.ts";
import type { Holding, Portfolio } from "./sync/read-models.ts";

const CHAIN = 31337;

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the read paths before issue 17's JSON statements, as they were.

async function oldPortfolio(pool: pg.Pool, chainId: number, wallet: string): Promise<Portfolio> {
  const w = getAddress(wallet);
  const holdings = (
    await pool.query<Portfolio["holdings"][number]>(
      `
    SELECT token, partition, SUM(delta)::text AS balance FROM (
      SELECT token, partition, amount AS delta FROM chain_events WHERE "chainId" = $1::int AND name = 'Transfer' AND contract = 'PropertyToken' AND "toAddr" = $2
      UNION ALL
      SELECT token, partition, -amount FROM chain_events WHERE "chainId" = $1::int AND name = 'Transfer' AND contract = 'PropertyToken' AND "fromAddr" = $2
    ) moves GROUP BY token, partition HAVING SUM(delta) <> 0 ORDER BY token, partition`,
      [chainId, w],
    )
  ).rows;
  const subscriptions = (
    await pool.query<Portfolio["subscriptions"][number]>(
      `
    SELECT address AS offering, MAX(token) AS token,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS units,
      COALESCE(SUM((args->>'paid')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS paid,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Claimed'), 0)::text AS "claimedUnits",
      COALESCE(SUM((args->>'amount')::numeric) FILTER (WHERE name = 'Refunded'), 0)::text AS refunded
    FROM chain_events
    WHERE "chainId" = $1::int AND contract = 'PropertyOffering' AND name IN ('Subscribed', 'Claimed', 'Refunded') AND args->>'investor' = $2
    GROUP BY address ORDER BY address`,
      [chainId, w],
    )
  ).rows;
  const rent = await modelRent(pool, chainId, w);
  return { wallet: w, holdings, subscriptions, rent };
}

interface DistributorRow {
  name: string;
  address: string;
  token: string | null;
  fromAddr: string | null;
  toAddr: string | null;
  amount: string | null;
  args: Record<string, string>;
  b: number;
  l: number;
  txHash: string;
}

/**
 * The rent rows, from a model of the distributor over the stored events rather than a statement (rent and capital
 * share one accrual per token; the rent fee and the dust carried between deposits of either kind are taken off what a
 * deposit hands out): each deposit hands `(amount - fee + previous dust - dust) / supply` to each unit, a wallet's
 * units being its Transfers' sum before the deposit; a claim pays everything owed, so the capital claimed is the
 * capital accrued up to the last claim. Rows for the tokens the wallet moved or claimed, by token.
 */
async function modelRent(pool: pg.Pool, chainId: number, w: string): Promise<Portfolio["rent"]> {
  const { rows } = await pool.query<DistributorRow>(
    `SELECT name, address, token, "fromAddr", "toAddr", amount::text AS amount, args, "blockNumber"::int AS b,
       "logIndex" AS l, "txHash" FROM chain_events
     WHERE "chainId" = $1::int AND (name = 'Transfer' OR contract = 'RentDistributor') ORDER BY "blockNumber", "logIndex"`,
    [chainId],
  );
  const before = (a: DistributorRow, z: DistributorRow) => a.b < z.b || (a.b === z.b && a.l < z.l);
  const transfers = rows.filter((r) => r.name === "Transfer" && (r.toAddr === w || r.fromAddr === w));
  const claims = rows.filter((r) => r.name === "RentClaimed" && r.args["holder"] === w);
  const tokens = [...new Set([...transfers.map((r) => r.address), ...claims.map((r) => r.token!)])].sort();
  const out: Portfolio["rent"] = [];
  for (const token of tokens) {
    const mine = claims.filter((c) => c.token === token);
    const claimed = mine.reduce((s, c) => s + BigInt(c.args["amount"]!), 0n);
    const last = mine.at(-1);
    let dust = 0n;
    let total = 0n;
    let capital = 0n;
    let capitalUnclaimed = 0n;
    let deposits = 0;
    for (const d of rows) {
      if (d.token !== token || (d.name !== "RentDeposited" && d.name !== "CapitalDeposited")) continue;
      deposits += 1;
      const fee = rows
        .filter(
          (f) =>
            f.name === "RentFeeCharged" &&
            f.b === d.b &&
            f.txHash === d.txHash &&
            f.token === token &&
            f.args["depositId"] !== undefined &&
            f.args["depositId"] === d.args["depositId"],
        )
        .reduce((s, f) => s + BigInt(f.args["fee"]!), 0n);
      const distributable = BigInt(d.args["amount"]!) - fee + dust - BigInt(d.args["dust"]!);
      dust = BigInt(d.args["dust"]!);
      const units = transfers
        .filter((m) => m.address === token && before(m, d))
        .reduce(
          (s, m) => s + (m.toAddr === w ? BigInt(m.amount!) : 0n) - (m.fromAddr === w ? BigInt(m.amount!) : 0n),
          0n,
        );
      const accrued = (distributable / BigInt(d.args["supply"]!)) * units;
      total += accrued;
      if (d.name !== "CapitalDeposited") continue;
      capital += accrued;
      if (!last || before(last, d)) capitalUnclaimed += accrued;
    }
    // A token's row needs a deposit (a claim cannot come before one on chain), and something accrued or claimed.
    if (deposits === 0 || (total <= 0n && claimed <= 0n)) continue;
    const claimable = total - claimed > 0n ? total - claimed : 0n;
    out.push({
      token,
      claimed: String(claimed),
      claimable: String(claimable),
      capitalClaimed: String(capital - capitalUnclaimed),
      capitalClaimable: String(capitalUnclaimed),
    });
  }
  return out;
}

function mayReadPortfolio(actor: Actor | null, wallet: string): boolean {
  return (!!actor && getAddress(actor.address) === getAddress(wallet)) || hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER");
}

async function oldWalletPortfolio(pool: pg.Pool, chainId: number, actor: Actor, wallet: string) {
  if (!mayReadPortfolio(actor, wallet))
    throw new ForbiddenError("only the wallet's owner, compliance officers and admins see a portfolio");
  return oldPortfolio(pool, chainId, wallet);
}

const OLD_LAUNCHED_SQL = `SELECT o.token, o.address FROM chain_offerings o JOIN properties p ON p.id = o."propertyId"
  WHERE o."chainId" = $1::int AND o."propertyId" = $2::uuid AND ${launchedByStakeholder("o", "p")}
  ORDER BY ${governingOrder("o")} LIMIT 1`;

async function oldCapTablePage(
  pool: pg.Pool,
  chainId: number,
  token: string,
  page: { limit: number; after?: { holder: string; partition: string } | undefined },
): Promise<{ holders: Holding[]; next: { holder: string; partition: string } | null }> {
  const t = getAddress(token);
  const after = page.after ?? { holder: "", partition: "" };
  const rows = (
    await pool.query<Holding>(
      `SELECT holder, partition, balance::text AS balance FROM chain_holder_balances
     WHERE "chainId" = $1::int AND token = $2 AND (holder, partition) > ($3, $4)
     ORDER BY holder, partition LIMIT $5::int`,
      [chainId, t, after.holder, after.partition, page.limit + 1],
    )
  ).rows;
  const holders = rows.slice(0, page.limit);
  const last = holders.at(-1);
  return {
    holders,
    next: rows.length > page.limit && last ? { holder: last.holder, partition: last.partition } : null,
  };
}

async function oldPropertyCapTable(
  pool: pg.Pool,
  chainId: number,
  actor: Actor,
  propertyId: string,
  page: { limit: number; after?: string | undefined },
) {
  const property = await loadVisibleParties(pool, actor, propertyId);
  if (!seesEverything(actor) && !canManage(actor, property))
    throw new ForbiddenError("only the property's owner or manager, compliance officers and admins see its cap table");
  const [row] = (await pool.query<{ token: string }>(OLD_LAUNCHED_SQL, [chainId, property.id])).rows;
  const token = row?.token ?? null;
  const [holder, partition] = page.after?.split(":") ?? [];
  const after = holder && partition ? { holder: getAddress(holder), partition: partition.toLowerCase() } : undefined;
  const { holders, next } = token
    ? await oldCapTablePage(pool, chainId, token, { limit: page.limit, after })
    : { holders: [], next: null };
  return { propertyId: property.id, token, holders, nextCursor: next ? `${next.holder}:${next.partition}` : null };
}

// ---------------------------------------------------------------------------------------------------------------

/** A JSON answer, or the refusal's class and message. */
type Outcome = { json: string } | { refused: string; message: string };

async function outcome(run: () => Promise<unknown>, serialise: (value: unknown) => string): Promise<Outcome> {
  try {
    return { json: serialise(await run()) };
  } catch (error) {
    if (!(error instanceof Error) || !("code" in error)) throw error;
    return { refused: error.constructor.name, message: error.message };
  }
}

/** The new path must hand back the body as text, ready to send. */
const asText = (value: unknown): string => {
  assert.equal(typeof value, "string", "the body is JSON text built by PostgreSQL");
  return value as string;
};

/** Checksummed addresses with letters (so case matters), distinct per `n`. */
const address = (prefix: string, n: number): string =>
  getAddress(`0x${prefix}${"c".repeat(30)}${n.toString(16).padStart(9, "0")}`);
const LOCKUP = toHex("LOCKUP-12M", { size: 32 });

describe("portfolio and cap table JSON", () => {
  let url: string;
  let t: TestContext;
  let pool: pg.Pool;
  before(async () => {
    url = await freshDatabase();
    t = await createTestContext({}, { databaseUrl: url });
    pool = t.pool;
  });
  after(async () => {
    await t?.close();
  });

  describe("portfolio", () => {
    const wallets = [address("a", 1), address("a", 2), address("a", 3)];
    const tokens = [address("b", 1), address("b", 2), address("b", 3)];
    const offerings = [
      { address: address("d", 1), token: tokens[0]! },
      { address: address("d", 2), token: null },
    ];
    const DISTRIBUTOR = address("e", 1);
    // The wallets, the zero address (mints and burns), and a wallet's lowercase spelling (args compare it as stored).
    const party = fc.constantFrom(...wallets, zeroAddress, wallets[0]!.toLowerCase());
    const amount = fc.bigInt({ min: 0n, max: 10n ** 30n });
    const token = fc.constantFrom(...tokens);
    const depositId = fc.constantFrom("1", "2");
    const event = fc.oneof(
      fc.record({
        kind: fc.constant("Transfer" as const),
        // A Transfer of another contract at a token's address: holdings count PropertyToken's only, rent any.
        contract: fc.constantFrom("PropertyToken", "PropertyToken", "PropertyToken", "Settlement"),
        token,
        from: party,
        to: party,
        partition: fc.constantFrom(zeroHash, LOCKUP),
        amount,
      }),
      fc.record({
        kind: fc.constantFrom("Subscribed" as const, "Claimed" as const, "Refunded" as const),
        offering: fc.constantFrom(...offerings),
        investor: party,
        units: amount,
        paid: amount,
      }),
      fc.record({
        // Capital returned by a refinance accrues with the rent (one accumulator, one dust carry).
        kind: fc.constantFrom("RentDeposited" as const, "CapitalDeposited" as const),
        token,
        depositId,
        amount,
        dust: fc.bigInt({ min: 0n, max: 10_000n }),
        supply: fc.bigInt({ min: 1n, max: 10n ** 6n }),
      }),
      // A rent deposit's fee: the same transaction (stored in the same block here) and deposit id, or none.
      fc.record({ kind: fc.constant("RentFeeCharged" as const), token, depositId, fee: amount }),
      fc.record({ kind: fc.constant("RentClaimed" as const), token, holder: party, amount }),
    );
    type Event = typeof event extends fc.Arbitrary<infer E> ? E : never;
    // A deposit followed by a fee of its token, of its deposit id or the other one: stored three events per block, the
    // fee is in the deposit's block (and so its transaction here) or the next.
    const depositAndFee = fc
      .tuple(event, depositId, amount)
      .filter(([d]) => d.kind === "RentDeposited" || d.kind === "CapitalDeposited")
      .map(([d, id, fee]): Event[] => [
        d,
        { kind: "RentFeeCharged", token: (d as { token: string }).token, depositId: id, fee },
      ]);
    const events = (maxLength: number) =>
      fc
        .array(
          fc.oneof(
            event.map((e) => [e]),
            depositAndFee,
          ),
          { maxLength },
        )
        .map((xs) => xs.flat());

    function row(e: Event): Record<string, unknown> {
      switch (e.kind) {
        case "Transfer":
          return {
            address: e.token,
            contract: e.contract,
            token: e.token,
            partition: e.partition,
            fromAddr: e.from,
            toAddr: e.to,
            amount: e.amount.toString(),
            args: { from: e.from, to: e.to, value: e.amount.toString() },
          };
        case "RentDeposited":
        case "CapitalDeposited":
          return {
            address: DISTRIBUTOR,
            contract: "RentDistributor",
            token: e.token,
            args: {
              token: e.token,
              depositId: e.depositId,
              amount: String(e.amount),
              dust: String(e.dust),
              supply: String(e.supply),
            },
          };
        case "RentFeeCharged":
          return {
            address: DISTRIBUTOR,
            contract: "RentDistributor",
            token: e.token,
            args: { token: e.token, depositId: e.depositId, fee: String(e.fee) },
          };
        case "RentClaimed":
          return {
            address: DISTRIBUTOR,
            contract: "RentDistributor",
            token: e.token,
            args: { token: e.token, holder: e.holder, amount: String(e.amount) },
          };
        default:
          return {
            address: e.offering.address,
            contract: "PropertyOffering",
            token: e.offering.token,
            args: {
              investor: e.investor,
              units: String(e.units),
              ...(e.kind === "Subscribed" ? { paid: String(e.paid) } : {}),
              ...(e.kind === "Refunded" ? { amount: String(e.paid) } : {}),
            },
          };
      }
    }

    /** Stores the events in order, three per block (so deposits and transfers share blocks), on `chainId`. */
    async function store(events: Event[], chainId: number): Promise<void> {
      const rows = events.map(row);
      const column = (k: string) => rows.map((r) => (r[k] === undefined ? null : r[k]));
      await pool.query(
        `INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime", address, contract, name,
           token, partition, "fromAddr", "toAddr", amount, args)
         SELECT $1::int, n / 3 + 1, n % 3, '0x', '0x', now(), a, c, e, t, p, f, r, m::numeric, j::jsonb
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           WITH ORDINALITY AS x(a, c, e, t, p, f, r, m, j, n)`,
        [
          chainId,
          column("address"),
          column("contract"),
          events.map((e) => e.kind),
          column("token"),
          column("partition"),
          column("fromAddr"),
          column("toAddr"),
          column("amount"),
          rows.map((r) => JSON.stringify(r["args"])),
        ],
      );
    }

    const owner = (wallet: string): Actor => ({ id: randomUUID(), address: wallet, roles: ["INVESTOR"] });

    it("is byte for byte the old portfolio for any events, wallet (also empty) and spelling of it, asked alone or together", async () => {
      const asked = [...wallets, zeroAddress, wallets[1]!.toLowerCase(), address("f", 1)];
      await fc.assert(
        fc.asyncProperty(
          events(30),
          events(6),
          // the wallets asked for in one turn (db/turn-batch.ts), repeats and spellings of one wallet included
          fc.array(fc.constantFrom(...asked), { minLength: 1, maxLength: 12 }),
          async (events, noise, together) => {
            await pool.query("DELETE FROM chain_events");
            await store(events, CHAIN);
            await store(noise, 1); // another chain's events: never in the portfolio
            const expected = new Map<string, Outcome>();
            for (const wallet of asked) {
              const actor = owner(wallet);
              expected.set(wallet, await outcome(() => oldWalletPortfolio(pool, CHAIN, actor, wallet), JSON.stringify));
              const got = await outcome(() => walletPortfolio(pool, CHAIN, actor, wallet), asText);
              assert.deepEqual(got, expected.get(wallet), wallet);
            }
            const answers = await Promise.all(
              together.map((wallet) => outcome(() => walletPortfolio(pool, CHAIN, owner(wallet), wallet), asText)),
            );
            for (const [i, wallet] of together.entries()) assert.deepEqual(answers[i], expected.get(wallet), wallet);
          },
        ),
        { numRuns: 80 },
      );
    });

    it("refuses other wallets exactly as before: only the owner, compliance officers and admins", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...wallets, address("f", 2)),
          fc.constantFrom(...wallets, wallets[0]!.toLowerCase()),
          fc.subarray([...ROLES] as Role[]),
          async (own, wallet, roles) => {
            const actor: Actor = { id: randomUUID(), address: own, roles };
            const expected = await outcome(() => oldWalletPortfolio(pool, CHAIN, actor, wallet), JSON.stringify);
            const got = await outcome(() => walletPortfolio(pool, CHAIN, actor, wallet), asText);
            assert.deepEqual(got, expected);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe("cap table", () => {
    const STATUSES = Object.values(PropertyStatus);
    const tokens = [address("1", 1), address("1", 2), address("1", 3)];
    const holders = [1, 2, 3, 4, 5, 6].map((n) => address("2", n));
    const partitions = [zeroHash, LOCKUP, toHex(7, { size: 32 })];
    /** Users of record (owners, managers, launchers); the actor is one of them or a stranger. */
    const people = [0, 1, 2, 3].map((n) => ({ id: randomUUID(), address: address("3", n) }));

    before(async () => {
      for (const p of people)
        await pool.query(
          `INSERT INTO users (id, address, roles, "updatedAt") VALUES ($1, $2, ARRAY['INVESTOR']::"Role"[], now())`,
          [p.id, p.address],
        );
    });

    const balance = fc.record({
      chainId: fc.constantFrom(CHAIN, CHAIN, CHAIN, 1),
      token: fc.constantFrom(...tokens),
      holder: fc.constantFrom(...holders),
      partition: fc.constantFrom(...partitions),
      balance: fc.bigInt({ min: -5n, max: 10n ** 30n }).filter((b) => b !== 0n),
    });
    const property = fc.record({
      status: fc.constantFrom(...STATUSES),
      owner: fc.nat(3),
      manager: fc.option(fc.nat(3)),
      offerings: fc.array(
        fc.record({
          token: fc.constantFrom(...tokens),
          // A launch by the owner, the manager, another user or an unknown wallet (only the first two count).
          launcher: fc.option(fc.nat(4)),
          outcome: fc.constantFrom("open", "finalized", "cancelled"),
          discoveredBlock: fc.integer({ min: 1, max: 3 }),
          chainId: fc.constantFrom(CHAIN, CHAIN, 1),
        }),
        { maxLength: 3 },
      ),
    });
    const actor = fc.record({ who: fc.nat(4), roles: fc.subarray([...ROLES] as Role[]) });
    /** A cursor as the route lets it through: any case of hex digits, holders of the table or not. */
    const cursor = fc
      .record({
        holder: fc.oneof(fc.constantFrom(...holders), fc.constantFrom(address("9", 9))),
        partition: fc.constantFrom(...partitions),
        upper: fc.boolean(),
      })
      .map(({ holder, partition, upper }) =>
        upper ? `0x${holder.slice(2).toUpperCase()}:0x${partition.slice(2).toUpperCase()}` : `${holder}:${partition}`,
      );
    const page = fc.record({ limit: fc.integer({ min: 1, max: 4 }), after: fc.option(cursor, { nil: undefined }) });

    let offeringCount = 0;
    async function seed(
      properties: (typeof property extends fc.Arbitrary<infer P> ? P : never)[],
      balances: (typeof balance extends fc.Arbitrary<infer B> ? B : never)[],
    ): Promise<string[]> {
      await pool.query("DELETE FROM chain_offerings");
      await pool.query("DELETE FROM chain_contracts");
      await pool.query("DELETE FROM chain_holder_balances");
      const ids: string[] = [];
      for (const p of properties) {
        const id = randomUUID();
        ids.push(id);
        await pool.query(
          `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency, "updatedAt")
           VALUES ($1, $2, $3, 'Cap table', 'RESIDENTIAL', $4::"PropertyStatus", '1 Rua', 'Lisbon', 'PT', 'EUR', now())`,
          [id, people[p.owner]!.id, p.manager === null ? null : people[p.manager]!.id, p.status],
        );
        for (const o of p.offerings) {
          const offering = address("4", ++offeringCount);
          const launcher = o.launcher === null ? null : (people[o.launcher]?.address ?? address("5", 1));
          await pool.query(
            `INSERT INTO chain_contracts ("chainId", address, kind, "propertyId", token, "fromBlock") VALUES ($1, $2, 'PropertyOffering', $3, $4, 1)`,
            [o.chainId, offering, id, o.token],
          );
          await pool.query(
            `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", outcome, "discoveredBlock", launcher)
             VALUES ($1, $2, $3, $4, 'CAP', $5, $6, $7)`,
            [o.chainId, offering, id, o.token, o.outcome, o.discoveredBlock, launcher],
          );
        }
      }
      for (const b of balances)
        await pool.query(
          `INSERT INTO chain_holder_balances ("chainId", token, holder, partition, balance) VALUES ($1, $2, $3, $4, $5::numeric)
           ON CONFLICT DO NOTHING`,
          [b.chainId, b.token, b.holder, b.partition, b.balance.toString()],
        );
      return ids;
    }

    const actorOf = (a: { who: number; roles: Role[] }): Actor => {
      const p = people[a.who] ?? { id: randomUUID(), address: address("6", 1) };
      return { id: p.id, address: p.address, roles: a.roles };
    };

    async function compare(a: Actor, id: string, p: { limit: number; after?: string | undefined }): Promise<Outcome> {
      const expected = await outcome(() => oldPropertyCapTable(pool, CHAIN, a, id, p), JSON.stringify);
      const got = await outcome(() => propertyCapTable(pool, CHAIN, a, id, p), asText);
      assert.deepEqual(got, expected, `${a.roles.join(",")} ${id} ${JSON.stringify(p)}`);
      return got;
    }

    it("is byte for byte the old page, or the same refusal, for any actor, property, offerings and page, asked alone or together", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(property, { minLength: 1, maxLength: 3 }),
          fc.array(balance, { maxLength: 30 }),
          fc.array(fc.tuple(actor, page), { minLength: 1, maxLength: 6 }),
          async (properties, balances, asks) => {
            const ids = await seed(properties, balances);
            // each property in upper case too (the route accepts either), and one that does not exist
            const asked = asks.flatMap(([a, p]) =>
              [...ids, ids[0]!.toUpperCase(), randomUUID()].map((id) => ({ actor: actorOf(a), id, page: p })),
            );
            const alone: Outcome[] = [];
            for (const q of asked) alone.push(await compare(q.actor, q.id, q.page));
            // the same requests in one turn (db/turn-batch.ts): each gets what it got alone
            const together = await Promise.all(
              asked.map((q) => outcome(() => propertyCapTable(pool, CHAIN, q.actor, q.id, q.page), asText)),
            );
            assert.deepEqual(together, alone);
          },
        ),
        { numRuns: 60 },
      );
    });

    it("walks every page as before, following the new cursor", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(property, { minLength: 1, maxLength: 2 }),
          fc.array(balance, { maxLength: 30 }),
          fc.integer({ min: 1, max: 5 }),
          async (properties, balances, limit) => {
            const ids = await seed(properties, balances);
            const admin: Actor = { id: randomUUID(), address: address("7", 1), roles: ["ADMIN"] };
            for (const id of ids) {
              let after: string | undefined;
              for (let n = 0; n < 40; n++) {
                const got = await compare(admin, id, { limit, after });
                assert.ok("json" in got);
                const next = (JSON.parse(got.json) as { nextCursor: string | null }).nextCursor;
                if (!next) break;
                after = next;
              }
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe("over HTTP", () => {
    let investor: TestUser, officer: TestUser, manager: TestUser;
    let propertyId: string;
    const token = address("8", 1);
    before(async () => {
      [investor, officer, manager] = await Promise.all([
        t.user("INVESTOR"),
        t.user("COMPLIANCE_OFFICER"),
        t.user("PROPERTY_MANAGER"),
      ]);
      propertyId = randomUUID();
      await pool.query(
        `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency, "updatedAt")
         VALUES ($1, $2, $2, 'Wire', 'RESIDENTIAL', 'FUNDED', '1 Rua', 'Lisbon', 'PT', 'EUR', now())`,
        [propertyId, manager.id],
      );
      await pool.query(
        `INSERT INTO chain_contracts ("chainId", address, kind, "propertyId", token, "fromBlock") VALUES ($1, $2, 'PropertyOffering', $3, $4, 1)`,
        [CHAIN, address("8", 2), propertyId, token],
      );
      await pool.query(
        `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", outcome, "discoveredBlock", launcher)
         VALUES ($1, $2, $3, $4, 'WIRE', 'finalized', 1, $5)`,
        [CHAIN, address("8", 2), propertyId, token, manager.address],
      );
      await pool.query(
        `INSERT INTO chain_holder_balances ("chainId", token, holder, partition, balance)
         SELECT $1, $2, '0x' || lpad(to_hex(n), 40, '0'), $3, n * 1000 FROM generate_series(1, 5) n`,
        [CHAIN, token, zeroHash],
      );
      await pool.query(
        `INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime", address, contract, name,
           token, partition, "fromAddr", "toAddr", amount, args)
         VALUES ($1, 900, 0, '0x', '0x', now(), $2, 'PropertyToken', 'Transfer', $2, $3, $4, $5, 12, '{}')`,
        [CHAIN, token, zeroHash, zeroAddress, investor.address],
      );
    });

    it("sends the page's text as JSON, byte for byte the old body", async () => {
      for (const query of ["", "?limit=2", `?limit=2&after=0x${"0".repeat(39)}2:${zeroHash}`]) {
        const res = await t.as(manager).get(`${API}/chain/properties/${propertyId}/cap-table${query}`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
        const after = new URLSearchParams(query.slice(1)).get("after") ?? undefined;
        const limit = Number(new URLSearchParams(query.slice(1)).get("limit") ?? 100);
        const old = await oldPropertyCapTable(pool, CHAIN, manager, propertyId, { limit, after });
        assert.equal(res.text, JSON.stringify(old));
      }
      assert.equal((await t.as(investor).get(`${API}/chain/properties/${propertyId}/cap-table`)).status, 403);
    });

    it("sends the portfolio's text as JSON, byte for byte the old body, to its owner and officers only", async () => {
      const own = await t.as(investor).get(`${API}/chain/portfolio`);
      assert.equal(own.status, 200, own.text);
      assert.equal(own.headers.get("content-type"), "application/json; charset=utf-8");
      assert.equal(own.text, JSON.stringify(await oldPortfolio(pool, CHAIN, investor.address)));
      assert.equal(own.body.holdings.length, 1);
      const seen = await t.as(officer).get(`${API}/chain/portfolio/${investor.address.toLowerCase()}`);
      assert.equal(seen.text, own.text);
      assert.equal((await t.as(manager).get(`${API}/chain/portfolio/${investor.address}`)).status, 403);
    });

    it("reads the portfolios asked for in one turn with one statement, and the cap table pages with another", async () => {
      // one connection: PostgreSQL counts a prepared statement's runs per session
      const one = createPool(url, 1);
      try {
        const runs = async (): Promise<number[]> => {
          const { rows } = await one.query<{ portfolios: number; pages: number }>(
            `SELECT coalesce(sum(generic_plans + custom_plans) FILTER (WHERE statement LIKE '%AS k(wallet)%'), 0)::int AS portfolios,
               coalesce(sum(generic_plans + custom_plans) FILTER (WHERE statement LIKE '%AS k(id, holder, partition, size, n)%'), 0)::int AS pages
             FROM pg_prepared_statements`,
          );
          return [rows[0]!.portfolios, rows[0]!.pages];
        };
        const before = await runs();
        const wallets = [investor, officer, manager].map((u) => u.address);
        const portfolios = await Promise.all(
          Array.from({ length: 12 }, (_, i) => walletPortfolio(one, CHAIN, officer, wallets[i % 3]!)),
        );
        const pages = await Promise.all(
          [1, 2, 3, 100].map((limit) => propertyCapTable(one, CHAIN, manager, propertyId, { limit })),
        );
        assert.deepEqual(await runs(), [before[0]! + 1, before[1]! + 1]);
        // not vacuous: each answer is its own
        for (const [i, json] of portfolios.entries())
          assert.equal(json, JSON.stringify(await oldPortfolio(pool, CHAIN, wallets[i % 3]!)));
        assert.deepEqual(
          pages.map((page) => (JSON.parse(page) as { holders: unknown[] }).holders.length),
          [1, 2, 3, 5],
        );
      } finally {
        await one.end();
      }
    });
  });
});
