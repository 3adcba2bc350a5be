/**
 * Two mappings on the test host, from hand-made logs encoded with the generated ABIs:
 * - capital returned by a refinance (issue 19): the distributor's `CapitalDeposited` is a CapitalDeposit of the token
 *   and counts in the token's capital returned, not its rent; the dust it carries is the token's; a claim's payment is
 *   split into rent and capital as the backend splits it;
 * - the identity registry's freeze, as the contract keeps it: a freeze is the identity's (`IdentityFrozen`), applied to
 *   every wallet of the identity, present and future, kept through a removal and a registration again.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { id, type Interface } from "ethers";
import { type Indexer } from "../test-host/indexer.js";
import { buildSubgraph } from "./support/builds.js";
import { FixtureChain, type FixtureEvent } from "./support/fixture.js";
import {
  DISTRIBUTOR,
  REGISTRY,
  TOKEN,
  ZERO,
  abiOf,
  handMadeIndexer,
  launchLogs,
  logOf as event,
} from "./support/hand-made.js";

const [registryAbi, distributorAbi, tokenAbi] = ["IdentityRegistry", "RentDistributor", "PropertyToken"].map(abiOf) as [
  Interface,
  Interface,
  Interface,
];

/** Alice's identity is her first (primary) wallet; she has a second wallet, and later a third. */
const ALICE = "0x0000000000000000000000000000000000000a11";
const ALICE_2 = "0x0000000000000000000000000000000000000a12";
const ALICE_3 = "0x0000000000000000000000000000000000000a13";
const BOB = "0x0000000000000000000000000000000000000b0b";
const EXPIRY = 1_800_000_000n;

const registered = (wallet: string, identity: string): FixtureEvent =>
  event(REGISTRY, registryAbi, "IdentityRegistered", [wallet, identity, 250, EXPIRY, false]);
/** `setFrozen(wallet, frozen)` as the registry logs it: the wallet named, then its identity. */
const setFrozen = (wallet: string, identity: string, frozen: boolean): FixtureEvent[] => [
  event(REGISTRY, registryAbi, "WalletFrozen", [wallet, frozen]),
  event(REGISTRY, registryAbi, "IdentityFrozen", [identity, frozen]),
];

let manifest: string;
before(() => {
  manifest = buildSubgraph();
});

async function indexed(): Promise<{ indexer: Indexer; chain: FixtureChain }> {
  const indexer = handMadeIndexer(manifest);
  const chain = new FixtureChain();
  await indexer.indexBlock(chain.block(launchLogs()));
  return { indexer, chain };
}

const errors = (indexer: Indexer) => indexer.logs.filter((l) => l.level === "error" || l.level === "critical");
const frozen = (indexer: Indexer, wallet: string): unknown => indexer.entity("IdentityRecord", wallet)?.["frozen"];

const mint = (to: string, units: bigint): FixtureEvent => event(TOKEN, tokenAbi, "Transfer", [ZERO, to, units]);
const move = (from: string, to: string, units: bigint): FixtureEvent =>
  event(TOKEN, tokenAbi, "Transfer", [from, to, units]);
const claimed = (holder: string, amount: bigint): FixtureEvent =>
  event(DISTRIBUTOR, distributorAbi, "RentClaimed", [TOKEN, holder, amount]);
/** 1,007 of rent over 100 units (7 carried), then 100,003 of capital (with the 7: 1,000 a unit, 10 carried). */
const rentThenCapital = (): FixtureEvent[] => [
  event(DISTRIBUTOR, distributorAbi, "RentDeposited", [TOKEN, 1n, id("period 1"), 1_007n, 100n, 7n]),
  event(DISTRIBUTOR, distributorAbi, "CapitalDeposited", [TOKEN, 2n, id("refinance"), 100_003n, 100n, 10n]),
];
const holding = (indexer: Indexer, wallet: string) => indexer.entity("Holding", TOKEN + wallet.slice(2))!;

describe("capital returned on the test host", () => {
  it("CapitalDeposited is a CapitalDeposit and the token's capital returned, not rent", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(chain.block([mint(ALICE, 100n), ...rentThenCapital()]));
    const token = indexer.entity("PropertyToken", TOKEN)!;
    assert.deepEqual(
      [token["totalRentDeposited"], token["totalCapitalDeposited"], token["rentDepositCount"]],
      [1_007n, 100_003n, 1],
    );
    assert.deepEqual(
      indexer
        .entities("CapitalDeposit")
        .map((d) => [d["token"], d["depositId"], d["statementHash"], d["amount"], d["supply"], d["dust"]]),
      [[TOKEN, 2n, id("refinance"), 100_003n, 100n, 10n]],
    );
    assert.deepEqual(
      indexer.entities("RentDeposit").map((d) => d["depositId"]),
      [1n],
    );
    assert.deepEqual(indexer.danglingReferences(), []);
    assert.deepEqual(errors(indexer), []);
  });

  // Finding (review of money figures, 2026-12): a RentClaimed pays rent and capital together, and the subgraph
  // recorded all of it as rent claimed. The split is the backend's (portfolio/ledger.ts): the capital in a claim is
  // what the capital deposits since the holder's previous claim accrued to it (its units at each deposit times the
  // deposit's amount per unit, the dust carried in), the rest is rent.
  it("splits what a claim pays into rent and capital, per claim, holding, token and day", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(
      chain.block([
        mint(ALICE, 60n),
        mint(BOB, 40n),
        // Rent: 10 a unit; capital: 1,000 a unit (the 7 carried in), 10 carried on.
        ...rentThenCapital(),
        // Alice: 60 x 10 rent + 60 x 1,000 capital.
        claimed(ALICE, 60_600n),
        move(BOB, ALICE, 20n),
        // 9,990 + 10 carried: 100 a unit.
        event(DISTRIBUTOR, distributorAbi, "CapitalDeposited", [TOKEN, 3n, id("refinance 2"), 9_990n, 100n, 0n]),
        // Bob: 40 x 10 rent + 40 x 1,000 + 20 x 100 capital; Alice: 80 x 100 capital, nothing else since her claim.
        claimed(BOB, 42_400n),
        claimed(ALICE, 8_000n),
      ]),
    );
    const claims = indexer.entities("RentClaim").map((c) => [c["holder"], c["amount"], c["rent"], c["capital"]]);
    assert.deepEqual(claims, [
      [ALICE, 60_600n, 600n, 60_000n],
      [BOB, 42_400n, 400n, 42_000n],
      [ALICE, 8_000n, 0n, 8_000n],
    ]);
    const [alice, bob] = [holding(indexer, ALICE), holding(indexer, BOB)];
    assert.deepEqual([alice["rentClaimed"], alice["capitalClaimed"]], [600n, 68_000n]);
    assert.deepEqual([bob["rentClaimed"], bob["capitalClaimed"]], [400n, 42_000n]);
    const token = indexer.entity("PropertyToken", TOKEN)!;
    assert.deepEqual([token["totalRentClaimed"], token["totalCapitalClaimed"]], [1_000n, 110_000n]);
    const [day] = indexer.entities("TokenDailySnapshot");
    assert.deepEqual(
      [day!["rentDeposited"], day!["rentClaimed"], day!["capitalDeposited"], day!["capitalClaimed"]],
      [1_007n, 1_000n, 109_993n, 110_000n],
    );
    assert.deepEqual(errors(indexer), []);
  });

  // Finding: the dust is a remainder carried from deposit to deposit (the distributor's dustOf), not a flow: the sum
  // of every deposit's dust counted each carried base unit again at every deposit.
  it("keeps the dust the distributor carries now, not the sum of every deposit's", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(chain.block([mint(ALICE, 100n), ...rentThenCapital()]));
    assert.equal(indexer.entity("PropertyToken", TOKEN)!["rentDust"], 10n);
  });
});

describe("the identity freeze on the test host, as IdentityRegistry keeps it", () => {
  it("a freeze through one wallet freezes every wallet of the identity, and only those", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(chain.block([registered(ALICE, ALICE), registered(ALICE_2, ALICE), registered(BOB, BOB)]));
    await indexer.indexBlock(chain.block(setFrozen(ALICE_2, ALICE, true)));
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2), frozen(indexer, BOB)], [true, true, false]);
    const actions = indexer
      .entities("IdentityEvent")
      .filter((e) => e["action"] === "FROZEN")
      .map((e) => e["record"])
      .sort();
    assert.deepEqual(actions, [ALICE, ALICE_2].sort(), "each wallet's history says it was frozen, once");
    await indexer.indexBlock(chain.block(setFrozen(ALICE, ALICE, false)));
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2)], [false, false]);
    assert.deepEqual(errors(indexer), []);
  });

  it("a frozen identity stays frozen through a removal and a registration again, and freezes a new wallet", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(chain.block([registered(ALICE, ALICE), registered(ALICE_2, ALICE)]));
    await indexer.indexBlock(chain.block(setFrozen(ALICE, ALICE, true)));
    await indexer.indexBlock(
      chain.block([
        event(REGISTRY, registryAbi, "IdentityRemoved", [ALICE, ALICE]),
        event(REGISTRY, registryAbi, "IdentityRemoved", [ALICE_2, ALICE]),
      ]),
    );
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2)], [true, true], "a removal keeps the freeze");
    await indexer.indexBlock(chain.block([registered(ALICE, ALICE), registered(ALICE_2, ALICE)]));
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2)], [true, true], "registered again: frozen");
    await indexer.indexBlock(chain.block([registered(ALICE_3, ALICE)]));
    assert.equal(frozen(indexer, ALICE_3), true, "a new wallet of a frozen identity is frozen");
    assert.deepEqual(errors(indexer), []);
  });

  it("an identity frozen before its primary wallet is registered: the primary registers frozen", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(chain.block([registered(ALICE_2, ALICE)]));
    await indexer.indexBlock(chain.block(setFrozen(ALICE_2, ALICE, true)));
    await indexer.indexBlock(chain.block([registered(ALICE, ALICE)]));
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2)], [true, true]);
    await indexer.indexBlock(chain.block(setFrozen(ALICE, ALICE, false)));
    assert.deepEqual([frozen(indexer, ALICE), frozen(indexer, ALICE_2)], [false, false]);
    assert.deepEqual(errors(indexer), []);
  });
});
