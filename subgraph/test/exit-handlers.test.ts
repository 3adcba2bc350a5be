/**
 * The exit (issue 19) through the subgraph's real WASM on the test host, from hand-made logs encoded with the
 * generated ABIs: the factory's ExitLaunched makes the Exit and starts its data source; the token's Closed marks the
 * token closed; ProceedsDeposited records the sale (and its fee); Redeemed adds an ExitRedemption with the holder's
 * identity; CapitalReturned a CapitalReturn. (The scenario test runs the same mappings on a real exit's logs.)
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { id, type Interface } from "ethers";
import { type Indexer } from "../test-host/indexer.js";
import { buildSubgraph } from "./support/builds.js";
import { FixtureChain, type FixtureEvent } from "./support/fixture.js";
import {
  FACTORY,
  MANAGER,
  OFFERING,
  REGISTRY,
  TOKEN,
  USDC,
  ZERO,
  abiOf as abi,
  handMadeIndexer,
  logOf as event,
  offeringTerms,
} from "./support/hand-made.js";

const [factoryAbi, tokenAbi, exitAbi, registryAbi, governorAbi] = [
  "PropertyTokenFactory",
  "PropertyToken",
  "PropertyExit",
  "IdentityRegistry",
  "PropertyGovernor",
].map(abi) as [Interface, Interface, Interface, Interface, Interface];

const GOVERNOR = "0x00000000000000000000000000000000000000a0";
const EXIT = "0x00000000000000000000000000000000000000e0";
const COLLECTOR = "0x00000000000000000000000000000000000000c1";
const ALICE = "0x0000000000000000000000000000000000000a11";
const ALICE_IDENTITY = "0x0000000000000000000000000000000000001d11";
const ALICE_NEW_WALLET = "0x0000000000000000000000000000000000000a12";
const BOB = "0x0000000000000000000000000000000000000b0b";

/** A sale (proposal 1) approved by the holders: a governor, its proposal and the outcome. */
const approvedSale = (): FixtureEvent[] => [
  event(FACTORY, factoryAbi, "GovernorLaunched", [TOKEN, GOVERNOR, 604_800n, 3_000n, 6_000n, 0n]),
  event(GOVERNOR, governorAbi, "ProposalCreated", [
    1n,
    MANAGER,
    0,
    900_000n,
    ZERO,
    id("sale memorandum"),
    1n,
    1_000n,
    1_700_000_000n,
    1_700_604_800n,
  ]),
  event(GOVERNOR, governorAbi, "VoteCast", [1n, ALICE_IDENTITY, ALICE, 1, 700n]),
  event(GOVERNOR, governorAbi, "ProposalFinalized", [1n, true, 700n, 0n, 0n]),
];
const exitLaunched = (): FixtureEvent => event(FACTORY, factoryAbi, "ExitLaunched", [TOKEN, EXIT, GOVERNOR, USDC]);
/** The close as the chain logs it: the token pauses and closes, then the exit reports the deposit. */
const close = (amount: bigint, fee: bigint, supply = 1_000n): FixtureEvent[] => [
  event(TOKEN, tokenAbi, "Paused", [EXIT]),
  event(TOKEN, tokenAbi, "Closed", [EXIT]),
  event(EXIT, exitAbi, "ProceedsDeposited", [1n, MANAGER, amount, fee, COLLECTOR, amount - fee, supply]),
];
const redeemed = (holder: string, to: string, units: bigint, payout: bigint): FixtureEvent =>
  event(EXIT, exitAbi, "Redeemed", [holder, to, units, payout]);

let manifest: string;
before(() => {
  manifest = buildSubgraph();
});

/** An indexer of the subgraph with a launched token (registry record for Alice) and an approved sale. */
async function withToken(): Promise<{ indexer: Indexer; chain: FixtureChain }> {
  const indexer = handMadeIndexer(manifest, offeringTerms({ feeRecipient: COLLECTOR }));
  const chain = new FixtureChain();
  await indexer.indexBlock(
    chain.block([
      event(FACTORY, factoryAbi, "PropertyLaunched", [id("Quai 9"), TOKEN, OFFERING, MANAGER, "Quai 9", "QUAI"]),
      event(REGISTRY, registryAbi, "IdentityRegistered", [ALICE, ALICE_IDENTITY, 250, 1_800_000_000n, false]),
      ...approvedSale(),
    ]),
  );
  return { indexer, chain };
}

const errors = (indexer: Indexer) => indexer.logs.filter((l) => l.level === "error" || l.level === "critical");

describe("the exit on the test host", () => {
  it("makes an Exit from ExitLaunched, names it on the token and starts its data source (template)", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    const exit = indexer.entity("Exit", EXIT)!;
    assert.deepEqual(
      [exit["token"], exit["governor"], exit["paymentToken"], exit["factory"], exit["closed"]],
      [TOKEN, GOVERNOR, USDC, FACTORY, false],
    );
    assert.deepEqual([exit["paidOut"], exit["unitsRedeemed"], exit["redemptionCount"]], [0n, 0n, 0]);
    assert.equal(exit["proceeds"], undefined);
    const token = indexer.entity("PropertyToken", TOKEN)!;
    assert.deepEqual([token["exit"], token["closed"]], [EXIT, false]);
    assert.deepEqual(
      indexer.activeDataSources.filter((d) => d.name === "PropertyExit").map((d) => d.address),
      [EXIT],
    );
    assert.deepEqual(errors(indexer), []);
  });

  it("records the sale on ProceedsDeposited and closes the token on its Closed; the exit fee is a fee paid", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block(close(1_000_000n, 20_000n)));
    const exit = indexer.entity("Exit", EXIT)!;
    assert.deepEqual(
      [exit["closed"], exit["proposalId"], exit["proposal"], exit["depositor"], exit["amount"], exit["fee"]],
      [true, 1n, `${GOVERNOR}-1`, MANAGER, 1_000_000n, 20_000n],
    );
    assert.deepEqual([exit["feeCollector"], exit["proceeds"], exit["supplyAtClose"]], [COLLECTOR, 980_000n, 1_000n]);
    const token = indexer.entity("PropertyToken", TOKEN)!;
    assert.deepEqual([token["closed"], token["paused"]], [true, true]);
    assert.ok(token["closedAt"] !== undefined);
    const fees = indexer.entities("FeePayment");
    assert.deepEqual(
      fees.map((f) => [f["kind"], f["token"], f["paymentToken"], f["collector"], f["amount"]]),
      [["EXIT", TOKEN, USDC, COLLECTOR, 20_000n]],
    );
    assert.equal(indexer.entity("FeeTotal", `EXIT-${USDC}`)!["amount"], 20_000n);
    assert.deepEqual(errors(indexer), []);
  });

  it("records no fee payment when the exit fee is zero", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block(close(1_000_000n, 0n)));
    assert.equal(indexer.entity("Exit", EXIT)!["proceeds"], 1_000_000n);
    assert.deepEqual(indexer.entities("FeePayment"), []);
  });

  it("adds an ExitRedemption per Redeemed, with the holder's identity when known, and sums what was paid out", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block(close(1_000_000n, 20_000n)));
    // Alice redeems; so does Bob, whose registry record the subgraph never saw (no identity to name).
    await indexer.indexBlock(chain.block([redeemed(ALICE, ALICE, 400n, 392_000n)]));
    await indexer.indexBlock(chain.block([redeemed(BOB, BOB, 300n, 294_000n)]));
    const exit = indexer.entity("Exit", EXIT)!;
    assert.deepEqual([exit["paidOut"], exit["unitsRedeemed"], exit["redemptionCount"]], [686_000n, 700n, 2]);
    const rows = indexer
      .entities("ExitRedemption")
      .map((r) => [r["exit"], r["token"], r["holder"], r["identity"] ?? null, r["to"], r["units"], r["payout"]]);
    assert.deepEqual(rows.sort(), [
      [EXIT, TOKEN, ALICE, ALICE_IDENTITY, ALICE, 400n, 392_000n],
      [EXIT, TOKEN, BOB, null, BOB, 300n, 294_000n],
    ]);
    assert.deepEqual(indexer.danglingReferences(), []);
    assert.deepEqual(errors(indexer), []);
  });

  it("keeps the holder and the wallet paid apart when the controller redeems to a recovered wallet", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block(close(1_000_000n, 0n)));
    await indexer.indexBlock(chain.block([redeemed(ALICE, ALICE_NEW_WALLET, 400n, 400_000n)]));
    const [row] = indexer.entities("ExitRedemption");
    assert.deepEqual([row!["holder"], row!["to"], row!["identity"]], [ALICE, ALICE_NEW_WALLET, ALICE_IDENTITY]);
    assert.ok(indexer.entity("Account", ALICE_NEW_WALLET));
  });

  it("says so when a redemption pays out more than the proceeds, or comes before any deposit", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block([redeemed(ALICE, ALICE, 1n, 1n)]));
    await indexer.indexBlock(chain.block(close(1_000n, 0n)));
    await indexer.indexBlock(chain.block([redeemed(BOB, BOB, 1_000n, 1_000n)]));
    const messages = errors(indexer).map((l) => l.message);
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.match(messages[0]!, /exit 0x0+e0 paid a redemption before any deposit/);
    assert.match(messages[1]!, /exit 0x0+e0 paid 1001 out of proceeds 1000/);
  });

  it("adds a CapitalReturn per CapitalReturned, linked to its proposal, without closing", async () => {
    const { indexer, chain } = await withToken();
    await indexer.indexBlock(chain.block([exitLaunched()]));
    await indexer.indexBlock(chain.block([event(EXIT, exitAbi, "CapitalReturned", [1n, MANAGER, 50_000n, 3n])]));
    const [returned] = indexer.entities("CapitalReturn");
    assert.deepEqual(
      [returned!["exit"], returned!["token"], returned!["proposal"], returned!["amount"], returned!["depositId"]],
      [EXIT, TOKEN, `${GOVERNOR}-1`, 50_000n, 3n],
    );
    const exit = indexer.entity("Exit", EXIT)!;
    assert.deepEqual([exit["capitalReturned"], exit["closed"]], [50_000n, false]);
    assert.equal(indexer.entity("PropertyToken", TOKEN)!["closed"], false);
  });
});
