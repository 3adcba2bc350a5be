/**
 * Holder votes (issue 19) through the subgraph's real WASM on the test host, from hand-made logs encoded with the
 * generated ABIs: the factory's GovernorLaunched starts the governor's data source; ProposalCreated opens a
 * Proposal, VoteCast / VoteWithdrawn move its tallies and replace the identity's Vote, ProposalFinalized records
 * the outcome. (The scenario test runs the same mappings on a real governor's logs.)
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { id, Interface, type InterfaceAbi } from "ethers";
import { Indexer } from "../test-host/indexer.js";
import { ABI_DIR } from "../scripts/manifest.js";
import { buildSubgraph } from "./support/builds.js";
import { FixtureChain, type FixtureEvent } from "./support/fixture.js";

const abi = (contract: string): Interface =>
  new Interface(JSON.parse(readFileSync(join(ABI_DIR, `${contract}.json`), "utf8")) as InterfaceAbi);
const factoryAbi = abi("PropertyTokenFactory");
const governorAbi = abi("PropertyGovernor");

const FACTORY = "0x00000000000000000000000000000000000000fa";
const TOKEN = "0x0000000000000000000000000000000000000070";
const GOVERNOR = "0x00000000000000000000000000000000000000a0";
const MANAGER = "0x000000000000000000000000000000000000000d";
const ALICE = "0x0000000000000000000000000000000000000a11";
const ALICE_SECOND_WALLET = "0x0000000000000000000000000000000000000a12";
const BOB = "0x0000000000000000000000000000000000000b0b";
const DOCUMENT = id("sale memorandum");
const [AGAINST, FOR, ABSTAIN] = [0, 1, 2];
const WEEK = 7n * 86_400n;

const launched = (): FixtureEvent => ({
  address: FACTORY,
  abi: factoryAbi,
  name: "GovernorLaunched",
  args: [TOKEN, GOVERNOR, WEEK, 3_000n, 6_000n, 100n],
});
const governorEvent = (name: string, args: unknown[]): FixtureEvent => ({
  address: GOVERNOR,
  abi: governorAbi,
  name,
  args,
});
/** A sale at a minimum price of 2,000,000 (payment-token units) on snapshot 1 of a supply of 1,000 units. */
const created = (proposalId = 1n, start = 1_700_000_000n): FixtureEvent =>
  governorEvent("ProposalCreated", [
    proposalId,
    MANAGER,
    0,
    2_000_000n,
    "0x0000000000000000000000000000000000000000",
    DOCUMENT,
    proposalId,
    1_000n,
    start,
    start + WEEK,
  ]);
const cast = (identity: string, wallet: string, choice: number, weight: bigint, proposalId = 1n): FixtureEvent =>
  governorEvent("VoteCast", [proposalId, identity, wallet, choice, weight]);
const withdrawn = (identity: string, choice: number, weight: bigint, proposalId = 1n): FixtureEvent =>
  governorEvent("VoteWithdrawn", [proposalId, identity, choice, weight]);
const finalized = (approved: boolean, votes: [bigint, bigint, bigint], proposalId = 1n): FixtureEvent =>
  governorEvent("ProposalFinalized", [proposalId, approved, ...votes]);

const PROPOSAL = `${GOVERNOR}-1`;
const tallies = (p: Record<string, unknown> | null) =>
  p && [p["forVotes"], p["againstVotes"], p["abstainVotes"], p["voters"]];

let manifest: string;
before(() => {
  manifest = buildSubgraph();
});

/** An indexer of the subgraph whose factory data source listens at FACTORY, with the governor launched. */
async function withGovernor(): Promise<{ indexer: Indexer; chain: FixtureChain }> {
  const indexer = new Indexer(manifest, {
    addresses: {
      PropertyTokenFactory: { address: FACTORY, startBlock: 0 },
      IdentityRegistry: { address: "0x00000000000000000000000000000000000000f1", startBlock: 0 },
      RentDistributor: { address: "0x00000000000000000000000000000000000000f2", startBlock: 0 },
      Settlement: { address: "0x00000000000000000000000000000000000000f3", startBlock: 0 },
      PlatformFees: { address: "0x00000000000000000000000000000000000000f4", startBlock: 0 },
    },
  });
  const chain = new FixtureChain();
  await indexer.indexBlock(chain.block([launched()]));
  return { indexer, chain };
}

describe("holder votes on the test host", () => {
  it("makes a Governor with its terms from GovernorLaunched and indexes its proposals (template data source)", async () => {
    const { indexer } = await withGovernor();
    const governor = indexer.entity("Governor", GOVERNOR)!;
    assert.deepEqual(
      [governor["token"], governor["votingPeriod"], governor["quorumBps"], governor["approvalBps"]],
      [TOKEN, WEEK, 3_000, 6_000],
    );
    assert.equal(governor["proposerThreshold"], 100n);
    assert.equal(governor["proposalCount"], 0);
    assert.deepEqual(
      indexer.activeDataSources.filter((d) => d.name === "PropertyGovernor").map((d) => [d.address, d.startBlock]),
      [[GOVERNOR, 1n]],
    );
  });

  it("opens an active Proposal with its terms and empty tallies on ProposalCreated", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created()]));
    const p = indexer.entity("Proposal", PROPOSAL)!;
    assert.deepEqual(
      [p["governor"], p["token"], p["proposalId"], p["kind"], p["proposer"], p["amount"], p["account"]],
      [GOVERNOR, TOKEN, 1n, "SALE", MANAGER, 2_000_000n, null],
    );
    assert.deepEqual(
      [p["documentHash"], p["snapshotId"], p["supplyAtSnapshot"], p["startTime"], p["endTime"]],
      [DOCUMENT, 1n, 1_000n, 1_700_000_000n, 1_700_000_000n + WEEK],
    );
    assert.deepEqual(tallies(p), [0n, 0n, 0n, 0]);
    assert.equal(p["status"], "ACTIVE");
    assert.equal(indexer.entity("Governor", GOVERNOR)!["proposalCount"], 1);
  });

  it("counts each identity's vote once, with its weight and the wallet that cast it", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created(), cast(ALICE, ALICE_SECOND_WALLET, FOR, 400n)]));
    await indexer.indexBlock(chain.block([cast(BOB, BOB, AGAINST, 250n)]));
    assert.deepEqual(tallies(indexer.entity("Proposal", PROPOSAL)), [400n, 250n, 0n, 2]);
    const alice = indexer.entity("Vote", `${PROPOSAL}-${ALICE}`)!;
    assert.deepEqual(
      [alice["proposal"], alice["identity"], alice["wallet"], alice["choice"], alice["weight"], alice["changes"]],
      [PROPOSAL, ALICE, ALICE_SECOND_WALLET, "FOR", 400n, 0],
    );
    assert.equal(indexer.entities("Vote").length, 2);
  });

  it("replaces an identity's vote on a change: VoteWithdrawn takes the earlier one out of the tally", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created(), cast(ALICE, ALICE, FOR, 400n), cast(BOB, BOB, AGAINST, 250n)]));
    // Alice's identity changes its vote from her second wallet, with the weight it has now.
    await indexer.indexBlock(
      chain.block([withdrawn(ALICE, FOR, 400n), cast(ALICE, ALICE_SECOND_WALLET, ABSTAIN, 390n)]),
    );
    assert.deepEqual(tallies(indexer.entity("Proposal", PROPOSAL)), [0n, 250n, 390n, 2]);
    const votes = indexer.entities("Vote").filter((v) => v["identity"] === ALICE);
    assert.equal(votes.length, 1);
    assert.deepEqual(
      [votes[0]!["choice"], votes[0]!["weight"], votes[0]!["wallet"], votes[0]!["changes"]],
      ["ABSTAIN", 390n, ALICE_SECOND_WALLET, 1],
    );
    assert.equal(indexer.logs.filter((l) => l.level === "error" || l.level === "critical").length, 0);
  });

  it("records the outcome on ProposalFinalized: approved or rejected, the tallies unchanged", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created(), cast(ALICE, ALICE, FOR, 400n), cast(BOB, BOB, AGAINST, 250n)]));
    await indexer.indexBlock(chain.block([finalized(true, [400n, 250n, 0n])]));
    const approved = indexer.entity("Proposal", PROPOSAL)!;
    assert.equal(approved["status"], "APPROVED");
    assert.deepEqual(tallies(approved), [400n, 250n, 0n, 2]);
    assert.ok(approved["finalizedAt"] !== undefined);
    // The next proposal is rejected (its quorum missed).
    const start = 1_700_000_000n + 2n * WEEK;
    await indexer.indexBlock(chain.block([created(2n, start), cast(BOB, BOB, FOR, 250n, 2n)]));
    assert.equal(indexer.entity("Proposal", `${GOVERNOR}-2`)!["status"], "ACTIVE");
    await indexer.indexBlock(chain.block([finalized(false, [250n, 0n, 0n], 2n)]));
    assert.equal(indexer.entity("Proposal", `${GOVERNOR}-2`)!["status"], "REJECTED");
    assert.equal(indexer.entity("Governor", GOVERNOR)!["proposalCount"], 2);
    assert.equal(indexer.logs.filter((l) => l.level === "error" || l.level === "critical").length, 0);
  });

  it("says so when the chain's final tally is not the indexed one, and keeps the indexed tally", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created(), cast(ALICE, ALICE, FOR, 400n)]));
    await indexer.indexBlock(chain.block([finalized(true, [401n, 0n, 0n])]));
    assert.deepEqual(tallies(indexer.entity("Proposal", PROPOSAL)), [400n, 0n, 0n, 1]);
    const errors = indexer.logs.filter((l) => l.level === "error");
    assert.equal(errors.length, 1, JSON.stringify(indexer.logs));
    assert.match(errors[0]!.message, /proposal 0x[0-9a-f]{40}-1 finalized with 401\/0\/0, indexed 400\/0\/0/);
  });

  it("refuses to count a withdrawal of a vote it never saw, and says so", async () => {
    const { indexer, chain } = await withGovernor();
    await indexer.indexBlock(chain.block([created(), withdrawn(ALICE, FOR, 400n)]));
    assert.deepEqual(tallies(indexer.entity("Proposal", PROPOSAL)), [0n, 0n, 0n, 0]);
    assert.match(indexer.logs.find((l) => l.level === "error")?.message ?? "", /no vote of 0x0+a11 to withdraw/);
  });
});
