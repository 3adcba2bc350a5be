/**
 * Holder votes (issue 19) through the sync and the API, on a real node with the platform the deploy engine deploys
 * (governor implementation included): a property of the registry launched under its id, its governor launched by the
 * factory (GovernorLaunched) and followed from that block, a proposal, three identities voting (one changes its
 * vote), a reorganisation of a vote range, finalization. The API's tallies and status are checked against the
 * governor's own views (`proposal`, `state`, `voteOf`); the route's access rules are the offering route's.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyGovernorAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { getAddress, keccak256, toHex, zeroAddress, type Abi, type PublicClient } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, createProperty } from "../../test/support/fixtures.ts";
import { createChainClient } from "./index.ts";
import { propertyProposals } from "./service.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform } from "./testing/platform.ts";
import {
  actors,
  Chain,
  runScenario,
  type Actors,
  type GovernorTerms,
  type ScenarioResult,
} from "./testing/scenario.ts";

const TERMS: GovernorTerms = { votingPeriod: 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 0n };
const Choice = { Against: 0, For: 1, Abstain: 2 } as const;
const DECISION = 4;
const DOCUMENT = keccak256(toHex("Replace the roof (decision of the holders)"));

interface ProposalView {
  id: string;
  kind: string;
  proposer: string;
  amount: string;
  account: string | null;
  documentHash: string;
  snapshotId: string;
  supplyAtSnapshot: string;
  startTime: string;
  endTime: string;
  quorumBps: number;
  approvalBps: number;
  quorumVotes: string;
  votes: { for: string; against: string; abstain: string };
  voters: number;
  status: string;
}

describe("19 holder votes: governors synced, proposals through the API", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let chain: Chain;
  let people: Actors;
  let scenario: ScenarioResult;
  let manager: TestUser, officer: TestUser, investor: TestUser;
  let propertyId: string;
  let untokenized: string;
  let governor: `0x${string}`;
  let alice: PrivateKeyAccount, bob: PrivateKeyAccount, carol: PrivateKeyAccount;
  let sync: ChainSync;
  let pool: pg.Pool;

  const proposals = async (user: TestUser = officer) => {
    const res = await t.as(user).get(`${API}/chain/properties/${propertyId}/proposals`);
    assert.equal(res.status, 200, res.text);
    return res.body as {
      propertyId: string;
      token: string | null;
      governor: string | null;
      terms: { votingPeriod: number; quorumBps: number; approvalBps: number; proposerThreshold: string } | null;
      proposals: ProposalView[];
    };
  };
  const vote = (who: PrivateKeyAccount, id: bigint, choice: number) =>
    chain.send(who, governor, propertyGovernorAbi as Abi, "castVote", [id, choice]);
  const onChain = (id: bigint) =>
    client.readContract({ address: governor, abi: propertyGovernorAbi, functionName: "proposal", args: [id] });
  const onChainState = (id: bigint) =>
    client.readContract({ address: governor, abi: propertyGovernorAbi, functionName: "state", args: [id] });

  /** The API's proposal equals the governor's stored one: proposer, kind, times, snapshot and the three tallies. */
  async function assertMatchesContract(view: ProposalView, id: bigint): Promise<void> {
    const p = await onChain(id);
    assert.deepEqual(
      {
        proposer: view.proposer,
        amount: view.amount,
        documentHash: view.documentHash,
        snapshotId: view.snapshotId,
        supplyAtSnapshot: view.supplyAtSnapshot,
        startTime: view.startTime,
        endTime: view.endTime,
        votes: view.votes,
      },
      {
        proposer: getAddress(p.proposer),
        amount: p.amount.toString(),
        documentHash: p.documentHash,
        snapshotId: String(p.snapshotId),
        supplyAtSnapshot: p.supplyAtSnapshot.toString(),
        startTime: new Date(p.startTime * 1000).toISOString(),
        endTime: new Date(p.endTime * 1000).toISOString(),
        votes: { for: p.forVotes.toString(), against: p.againstVotes.toString(), abstain: p.abstainVotes.toString() },
      },
      `proposal ${id} as the governor stores it`,
    );
  }

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    propertyId = (await createProperty(t, manager)).id;
    untokenized = (await createProperty(t, manager)).id;
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = { ...actors(3), manager: manager.account };
    [alice, bob, carol] = people.investors as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount];
    const platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    scenario = await runScenario(chain, people, [40n, 35n, 25n], propertyIdToBytes32(propertyId));
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
    await sync.catchUp();
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("19 before a governor: the property answers with no governor and no proposals", async () => {
    const view = await proposals(manager);
    assert.deepEqual(view, {
      propertyId,
      token: getAddress(scenario.token),
      governor: null,
      terms: null,
      proposals: [],
    });
    const none = await t.as(officer).get(`${API}/chain/properties/${untokenized}/proposals`);
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.body, { propertyId: untokenized, token: null, governor: null, terms: null, proposals: [] });
  });

  it("19 follows the governor from its GovernorLaunched event: a chain_contracts row with the token's property id", async () => {
    const launchedAt = await client.getBlockNumber();
    governor = await chain.launchGovernor(people.manager, scenario.token, TERMS);
    // The launch and the first proposal in one synced range: the new contract's logs must be in it.
    await chain.send(people.manager, governor, propertyGovernorAbi as Abi, "propose", [
      DECISION,
      0n,
      zeroAddress,
      DOCUMENT,
    ]);
    await sync.catchUp();
    const row = await t.db.chainContract.findUnique({
      where: { chainId_address: { chainId: t.config.siwe.chainId, address: getAddress(governor) } },
    });
    const tokenRow = await t.db.chainContract.findUnique({
      where: { chainId_address: { chainId: t.config.siwe.chainId, address: getAddress(scenario.token) } },
    });
    assert.ok(row, "the governor is followed");
    assert.equal(row.kind, "PropertyGovernor");
    assert.equal(row.token, getAddress(scenario.token));
    assert.equal(row.propertyId, tokenRow!.propertyId, "the token's property id");
    assert.ok(row.fromBlock > Number(launchedAt) && row.discoveredBlock === row.fromBlock, "from its launch block");
    const created = await t.db.chainEvent.findMany({ where: { address: getAddress(governor) } });
    assert.deepEqual(
      created.map((e) => [e.contract, e.name, e.token]),
      [["PropertyGovernor", "ProposalCreated", getAddress(scenario.token)]],
      "its events, decoded, with the governor's token",
    );
    // The token logs its administration module's holder-vote events at its own address: stored by name.
    const tokenEvents = await t.db.chainEvent.findMany({
      where: { address: getAddress(scenario.token), blockNumber: { gt: Number(launchedAt) } },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    assert.deepEqual(
      tokenEvents.map((e) => e.name),
      ["GovernorSet", "SnapshotOpened"],
    );
    const view = await proposals(manager);
    assert.equal(view.governor, getAddress(governor));
    assert.deepEqual(view.terms, {
      votingPeriod: TERMS.votingPeriod,
      quorumBps: TERMS.quorumBps,
      approvalBps: TERMS.approvalBps,
      proposerThreshold: "0",
    });
    assert.equal(view.proposals.length, 1);
    const [p] = view.proposals as [ProposalView];
    assert.deepEqual(
      [p.id, p.kind, p.account, p.status, p.voters, p.quorumBps, p.approvalBps],
      ["1", "decision", null, "active", 0, 3_000, 6_000],
    );
    await assertMatchesContract(p, 1n);
  });

  it("19 tallies the latest vote of each identity, equal to the governor's own tally", async () => {
    await vote(alice, 1n, Choice.For);
    await vote(bob, 1n, Choice.Against);
    await vote(carol, 1n, Choice.Abstain);
    await vote(bob, 1n, Choice.For); // bob changes his mind: VoteWithdrawn(Against), VoteCast(For)
    await sync.catchUp();
    const [p] = (await proposals()).proposals as [ProposalView];
    await assertMatchesContract(p, 1n);
    const weight = async (who: PrivateKeyAccount) =>
      (
        await client.readContract({
          address: governor,
          abi: propertyGovernorAbi,
          functionName: "voteOf",
          args: [1n, who.address],
        })
      )[2];
    assert.equal(BigInt(p.votes.for), (await weight(alice)) + (await weight(bob)));
    assert.equal(p.votes.against, "0", "bob's first vote no longer counts");
    assert.equal(BigInt(p.votes.abstain), await weight(carol));
    assert.equal(p.voters, 3);
    assert.equal(p.status, "active");
    assert.equal(await onChainState(1n), 1, "Active on chain too");
    assert.equal(BigInt(p.quorumVotes), (BigInt(p.supplyAtSnapshot) * 3_000n + 9_999n) / 10_000n);
  });

  it("19 a reorganisation of a vote range rolls the vote back; the new branch's vote is counted", async () => {
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await vote(carol, 1n, Choice.Against);
    await sync.catchUp();
    const [moved] = (await proposals()).proposals as [ProposalView];
    assert.deepEqual([moved.votes.abstain, moved.votes.against !== "0"], ["0", true], "carol's new vote is stored");

    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await anvil.rpc("evm_increaseTime", [7]);
    await vote(alice, 1n, Choice.Abstain); // the new branch: alice abstains, carol's vote change never happened
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    await sync.catchUp();
    const [p] = (await proposals()).proposals as [ProposalView];
    await assertMatchesContract(p, 1n);
    assert.equal(p.votes.against, "0", "carol's orphaned vote is gone");
    assert.ok(BigInt(p.votes.abstain) > 0n && p.voters === 3);
    assert.equal(
      await t.db.chainContract.count({ where: { address: getAddress(governor) } }),
      1,
      "the governor, discovered before the fork, stays followed",
    );
  });

  it("19 a reorganisation past the governor's launch forgets the governor and its proposals", async () => {
    // A second property's governor launched in a branch that is then abandoned.
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    const other = await chain.launch(people.manager, "Orphan Court 2", 100n);
    const orphan = await chain.launchGovernor(people.manager, other.token, TERMS);
    await sync.catchUp();
    assert.equal(await t.db.chainContract.count({ where: { address: getAddress(orphan) } }), 1);
    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await anvil.rpc("evm_increaseTime", [7]);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    assert.equal(await t.db.chainContract.count({ where: { address: getAddress(orphan) } }), 0);
    assert.equal(
      await t.db.chainEvent.count({ where: { name: "GovernorLaunched", token: getAddress(other.token) } }),
      0,
    );
    await sync.catchUp();
  });

  it("19 after the end by the server clock: ended, awaiting finalization; then the contract's outcome", async () => {
    await chain.advance(TERMS.votingPeriod + 1);
    await anvil.rpc("evm_mine", []);
    await sync.catchUp();
    const chainNow = new Date(Number(await chain.now()) * 1000);
    const ended = await propertyProposals(t.db, t.config.siwe.chainId, officer, propertyId, chainNow);
    assert.equal(ended.proposals[0]!.status, "awaitingFinalization");
    const early = await propertyProposals(t.db, t.config.siwe.chainId, officer, propertyId, new Date(0));
    assert.equal(early.proposals[0]!.status, "active", "active while the end is in the future");

    await chain.send(bob, governor, propertyGovernorAbi as Abi, "finalize", [1n]);
    await sync.catchUp();
    const [p] = (await proposals(manager)).proposals as [ProposalView];
    await assertMatchesContract(p, 1n);
    assert.equal(await onChainState(1n), 2, "Approved on chain");
    assert.equal(p.status, "approved");
    const stored = await onChain(1n);
    assert.equal(stored.outcome, 1);
  });

  it("19 the proposals route: signed-in callers who see the property; 401 anonymous, 404 invisible or unknown", async () => {
    assert.equal((await t.anonymous.get(`${API}/chain/properties/${propertyId}/proposals`)).status, 401);
    const other = await t.user("PROPERTY_MANAGER");
    assert.equal(
      (await t.as(other).get(`${API}/chain/properties/${propertyId}/proposals`)).status,
      404,
      "a draft is invisible to other managers",
    );
    assert.equal(
      (await t.as(investor).get(`${API}/chain/properties/${propertyId}/proposals`)).status,
      404,
      "a draft is invisible to investors",
    );
    assert.equal(
      (await t.as(officer).get(`${API}/chain/properties/00000000-0000-4000-8000-000000000000/proposals`)).status,
      404,
    );
    assert.equal((await t.as(officer).get(`${API}/chain/properties/not-a-uuid/proposals`)).status, 400);
    for (const who of [manager, officer, t.admin]) {
      assert.equal((await t.as(who).get(`${API}/chain/properties/${propertyId}/proposals`)).status, 200);
    }
  });
});
