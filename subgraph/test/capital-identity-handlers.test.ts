/**
 * Two mappings on the test host, from hand-made logs encoded with the generated ABIs:
 * - capital returned by a refinance (issue 19): the distributor's `CapitalDeposited` is a CapitalDeposit of the token
 *   and counts in the token's capital returned, not its rent; the dust it carries is the token's;
 * - the identity registry's freeze, as the contract keeps it: a freeze is the identity's (`IdentityFrozen`), applied to
 *   every wallet of the identity, present and future, kept through a removal and a registration again.
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
const [factoryAbi, registryAbi, distributorAbi, offeringAbi] = [
  "PropertyTokenFactory",
  "IdentityRegistry",
  "RentDistributor",
  "PropertyOffering",
].map(abi) as [Interface, Interface, Interface, Interface];

const FACTORY = "0x00000000000000000000000000000000000000fa";
const REGISTRY = "0x00000000000000000000000000000000000000f1";
const DISTRIBUTOR = "0x00000000000000000000000000000000000000f2";
const TOKEN = "0x0000000000000000000000000000000000000070";
const OFFERING = "0x0000000000000000000000000000000000000071";
const USDC = "0x0000000000000000000000000000000000000c0c";
const MANAGER = "0x000000000000000000000000000000000000000d";
/** Alice's identity is her first (primary) wallet; she has a second wallet, and later a third. */
const ALICE = "0x0000000000000000000000000000000000000a11";
const ALICE_2 = "0x0000000000000000000000000000000000000a12";
const ALICE_3 = "0x0000000000000000000000000000000000000a13";
const BOB = "0x0000000000000000000000000000000000000b0b";
const EXPIRY = 1_800_000_000n;

const event = (address: string, iface: Interface, name: string, args: unknown[]): FixtureEvent => ({
  address,
  abi: iface,
  name,
  args,
});
const registered = (wallet: string, identity: string): FixtureEvent =>
  event(REGISTRY, registryAbi, "IdentityRegistered", [wallet, identity, 250, EXPIRY, false]);
/** `setFrozen(wallet, frozen)` as the registry logs it: the wallet named, then its identity. */
const setFrozen = (wallet: string, identity: string, frozen: boolean): FixtureEvent[] => [
  event(REGISTRY, registryAbi, "WalletFrozen", [wallet, frozen]),
  event(REGISTRY, registryAbi, "IdentityFrozen", [identity, frozen]),
];

function offeringTerms(): string {
  return offeringAbi.encodeFunctionResult("terms", [
    {
      token: TOKEN,
      partition: "0x" + "00".repeat(32),
      paymentToken: USDC,
      pricePerUnit: 100n,
      softCap: 1n,
      hardCap: 1_000n,
      minTicket: 1n,
      maxTicket: 1_000n,
      startTime: 1n,
      endTime: 2n,
      treasury: MANAGER,
      feeBps: 0n,
      feeRecipient: MANAGER,
      issuer: OFFERING,
    },
  ]);
}

let manifest: string;
before(() => {
  manifest = buildSubgraph();
});

async function indexed(): Promise<{ indexer: Indexer; chain: FixtureChain }> {
  const indexer = new Indexer(manifest, {
    addresses: {
      PropertyTokenFactory: { address: FACTORY, startBlock: 0 },
      IdentityRegistry: { address: REGISTRY, startBlock: 0 },
      RentDistributor: { address: DISTRIBUTOR, startBlock: 0 },
      Settlement: { address: "0x00000000000000000000000000000000000000f3", startBlock: 0 },
      PlatformFees: { address: "0x00000000000000000000000000000000000000f4", startBlock: 0 },
    },
    ethCall: async () => offeringTerms(),
  });
  const chain = new FixtureChain();
  await indexer.indexBlock(
    chain.block([
      event(DISTRIBUTOR, distributorAbi, "TokenRegistered", [TOKEN, USDC]),
      event(FACTORY, factoryAbi, "PropertyLaunched", [id("Quai 9"), TOKEN, OFFERING, MANAGER, "Quai 9", "QUAI"]),
    ]),
  );
  return { indexer, chain };
}

const errors = (indexer: Indexer) => indexer.logs.filter((l) => l.level === "error" || l.level === "critical");
const frozen = (indexer: Indexer, wallet: string): unknown => indexer.entity("IdentityRecord", wallet)?.["frozen"];

describe("capital returned on the test host", () => {
  it("CapitalDeposited is a CapitalDeposit and the token's capital returned, not rent; claims count both", async () => {
    const { indexer, chain } = await indexed();
    await indexer.indexBlock(
      chain.block([
        event(DISTRIBUTOR, distributorAbi, "RentDeposited", [TOKEN, 1n, id("period 1"), 1_007n, 100n, 7n]),
        event(DISTRIBUTOR, distributorAbi, "CapitalDeposited", [TOKEN, 2n, id("refinance"), 100_003n, 100n, 10n]),
        event(DISTRIBUTOR, distributorAbi, "RentClaimed", [TOKEN, ALICE, 10_100n]),
      ]),
    );
    const token = indexer.entity("PropertyToken", TOKEN)!;
    assert.deepEqual(
      [
        token["totalRentDeposited"],
        token["totalCapitalDeposited"],
        token["totalRentClaimed"],
        token["rentDepositCount"],
      ],
      [1_007n, 100_003n, 10_100n, 1],
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
