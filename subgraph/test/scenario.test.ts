/**
 * The subgraph's real WASM indexing the real logs of the platform's whole life (deployed by the real deploy
 * script on an in-process Hardhat network), checked against the chain; and mutants of the mappings, which the
 * same checks must reject.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { fetchBlocksWithLogs, type BlockWithLogs } from "../test-host/chain.js";
import { Indexer, providerCallResolver } from "../test-host/indexer.js";
import { generateManifest } from "../scripts/manifest.js";
import { compareWithBackend } from "./support/backend.js";
import { buildMutant, buildSubgraph, type Mutation } from "./support/builds.js";
import { reconcile } from "./support/reconcile.js";
import { DEFAULT_PARTITION, LOCKUP, runScenario, type Scenario } from "./support/scenario.js";

let scenario: Scenario;
let blocks: BlockWithLogs[];
let addresses: ReturnType<typeof generateManifest>["networks"][string];

async function index(manifest: string): Promise<Indexer> {
  const indexer = new Indexer(manifest, { addresses, ethCall: providerCallResolver(scenario.provider) });
  await indexer.indexBlocks(blocks);
  return indexer;
}

before(async () => {
  scenario = await runScenario();
  const latest = BigInt((await scenario.provider.request({ method: "eth_blockNumber" })) as string);
  blocks = await fetchBlocksWithLogs(scenario.provider, 0n, latest);
  const generated = generateManifest({ network: "localhost", addressesDir: scenario.recordDir });
  addresses = generated.networks["localhost"]!;
});

describe("subgraph on the platform's real logs", () => {
  it("takes addresses and start blocks from the deploy script's record", () => {
    const generated = generateManifest({ network: "localhost", addressesDir: scenario.recordDir });
    for (const name of ["PropertyTokenFactory", "IdentityRegistry", "RentDistributor", "Settlement"]) {
      const deployed = scenario.record.contracts[name]!;
      assert.equal(addresses[name]!.address, deployed.address.toLowerCase());
      assert.equal(addresses[name]!.startBlock, deployed.blockNumber);
      assert.match(generated.manifest, new RegExp(`address: "${deployed.address.toLowerCase()}"`));
    }
    assert.deepEqual(generated.placeholders, ["sepolia"]);
    assert.deepEqual(Object.keys(generated.networks), ["localhost", "sepolia"]);
  });

  it("indexes every log in block order and agrees with the chain on every holding, offering, record and count", async () => {
    const indexer = await index(buildSubgraph());
    assert.deepEqual(await reconcile(indexer, scenario, blocks), []);
    assert.deepEqual(indexer.danglingReferences(), []);

    // The factory's templates started a data source for each token and offering it launched.
    assert.equal(indexer.activeDataSources.filter((d) => d.name === "PropertyToken").length, 3);
    assert.equal(indexer.activeDataSources.filter((d) => d.name === "PropertyOffering").length, 3);
    assert.equal(indexer.activeDataSources.filter((d) => d.name === "PropertyGovernor").length, 1);
    assert.equal(indexer.activeDataSources.filter((d) => d.name === "PropertyExit").length, 1);
    // Partition attribution: the ERC-1410 transfer moved lock-up units, the ERC-20 transfers the default partition.
    const transfers = indexer.entities("Transfer").filter((t) => t["kind"] === "TRANSFER");
    const docks = (await scenario.tokens[1]!.getAddress()).toLowerCase();
    const lockupMoves = transfers.filter((t) => t["token"] === docks);
    assert.ok(lockupMoves.length >= 2 && lockupMoves.every((t) => t["partition"] === LOCKUP && t["operator"] !== null));
    assert.ok(transfers.some((t) => t["partition"] === DEFAULT_PARTITION && t["operator"] === null));
    // Offering progress and daily snapshots.
    const rivoli = indexer.entity("Offering", (await scenario.offerings[0]!.getAddress()).toLowerCase())!;
    assert.equal(rivoli["progress"], "1");
    assert.equal(rivoli["softCapReached"], true);
    const snapshots = indexer.entities("TokenDailySnapshot");
    const rivoliToken = (await scenario.tokens[0]!.getAddress()).toLowerCase();
    const last = snapshots
      .filter((s) => s["token"] === rivoliToken)
      .sort((a, b) => Number(a["day"]) - Number(b["day"]))
      .at(-1)!;
    assert.equal(last["totalSupply"], await scenario.tokens[0]!.totalSupply());
    const deposited = snapshots
      .filter((s) => s["token"] === rivoliToken)
      .reduce((sum, s) => sum + (s["rentDeposited"] as bigint), 0n);
    assert.equal(deposited, indexer.entity("PropertyToken", rivoliToken)!["totalRentDeposited"]);
    assert.equal(indexer.logs.filter((l) => l.level === "critical" || l.level === "error").length, 0);
  });

  it("agrees with the backend's chain sync on cap tables, offering progress, rent, fees and holder votes", async () => {
    const indexer = await index(buildSubgraph());
    assert.deepEqual(await compareWithBackend(indexer, scenario), []);
  });

  it("indexes holder votes: a changed vote counts once, a second wallet votes for its identity, the outcome", async () => {
    const indexer = await index(buildSubgraph());
    const governor = (await scenario.governors[0]!.getAddress()).toLowerCase();
    const docks = (await scenario.tokens[1]!.getAddress()).toLowerCase();
    assert.equal(indexer.entity("Governor", governor)!["token"], docks);
    const sale = indexer.entity("Proposal", `${governor}-1`)!;
    assert.deepEqual(
      [sale["kind"], sale["forVotes"], sale["againstVotes"], sale["abstainVotes"], sale["voters"], sale["status"]],
      ["SALE", 175n, 0n, 80n, 3, "APPROVED"],
    );
    const open = indexer.entity("Proposal", `${governor}-2`)!;
    assert.deepEqual([open["kind"], open["forVotes"], open["voters"], open["status"]], ["DECISION", 80n, 1, "ACTIVE"]);
    const votes = indexer.entities("Vote").filter((v) => v["proposal"] === `${governor}-1`);
    const [bob, erin] = [scenario.wallets[1]!, scenario.wallets[4]!];
    const bobVote = votes.find((v) => v["identity"] === bob)!;
    assert.deepEqual([bobVote["choice"], bobVote["weight"], bobVote["changes"]], ["FOR", 120n, 1]);
    const erinVote = votes.find((v) => v["identity"] === erin)!;
    assert.deepEqual([erinVote["choice"], erinVote["weight"]], ["FOR", 55n]);
    assert.equal(erinVote["wallet"], scenario.registered.at(-1), "Erin voted from her second wallet");
    assert.equal(indexer.logs.filter((l) => l.level === "critical" || l.level === "error").length, 0);
  });

  it("indexes the exit: Docklands sold and closed, three redemptions (one to a recovered wallet, one later), one holder left", async () => {
    const indexer = await index(buildSubgraph());
    const exit = (await scenario.exits[0]!.getAddress()).toLowerCase();
    const docks = (await scenario.tokens[1]!.getAddress()).toLowerCase();
    const governor = (await scenario.governors[0]!.getAddress()).toLowerCase();
    const indexed = indexer.entity("Exit", exit)!;
    assert.deepEqual(
      [indexed["token"], indexed["governor"], indexed["proposal"], indexed["closed"]],
      [docks, governor, `${governor}-1`, true],
    );
    // The 2 % exit fee, rounded down, leaves for the collector; the rest is shared.
    assert.deepEqual(
      [indexed["amount"], indexed["fee"], indexed["proceeds"]],
      [460_000_000_003n, 9_200_000_000n, 450_800_000_003n],
    );
    const exitFees = indexer.entities("FeePayment").filter((f) => f["kind"] === "EXIT");
    assert.deepEqual(
      exitFees.map((f) => f["amount"]),
      [9_200_000_000n],
      "the exit fee is one fee payment of kind EXIT",
    );
    // Bob's 120, Erin's 55 and Dave's 80 of the 270 units at the close; Alice's 15 not redeemed.
    assert.deepEqual([indexed["supplyAtClose"], indexed["unitsRedeemed"], indexed["redemptionCount"]], [270n, 255n, 3]);
    const token = indexer.entity("PropertyToken", docks)!;
    assert.deepEqual([token["exit"], token["closed"], token["paused"], token["issuable"]], [exit, true, true, false]);
    const [bob, dave, erin] = [scenario.wallets[1]!, scenario.wallets[3]!, scenario.wallets[4]!];
    const rows = indexer
      .entities("ExitRedemption")
      .map((r) => [r["holder"], r["identity"], r["to"], r["units"]].map(String).join(" "))
      .sort();
    assert.deepEqual(
      rows,
      [
        `${bob} ${bob} ${bob} 120`,
        `${erin} ${erin} ${scenario.registered.at(-1)} 55`,
        `${dave} ${dave} ${dave} 80`,
      ].sort(),
    );
    assert.equal(indexer.logs.filter((l) => l.level === "critical" || l.level === "error").length, 0);
  });

  const mutations: (Mutation & { expected: RegExp })[] = [
    {
      name: "transfer-forgets-debit",
      file: "src/token.ts",
      find: "if (!isIssue) applyDelta(token, p.from, partition, p.value, -1);",
      replace: "",
      expected: /^holding 0x[0-9a-f]{40} in 0x[0-9a-f]{40}: indexed \d+, chain \d+$/,
    },
    {
      name: "partition-ignored",
      file: "src/token.ts",
      find: "partition = pending.partition;",
      replace: "",
      expected: /^partition 0x[0-9a-f]{64} of 0x[0-9a-f]{40} in 0x[0-9a-f]{40}: indexed/,
    },
    {
      name: "subscription-overwrites-units",
      file: "src/offering.ts",
      find: "offering.unitsSold = offering.unitsSold.plus(p.units);",
      replace: "offering.unitsSold = p.units;",
      expected: /unitsSold: indexed \d+, chain \d+/,
    },
    {
      name: "release-leaves-escrow-untouched",
      file: "src/offering.ts",
      find: "offering.escrowHeld = offering.escrowHeld.minus(p.amount);",
      replace: "",
      expected: /escrowHeld: indexed \d+, chain \d+/,
    },
    {
      name: "refund-after-finalization-ignored",
      file: "src/offering.ts",
      find: "offering.unitsRefunded = offering.unitsRefunded.plus(position.units);",
      replace:
        'if (offering.status != "FINALIZED") offering.unitsRefunded = offering.unitsRefunded.plus(position.units);',
      expected: /unitsRefunded: indexed \d+, chain \d+/,
    },
    {
      // The mapping before private placements: every refunded unit at the offering's one price (Dave's invited units
      // at 95 on Harbour then count as 19).
      name: "refund-at-the-offering-price",
      file: "src/offering.ts",
      find: "offering.unitsRefunded = offering.unitsRefunded.plus(position.units);",
      replace: "offering.unitsRefunded = offering.unitsRefunded.plus(event.params.amount.div(offering.pricePerUnit));",
      expected: /unitsRefunded: indexed \d+, chain \d+/,
    },
    {
      name: "invitation-paid-at-the-offering-price",
      file: "src/offering.ts",
      find: "invitation.paid = p.paid;",
      replace: "invitation.paid = p.units.times(offering.pricePerUnit);",
      expected: /^invitation 0x[0-9a-f]{64} paid: indexed \d+, chain \d+$/,
    },
    {
      name: "revocation-not-counted",
      file: "src/offering.ts",
      find: "offering.invitationsRevoked += 1;",
      replace: "",
      expected: /^0x[0-9a-f]{40} invitations revoked: indexed 0, chain 1$/,
    },
    {
      name: "redirect-credits-the-holder",
      file: "src/rent-distributor.ts",
      find: "redirect.to = p.to;",
      replace: "redirect.to = p.holder;",
      expected: /^rent redirects \(token holder to amount\): indexed/,
    },
    {
      name: "deposit-names-its-transaction-not-its-statement",
      file: "src/rent-distributor.ts",
      find: "deposit.statementHash = p.statementHash;",
      replace: "deposit.statementHash = event.transaction.hash;",
      expected: /^0x[0-9a-f]{40} statement of deposit \d+: indexed/,
    },
    {
      name: "settlement-factory-records-the-settlement",
      file: "src/settlement.ts",
      find: "added.factory = event.params.factory;",
      replace: "added.factory = event.address;",
      expected: /^settlement factories \(settlement factory\): indexed/,
    },
    {
      name: "vote-withdrawal-not-subtracted",
      file: "src/governor.ts",
      find: "count(proposal, p.choice, p.weight, -1);",
      replace: "",
      expected: /^proposal 0x[0-9a-f]{40}-1 against: indexed 120, chain 0$/,
    },
    {
      name: "vote-per-wallet-not-per-identity",
      file: "src/governor.ts",
      find: "const key = voteKey(event.address, p.proposalId, p.identity);",
      replace: "const key = voteKey(event.address, p.proposalId, p.wallet);",
      expected: /^vote of 0x[0-9a-f]{40} on 0x[0-9a-f]{40}-1: indexed false, chain true$/,
    },
    {
      name: "outcome-not-recorded",
      file: "src/governor.ts",
      find: 'proposal.status = p.approved ? "APPROVED" : "REJECTED";',
      replace: "",
      expected: /^proposal 0x[0-9a-f]{40}-1 status: indexed ACTIVE, chain APPROVED$/,
    },
    {
      name: "redemption-not-paid-out",
      file: "src/exit.ts",
      find: "exit.paidOut = exit.paidOut.plus(p.payout);",
      replace: "",
      expected: /^exit 0x[0-9a-f]{40} paidOut: indexed 0, chain [1-9]\d*$/,
    },
    {
      name: "redemption-paid-to-the-holder",
      file: "src/exit.ts",
      find: "redemption.to = p.to;",
      replace: "redemption.to = p.holder;",
      expected: /^exit 0x[0-9a-f]{40} redemption of 0x[0-9a-f]{40} to: indexed/,
    },
    {
      name: "close-not-recorded-on-the-token",
      file: "src/token.ts",
      find: "token.closed = true;",
      replace: "",
      expected: /^0x[0-9a-f]{40} closed: indexed false, chain true$/,
    },
    {
      name: "rent-fee-counted-as-a-trade-fee",
      file: "src/rent-distributor.ts",
      find: 'recordFee(event, "RENT",',
      replace: 'recordFee(event, "TRADE",',
      expected: /^fees paid \(RENT\): indexed 0, chain [1-9]/,
    },
  ];
  it("indexes private placements: an invitation per digest redeemed or revoked, linked from its offering", async () => {
    const indexer = await index(buildSubgraph());
    const docks = (await scenario.offerings[1]!.getAddress()).toLowerCase();
    const invitations = indexer.entities("Invitation").filter((i) => i["offering"] === docks);
    assert.deepEqual(invitations.map((i) => i["status"]).sort(), ["REDEEMED", "REVOKED"]);
    const erin = invitations.find((i) => i["status"] === "REDEEMED")!;
    assert.deepEqual([erin["units"], erin["paid"], erin["pricePerUnit"]], [30n, 2_400_000_000n, 80_000_000n]);
    const revoked = invitations.find((i) => i["status"] === "REVOKED")!;
    // Absent: a revoke carries no redemption.
    assert.deepEqual([revoked["investor"], revoked["units"], revoked["paid"]], [undefined, undefined, undefined]);
    // The derived field resolves from the offering: every Invitation of the scenario points at a live Offering.
    assert.deepEqual(indexer.danglingReferences(), []);
  });

  it("keeps an invitation's first settlement when a second event names the same digest, and says so", async () => {
    // The offering refuses to revoke a redeemed invitation, so the chain never emits this: a revoke log for Erin's
    // redeemed digest, replayed in a block after the last (same emitter, same data, its topic re-pointed).
    const indexer = await index(buildSubgraph());
    const docks = (await scenario.offerings[1]!.getAddress()).toLowerCase();
    const redeemed = indexer.entities("Invitation").find((i) => i["offering"] === docks && i["status"] === "REDEEMED")!;
    const before = { ...redeemed };
    const revokedTopic = scenario.offerings[1]!.interface.getEvent("InvitationRevoked")!.topicHash;
    const source = blocks.flatMap((b) => b.logs.map((l) => ({ b, l }))).find(({ l }) => l.topics[0] === revokedTopic)!;
    const last = blocks.at(-1)!;
    const number = last.block.number + 1n;
    const replay: BlockWithLogs = {
      block: { ...last.block, number, hash: "0x" + number.toString(16).padStart(64, "0"), parentHash: last.block.hash },
      logs: [{ ...source.l, topics: [revokedTopic, redeemed["id"] as string], blockNumber: number, logIndex: 0 }],
      transactions: source.b.transactions,
    };
    await indexer.indexBlocks([replay]);
    assert.deepEqual(indexer.entity("Invitation", redeemed["id"] as string), before);
    const offering = indexer.entity("Offering", docks)!;
    assert.deepEqual([offering["invitationsRedeemed"], offering["invitationsRevoked"]], [1, 1]);
    const errors = indexer.logs.filter((l) => l.level === "error");
    assert.equal(errors.length, 1, JSON.stringify(indexer.logs));
    assert.match(errors[0]!.message, /invitation 0x[0-9a-f]{64} is already REDEEMED, ignoring REVOKED/);
  });

  for (const mutation of mutations) {
    it(`rejects a deliberately wrong mapping: ${mutation.name}`, async () => {
      const problems = await reconcile(await index(await buildMutant(mutation)), scenario, blocks);
      assert.ok(problems.length > 0, "the checks did not notice the mutant");
      assert.ok(
        problems.some((p) => mutation.expected.test(p)),
        `expected a discrepancy like ${String(mutation.expected)}, got:\n${problems.join("\n")}`,
      );
    });
  }
});
