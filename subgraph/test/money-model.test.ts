/**
 * Class test for the subgraph's money figures (review 2026-12: amounts derived as units x the public price, and capital
 * returned counted as rent). Generated histories, as the contracts would log them, are fed through the mappings on the
 * test host, and every money figure must equal a model's sums of what the events say was paid:
 * - an offering: subscriptions at the public price and at invitations' own prices, then a cancellation with refunds,
 *   or a finalization with claims (the token's mints), releases of proceeds and refunds of unclaimable positions;
 * - the token's distributor: rent deposits (with the platform's fee), capital deposits (a refinance), the dust carried
 *   between them, transfers, claims and the controller's redirections. The model is the distributor's own arithmetic
 *   (each deposit handed out per unit to the units held then) and the backend's split of a claim (the capital since
 *   the holder's previous claim, the rest rent).
 * Mutation check: the mappings with units x price reintroduced (subscription, refund, release), with claims counted
 * as rent, with the carried dust left out of capital per unit, or with the dust summed, must make the property fail.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { id, type Interface } from "ethers";
import { buildMutant, buildSubgraph, type Mutation } from "./support/builds.js";
import { FixtureChain, type FixtureEvent } from "./support/fixture.js";
import {
  DISTRIBUTOR,
  OFFERING,
  TOKEN,
  ZERO,
  abiOf,
  handMadeIndexer,
  launchLogs,
  logOf,
  offeringTerms,
} from "./support/hand-made.js";

const [distributorAbi, offeringAbi, tokenAbi] = ["RentDistributor", "PropertyOffering", "PropertyToken"].map(abiOf) as [
  Interface,
  Interface,
  Interface,
];
const COLLECTOR = "0x000000000000000000000000000000000000000c";
const WALLETS = [
  "0x0000000000000000000000000000000000000a11",
  "0x0000000000000000000000000000000000000b0b",
  "0x0000000000000000000000000000000000000ca1",
  "0x0000000000000000000000000000000000000da7",
];

// ------------------------------------------------------------------------------------------------ generated history

interface Ticket {
  wallet: number;
  units: bigint;
  /** The invitation's price, or null for a public subscription at the terms' price. */
  invitedAt: bigint | null;
}
type Action =
  | { kind: "rent"; amount: bigint; feeBps: bigint }
  | { kind: "capital"; amount: bigint }
  | { kind: "claim"; wallet: number }
  | { kind: "redirect"; wallet: number; to: number }
  | { kind: "transfer"; from: number; to: number; share: number };
interface History {
  price: bigint;
  feeBps: bigint;
  tickets: Ticket[];
  outcome: "cancelled" | "finalized";
  /** Per wallet: refunded (after a cancellation, or as unclaimable after the finalization) rather than claimed. */
  refunds: boolean[];
  /** Per wallet: proceeds released right after its claim. */
  releases: boolean[];
  actions: Action[];
}

const wallet = fc.nat(WALLETS.length - 1);
const history: fc.Arbitrary<History> = fc.record({
  price: fc.bigInt(1n, 1_000n),
  feeBps: fc.bigInt(0n, 500n),
  tickets: fc.array(
    fc.record({
      wallet,
      units: fc.bigInt(1n, 50n),
      invitedAt: fc.option(fc.bigInt(1n, 1_000n), { freq: 2 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  // Mostly finalized: the distributor's half of the history needs units issued.
  outcome: fc.oneof(
    { arbitrary: fc.constant("finalized" as const), weight: 4 },
    { arbitrary: fc.constant("cancelled" as const), weight: 1 },
  ),
  refunds: fc.array(
    fc.nat(4).map((n) => n === 0),
    {
      minLength: WALLETS.length,
      maxLength: WALLETS.length,
    },
  ),
  releases: fc.array(fc.boolean(), { minLength: WALLETS.length, maxLength: WALLETS.length }),
  actions: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("rent" as const), amount: fc.bigInt(0n, 200_000n), feeBps: fc.bigInt(0n, 300n) }),
      fc.record({ kind: fc.constant("capital" as const), amount: fc.bigInt(0n, 2_000_000n) }),
      { arbitrary: fc.record({ kind: fc.constant("claim" as const), wallet }), weight: 2 },
      fc.record({ kind: fc.constant("redirect" as const), wallet, to: wallet }),
      fc.record({ kind: fc.constant("transfer" as const), from: wallet, to: wallet, share: fc.nat(1_000) }),
    ),
    { minLength: 3, maxLength: 16 },
  ),
});

// ------------------------------------------------------------------------------------------------ the model

const offeringEvent = (name: string, args: unknown[]) => logOf(OFFERING, offeringAbi, name, args);
const distributorEvent = (name: string, args: unknown[]) => logOf(DISTRIBUTOR, distributorAbi, name, args);
const transferEvent = (from: string, to: string, units: bigint) =>
  logOf(TOKEN, tokenAbi, "Transfer", [from, to, units]);
const sum = (values: Iterable<bigint>): bigint => [...values].reduce((a, b) => a + b, 0n);

interface Expected {
  offering: Record<string, bigint>;
  positions: Record<string, [bigint, bigint, bigint]>;
  token: Record<string, bigint>;
  holdings: Record<string, [bigint, bigint, bigint]>;
  claims: string[];
  days: Record<string, bigint>;
  fees: Record<string, bigint>;
}

/**
 * The logs the contracts would emit for `h` (one block per step), and the figures they imply: the offering's books
 * (PropertyOffering: each wallet pays and is refunded exactly what it paid, releases pay what the claimed units paid,
 * the fee on the cumulative release) and the distributor's (RentDistributor: a deposit hands out
 * floor((amount - fee + dust) / supply) per unit to the units held then; a claim pays everything owed).
 */
function model(h: History): { blocks: FixtureEvent[][]; expected: Expected } {
  const blocks: FixtureEvent[][] = [];
  const feeOn = (amount: bigint): bigint => (amount * h.feeBps) / 10_000n;
  const units = WALLETS.map(() => 0n);
  const paid = WALLETS.map(() => 0n);
  h.tickets.forEach((t, i) => {
    const amount = t.units * (t.invitedAt ?? h.price);
    units[t.wallet]! += t.units;
    paid[t.wallet]! += amount;
    const investor = WALLETS[t.wallet]!;
    const block = [offeringEvent("Subscribed", [investor, investor, t.units, amount])];
    if (t.invitedAt !== null)
      block.push(offeringEvent("InvitationRedeemed", [id(`invitation ${i}`), investor, investor, t.units, amount]));
    blocks.push(block);
  });
  const refunded = WALLETS.map(() => 0n);
  const balances = WALLETS.map(() => 0n);
  let unitsRefunded = 0n;
  let released = 0n;
  let releasedFee = 0n;
  let releasedUnits = 0n;
  let claimedPaid = 0n;
  let claimedUnits = 0n;
  /** Wallets with a Holding: their units moved, or they claimed. */
  const touched = new Set<number>();
  const unitsSold = sum(units);
  if (h.outcome === "cancelled") blocks.push([offeringEvent("Cancelled", [])]);
  else blocks.push([offeringEvent("Finalized", [unitsSold, sum(paid), feeOn(sum(paid))])]);
  WALLETS.forEach((w, i) => {
    if (units[i] === 0n) return;
    if (h.outcome === "cancelled" || h.refunds[i]) {
      refunded[i] = paid[i]!;
      unitsRefunded += units[i]!;
      blocks.push([offeringEvent("Refunded", [w, paid[i]!])]);
      return;
    }
    balances[i] = units[i]!;
    touched.add(i);
    claimedPaid += paid[i]!;
    claimedUnits += units[i]!;
    blocks.push([transferEvent(ZERO, w, units[i]!), offeringEvent("Claimed", [w, units[i]!])]);
    if (h.releases[i]) {
      const amount = claimedPaid - released;
      const fee = feeOn(claimedPaid) - feeOn(released);
      blocks.push([offeringEvent("ProceedsReleased", [claimedUnits - releasedUnits, amount, fee])]);
      released += amount;
      releasedFee += fee;
      releasedUnits = claimedUnits;
    }
  });

  let dust = 0n;
  let deposits = 0n;
  let capitalPerUnit = 0n;
  const owed = WALLETS.map(() => 0n);
  const capitalOwed = WALLETS.map(() => 0n);
  const rentClaimed = WALLETS.map(() => 0n);
  const capitalClaimed = WALLETS.map(() => 0n);
  const claims: string[] = [];
  const deposited = { rent: 0n, capital: 0n, fee: 0n };
  for (const a of h.actions) {
    if (a.kind === "rent" || a.kind === "capital") {
      const supply = sum(balances);
      if (supply === 0n) continue; // DistributorNoSupply
      const fee = a.kind === "rent" ? (a.amount * a.feeBps) / 10_000n : 0n;
      const pool = a.amount - fee + dust;
      const distributable = pool - (pool % supply);
      if (distributable === 0n) continue; // DistributorDepositTooSmall
      dust = pool % supply;
      deposits += 1n;
      const perUnit = distributable / supply;
      balances.forEach((units, i) => {
        owed[i]! += units * perUnit;
        if (a.kind === "capital") capitalOwed[i]! += units * perUnit;
      });
      const statement = id(`statement ${deposits}`);
      if (a.kind === "rent") {
        deposited.rent += a.amount;
        deposited.fee += fee;
        blocks.push([
          ...(fee > 0n ? [distributorEvent("RentFeeCharged", [TOKEN, deposits, COLLECTOR, fee])] : []),
          distributorEvent("RentDeposited", [TOKEN, deposits, statement, a.amount, supply, dust]),
        ]);
      } else {
        deposited.capital += a.amount;
        capitalPerUnit += perUnit;
        blocks.push([distributorEvent("CapitalDeposited", [TOKEN, deposits, statement, a.amount, supply, dust])]);
      }
    } else if (a.kind === "claim" || a.kind === "redirect") {
      const i = a.wallet;
      const amount = owed[i]!;
      if (amount === 0n) continue; // DistributorNothingToClaim
      const capital = capitalOwed[i]!;
      rentClaimed[i]! += amount - capital;
      capitalClaimed[i]! += capital;
      owed[i] = 0n;
      capitalOwed[i] = 0n;
      touched.add(i);
      claims.push(`${WALLETS[i]} ${amount} = ${amount - capital} + ${capital}`);
      const block = [distributorEvent("RentClaimed", [TOKEN, WALLETS[i], amount])];
      if (a.kind === "redirect")
        block.push(distributorEvent("RentRedirected", [TOKEN, WALLETS[i], WALLETS[a.to], amount]));
      blocks.push(block);
    } else {
      const held = balances[a.from]!;
      if (held === 0n) continue;
      const moved = 1n + (BigInt(a.share) % held);
      balances[a.from]! -= moved;
      balances[a.to]! += moved;
      touched.add(a.from).add(a.to);
      blocks.push([transferEvent(WALLETS[a.from]!, WALLETS[a.to]!, moved)]);
    }
  }

  const paidTotal = sum(paid);
  const refundedTotal = sum(refunded);
  const expected: Expected = {
    offering: {
      unitsSold,
      amountRaised: paidTotal,
      amountRefunded: refundedTotal,
      unitsRefunded,
      proceedsReleased: released,
      feeReleased: releasedFee,
      escrowHeld: paidTotal - refundedTotal - released,
    },
    positions: Object.fromEntries(
      WALLETS.flatMap((w, i) => (units[i] === 0n ? [] : [[w, [units[i]!, paid[i]!, refunded[i]!]]])),
    ),
    token: {
      totalRentDeposited: deposited.rent,
      totalCapitalDeposited: deposited.capital,
      capitalPerUnit,
      totalRentClaimed: sum(rentClaimed),
      totalCapitalClaimed: sum(capitalClaimed),
      rentDust: dust,
    },
    holdings: Object.fromEntries(
      WALLETS.flatMap((w, i) => (touched.has(i) ? [[w, [balances[i]!, rentClaimed[i]!, capitalClaimed[i]!]]] : [])),
    ),
    claims: claims.sort(),
    days: {
      rentDeposited: deposited.rent,
      rentClaimed: sum(rentClaimed),
      capitalDeposited: deposited.capital,
      capitalClaimed: sum(capitalClaimed),
    },
    fees: { PRIMARY: releasedFee, RENT: deposited.fee },
  };
  return { blocks, expected };
}

// ------------------------------------------------------------------------------------------------ the mappings

async function indexed(manifest: string, h: History, blocks: FixtureEvent[][]): Promise<Expected> {
  const indexer = handMadeIndexer(
    manifest,
    offeringTerms({ pricePerUnit: h.price, feeBps: h.feeBps, feeRecipient: COLLECTOR }),
  );
  const chain = new FixtureChain();
  await indexer.indexBlock(chain.block(launchLogs()));

  // Three blocks a day, so that the day snapshots are summed over several days.
  let time = 1_700_000_000n;
  for (const events of blocks) await indexer.indexBlock(chain.block(events, (time += 28_800n)));
  const pick = (entity: Record<string, unknown>, fields: string[]): Record<string, bigint> =>
    Object.fromEntries(fields.map((f) => [f, entity[f] as bigint]));
  const offering = indexer.entity("Offering", OFFERING)!;
  const token = indexer.entity("PropertyToken", TOKEN)!;
  const days = indexer.entities("TokenDailySnapshot");
  return {
    offering: pick(offering, [
      "unitsSold",
      "amountRaised",
      "amountRefunded",
      "unitsRefunded",
      "proceedsReleased",
      "feeReleased",
      "escrowHeld",
    ]),
    positions: Object.fromEntries(
      indexer
        .entities("OfferingInvestor")
        .map((p) => [p["investor"], [p["units"], p["paid"], p["amountRefunded"]] as [bigint, bigint, bigint]]),
    ),
    token: pick(token, [
      "totalRentDeposited",
      "totalCapitalDeposited",
      "capitalPerUnit",
      "totalRentClaimed",
      "totalCapitalClaimed",
      "rentDust",
    ]),
    holdings: Object.fromEntries(
      indexer
        .entities("Holding")
        .map((x) => [x["account"], [x["balance"], x["rentClaimed"], x["capitalClaimed"]] as [bigint, bigint, bigint]]),
    ),
    claims: indexer
      .entities("RentClaim")
      .map((c) => `${String(c["holder"])} ${String(c["amount"])} = ${String(c["rent"])} + ${String(c["capital"])}`)
      .sort(),
    days: Object.fromEntries(
      ["rentDeposited", "rentClaimed", "capitalDeposited", "capitalClaimed"].map((f) => [
        f,
        sum(days.map((d) => d[f] as bigint)),
      ]),
    ),
    fees: Object.fromEntries(
      ["PRIMARY", "RENT"].map((kind) => [
        kind,
        sum(
          indexer
            .entities("PropertyFeeTotal")
            .filter((t) => t["kind"] === kind)
            .map((t) => t["amount"] as bigint),
        ),
      ]),
    ),
  };
}

const property = (manifest: string) =>
  fc.asyncProperty(history, async (h) => {
    const { blocks, expected } = model(h);
    assert.deepEqual(await indexed(manifest, h, blocks), expected);
  });

/** The mappings as they were, or could become again: money derived from units x the public price, capital as rent. */
const mutations: Mutation[] = [
  {
    name: "subscription-paid-at-the-public-price",
    file: "src/offering.ts",
    find: "offering.amountRaised = offering.amountRaised.plus(p.paid);\n  offering.escrowHeld = offering.escrowHeld.plus(p.paid);",
    replace:
      "offering.amountRaised = offering.amountRaised.plus(p.units.times(offering.pricePerUnit));\n" +
      "  offering.escrowHeld = offering.escrowHeld.plus(p.units.times(offering.pricePerUnit));",
  },
  {
    name: "refund-counted-at-the-public-price",
    file: "src/offering.ts",
    find: "offering.amountRefunded = offering.amountRefunded.plus(event.params.amount);",
    replace: "offering.amountRefunded = offering.amountRefunded.plus(position.units.times(offering.pricePerUnit));",
  },
  {
    name: "release-counted-at-the-public-price",
    file: "src/offering.ts",
    find: "offering.proceedsReleased = offering.proceedsReleased.plus(p.amount);",
    replace: "offering.proceedsReleased = offering.proceedsReleased.plus(p.units.times(offering.pricePerUnit));",
  },
  {
    name: "claim-counted-as-rent",
    file: "src/rent-distributor.ts",
    find: "capital = accrual.accrued.lt(p.amount) ? accrual.accrued : p.amount;",
    replace: "capital = BigInt.zero();",
  },
  {
    name: "capital-per-unit-without-the-dust-carried-in",
    file: "src/rent-distributor.ts",
    find: "p.amount.plus(token.rentDust).minus(p.dust)",
    replace: "p.amount.minus(p.dust)",
  },
  {
    name: "dust-summed-over-deposits",
    file: "src/rent-distributor.ts",
    find: "token.rentDust = p.dust;",
    replace: "token.rentDust = token.rentDust.plus(p.dust);",
  },
];

describe("money figures equal the model's sums of what the events paid", () => {
  let manifest: string;
  before(() => {
    manifest = buildSubgraph();
  });

  it("offering paid, refunded, released and escrow; rent and capital deposited and claimed; fees", async () => {
    await fc.assert(property(manifest), { numRuns: 60 });
  });

  for (const mutation of mutations) {
    it(`fails on a mutant: ${mutation.name}`, async () => {
      const result = await fc.check(property(await buildMutant(mutation)), { numRuns: 200, endOnFailure: true });
      assert.ok(result.failed, "the property did not notice the mutant");
    });
  }
});
