/**
 * The demo people's chain helper: moving the clock of a chain that started in the past (the local stack's seed), and
 * the holder-vote and exit actions (issue 19) on a platform deployed by the real deploy code.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JsonRpcProvider, Wallet } from "ethers";
import { abis } from "@freehold/deployments";
import { DEMO } from "../src/accounts.js";
import { startAnvil, type LocalChain } from "../src/chain.js";
import { DemoChain, demoStatementHash, PROPOSAL_KIND, USD, VOTE } from "../src/demo-chain.js";
import { deployPlatform } from "../src/deploy/index.js";

describe("DemoChain.moveClockTo", () => {
  const genesis = BigInt(Math.floor(Date.now() / 1000) - 400 * 86_400);
  let node: LocalChain;
  let chain: DemoChain;
  before(async () => {
    node = await startAnvil({ genesisTimestamp: Number(genesis) });
    chain = new DemoChain(node.url, node.chainId, "/no/record/needed");
  });
  after(async () => {
    chain?.destroy();
    await node?.stop();
  });

  it("mines a block at a later time, and the clock runs on from there", async () => {
    const at = genesis + 30n * 86_400n;
    assert.equal(await chain.moveClockTo(at), true);
    assert.equal(await chain.now(), at);
    await node.rpc("evm_mine");
    const next = await chain.now();
    assert.ok(next >= at && next < at + 120n, `next block at ${next}`);
  });

  it("answers an account's transaction count fresh, never a count another caller asked for just before", async () => {
    // npm start's seed failed with 'nonce too low' under load: the fee operations' signer counted its first nonce
    // from ethers' 250 ms cache of the pending count the seed's last mint had asked for, before that mint was sent.
    const before = await chain.provider.getTransactionCount(DEMO.admin.address, "pending");
    const elsewhere = new JsonRpcProvider(node.url, node.chainId, { staticNetwork: true, cacheTimeout: -1 });
    await node.rpc("eth_sendRawTransaction", [
      await new Wallet(DEMO.admin.key).signTransaction({
        to: DEMO.alice.address,
        value: 1n,
        nonce: before,
        gasLimit: 21_000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 1n,
        chainId: node.chainId,
        type: 2,
      }),
    ]);
    assert.equal(await elsewhere.getTransactionCount(DEMO.admin.address, "pending"), before + 1, "mined at once");
    assert.equal(await chain.provider.getTransactionCount(DEMO.admin.address, "pending"), before + 1);
    elsewhere.destroy();
  });

  it("leaves a clock that passed the time alone (a chain never goes back)", async () => {
    const head = Number(await node.rpc<string>("eth_blockNumber"));
    const now = await chain.now();
    assert.equal(await chain.moveClockTo(now - 86_400n), false);
    assert.equal(await chain.moveClockTo(now), false);
    assert.equal(Number(await node.rpc<string>("eth_blockNumber")), head, "no block mined");
  });
});

describe("DemoChain: a property sold by its holders' vote and redeemed (issue 19)", () => {
  const genesis = BigInt(Math.floor(Date.now() / 1000) - 400 * 86_400);
  let node: LocalChain;
  let chain: DemoChain;
  before(async () => {
    node = await startAnvil({ genesisTimestamp: Number(genesis) });
    const provider = new JsonRpcProvider(node.url, node.chainId, { staticNetwork: true, pollingInterval: 50 });
    const signer = new Wallet(DEMO.admin.key, provider);
    const recordDir = mkdtempSync(join(tmpdir(), "freehold-demo-chain-"));
    try {
      await deployPlatform({
        ethers: { getSigners: async () => [signer] },
        signer,
        params: { complianceAgent: DEMO.agent.address, propertyManagers: [DEMO.manager.address] },
        networkName: "localhost",
        recordDir,
        log: () => undefined,
      });
    } finally {
      provider.destroy();
    }
    chain = new DemoChain(node.url, node.chainId, recordDir);
  });
  after(async () => {
    chain?.destroy();
    await node?.stop();
  });

  it("launches a governor and an exit, votes a sale through, deposits the proceeds and pays a redeemer its share", async () => {
    const expiry = (await chain.now()) + 365n * 86_400n;
    for (const investor of [DEMO.alice, DEMO.bob]) {
      await chain.registerIdentity(DEMO.agent, investor.address, 620, expiry);
      await chain.mintUsd(DEMO.admin, investor.address, 100_000n * USD);
    }
    const terms = { pricePerUnit: 100n * USD, softCap: 10n, hardCap: 1_000n, minTicket: 1n, maxTicket: 1_000n };
    const { token, offering } = await chain.launch(DEMO.manager, randomUUID(), {
      ...terms,
      name: "Quay Sale",
      symbol: "QSL",
      days: 10,
    });
    await chain.subscribe(DEMO.alice, offering, 600n, terms.pricePerUnit);
    await chain.subscribe(DEMO.bob, offering, 400n, terms.pricePerUnit);
    await chain.finalize(DEMO.manager, offering);
    for (const investor of [DEMO.alice, DEMO.bob]) await chain.claimFor(DEMO.manager, offering, investor);

    const day = 86_400;
    const governor = await chain.launchGovernor(DEMO.manager, token, {
      votingPeriod: day,
      quorumBps: 3_000,
      approvalBps: 6_000,
      proposerThreshold: 0n,
    });
    const sale = await chain.propose(DEMO.manager, governor, {
      kind: PROPOSAL_KIND.sale,
      amount: 90_000n * USD,
      documentHash: demoStatementHash("sale memorandum"),
    });
    assert.equal(sale, 1n);
    await chain.castVote(DEMO.alice, governor, sale, VOTE.for);
    await chain.castVote(DEMO.bob, governor, sale, VOTE.against);
    // Votes run while the block's time is before the end: the clock moves past it.
    assert.equal(await chain.moveClockTo((await chain.proposalEnd(governor, sale)) + 1n), true);
    assert.equal(await chain.finalizeProposal(DEMO.bob, governor, sale), true, "600 for, 400 against: approved");

    const exit = await chain.launchExit(DEMO.manager, token);
    await chain.mintUsd(DEMO.admin, DEMO.manager.address, 100_001n * USD);
    await chain.depositProceeds(DEMO.manager, exit, sale, 100_001n * USD);
    const tokenContract = chain.contract(token, abis.PropertyToken);
    assert.equal(await tokenContract.getFunction("isClosed")(), true);
    const before = await chain.usdBalance(DEMO.bob.address);
    const payout = await chain.redeem(DEMO.bob, exit);
    assert.equal(payout, (400n * 100_001n * USD) / 1_000n, "Bob's 400 of 1,000 units (no exit fee set)");
    assert.equal((await chain.usdBalance(DEMO.bob.address)) - before, payout);
    assert.equal(await chain.balanceOf(token, DEMO.bob.address), 0n);
    assert.equal(await chain.balanceOf(token, DEMO.alice.address), 600n, "Alice has not redeemed");
    await assert.rejects(chain.redeem(DEMO.bob, exit), /ExitNothingToRedeem|reverted|execution reverted/);
  });

  it("leaves a vote that is still running open: finalize refuses before its end", async () => {
    const token = await chain.launch(DEMO.manager, randomUUID(), {
      pricePerUnit: 100n * USD,
      softCap: 1n,
      hardCap: 100n,
      minTicket: 1n,
      maxTicket: 100n,
      name: "Open Vote",
      symbol: "OPV",
      days: 10,
    });
    await chain.subscribe(DEMO.alice, token.offering, 100n, 100n * USD);
    await chain.finalize(DEMO.manager, token.offering);
    await chain.claimFor(DEMO.manager, token.offering, DEMO.alice);
    const governor = await chain.launchGovernor(DEMO.manager, token.token, {
      votingPeriod: 7 * 86_400,
      quorumBps: 3_000,
      approvalBps: 6_000,
      proposerThreshold: 0n,
    });
    const id = await chain.propose(DEMO.manager, governor, {
      kind: PROPOSAL_KIND.capitalExpenditure,
      amount: 5_000n * USD,
      documentHash: demoStatementHash("roof repair quote"),
    });
    await chain.castVote(DEMO.alice, governor, id, VOTE.for);
    await assert.rejects(chain.finalizeProposal(DEMO.alice, governor, id), /GovernorVotingNotEnded|revert/);
  });
});
