/**
 * Issue 12.14: a property's state follows the chain. Against a real node (anvil), the deployed platform, the real
 * API and PostgreSQL: each edge of CHAIN_TRANSITIONS (properties/workflow.ts) made by the chain sync from the
 * synced events (no manual step), recorded in the history with no user behind it; a reorganisation moves it back;
 * launches by someone who does not manage the property and properties outside the chain-driven states never move;
 * a second sync changes nothing. Then the class: random sequences of offering actions, and after every step the
 * registry's status equals the one the contract's own `state()` gives (property test, fast-check).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { propertyOfferingAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import type { Abi, PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API, createProperty, verifiedProperty } from "../../../test/support/fixtures.ts";
import { CHAIN_TRANSITIONS, statusOfPhase, type OfferingPhase } from "../../properties/workflow.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { Chain, USD } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";

interface Launch {
  token: `0x${string}`;
  offering: `0x${string}`;
}

interface HistoryEntry {
  from: string;
  to: string;
  actorId: string | null;
  reason: string | null;
}

/** OfferingState of IPropertyOffering, in its enum order. */
const ONCHAIN_PHASES: OfferingPhase[] = ["pending", "active", "succeeded", "failed", "finalized", "cancelled"];

describe("12.14 a property's state follows the chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let platform: DeployedPlatform;
  let chain: Chain;
  let sync: ChainSync;
  let manager: TestUser, officer: TestUser, intruder: TestUser;
  let investors: PrivateKeyAccount[];

  before(async () => {
    t = await createTestContext();
    [manager, officer, intruder] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("PROPERTY_MANAGER"),
    ]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const agent = privateKeyToAccount(TEST_KEYS[1]);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: agent.address,
      propertyManagers: [manager.address, intruder.address],
    });
    chain = new Chain(anvil, client, platform);
    investors = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())];
    for (const a of [manager.account, intruder.account, ...investors]) await chain.fund(a);
    await chain.register(
      agent,
      investors.map((i) => i.address),
    );
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
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  const status = async (id: string): Promise<string> =>
    (await t.anonymous.get(`${API}/properties/${id}`)).body.status as string;
  const history = async (id: string): Promise<HistoryEntry[]> =>
    (await t.as(officer).get(`${API}/properties/${id}/history`)).body as HistoryEntry[];
  /** Syncs to the head, then the property's status as anyone reads it. */
  const synced = async (id: string): Promise<string> => {
    await sync.catchUp();
    return status(id);
  };
  const launch = (who: TestUser, propertyId: string, hardCap = 100n): Promise<Launch> =>
    chain.launch(who.account, `P ${propertyId.slice(0, 8)}`, hardCap, propertyIdToBytes32(propertyId));
  const subscribe = async (investor: PrivateKeyAccount, offering: `0x${string}`, units: bigint): Promise<void> => {
    await chain.mintAndApprove(investor, units * USD, offering);
    await chain.send(investor, offering, propertyOfferingAbi as Abi, "subscribe", [units]);
  };
  const offeringCall = (
    who: PrivateKeyAccount,
    offering: `0x${string}`,
    fn: "finalize" | "cancel" | "refund" | "claim",
  ) => chain.send(who, offering, propertyOfferingAbi as Abi, fn, []);
  /** The last chain-made history entry: no user, the reason names the offering. */
  const lastMove = async (id: string, offering: string): Promise<HistoryEntry> => {
    const h = (await history(id)).at(-1)!;
    assert.equal(h.actorId, null, "moved by the chain sync, not by a user");
    assert.ok(h.reason?.includes(offering), `the reason names the offering: ${h.reason}`);
    return h;
  };
  const edge = (from: string, to: string) => {
    const e = CHAIN_TRANSITIONS.find((x) => x.from === from && x.to === to);
    assert.ok(e, `${from} -> ${to} is an edge of CHAIN_TRANSITIONS`);
    return e;
  };

  describe("the edges, in one property's life", () => {
    let id: string;
    let l: Launch;

    it("VERIFIED -> TOKENIZED: launched by its manager, opening later", async () => {
      ({
        property: { id },
      } = await verifiedProperty(t, manager, officer));
      l = await launch(manager, id);
      assert.equal(await synced(id), "TOKENIZED");
      const h = await lastMove(id, l.offering);
      assert.deepEqual([h.from, h.to], ["VERIFIED", "TOKENIZED"]);
      assert.ok(h.reason!.startsWith(edge("VERIFIED", "TOKENIZED").on));
      const list = await t.anonymous.get(`${API}/properties?status=TOKENIZED&limit=100`);
      assert.equal(
        list.body.items.find((p: { id: string }) => p.id === id)?.chain?.offeringAddress,
        l.offering,
        "the card shows it under Coming soon, with its offering",
      );
    });

    it("TOKENIZED -> OFFERING: the start time passes", async () => {
      await chain.advance(10);
      assert.equal(await synced(id), "OFFERING");
      const h = await lastMove(id, l.offering);
      assert.deepEqual([h.from, h.to], ["TOKENIZED", "OFFERING"]);
      const open = await t.anonymous.get(`${API}/properties?status=OFFERING&limit=100`);
      assert.ok(
        open.body.items.some((p: { id: string }) => p.id === id),
        "listed under Open for investment",
      );
    });

    it("OFFERING -> CLOSED: subscriptions reach the hard cap", async () => {
      await subscribe(investors[0]!, l.offering, 60n);
      assert.equal(await synced(id), "OFFERING", "still selling below the hard cap");
      await subscribe(investors[1]!, l.offering, 40n);
      assert.equal(await synced(id), "CLOSED");
      assert.deepEqual(((await lastMove(id, l.offering)) as HistoryEntry).to, "CLOSED");
    });

    it("CLOSED -> FUNDED: the issuer finalizes", async () => {
      await offeringCall(manager.account, l.offering, "finalize");
      assert.equal(await synced(id), "FUNDED");
      const h = await lastMove(id, l.offering);
      assert.deepEqual([h.from, h.to], ["CLOSED", "FUNDED"]);
      assert.deepEqual(
        (await history(id)).map((x) => x.to),
        ["SUBMITTED", "VERIFIED", "TOKENIZED", "OFFERING", "CLOSED", "FUNDED"],
      );
    });

    it("a funded property stays funded: a later launch for it does not govern it", async () => {
      await launch(manager, id);
      assert.equal(await synced(id), "FUNDED");
    });
  });

  describe("failure, cancellation, refunds and relaunch", () => {
    it("OFFERING -> REFUNDING: the end time passes with the soft cap missed; REFUNDING -> VERIFIED once every subscriber is refunded", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id);
      await chain.advance(10);
      await subscribe(investors[0]!, l.offering, 3n);
      await subscribe(investors[1]!, l.offering, 2n);
      assert.equal(await synced(property.id), "OFFERING");
      await chain.advance(86_400);
      assert.equal(await synced(property.id), "REFUNDING");
      assert.deepEqual((await lastMove(property.id, l.offering)).to, "REFUNDING");
      await offeringCall(investors[0]!, l.offering, "refund");
      assert.equal(await synced(property.id), "REFUNDING", "one subscriber is still owed");
      await offeringCall(investors[1]!, l.offering, "refund");
      assert.equal(await synced(property.id), "VERIFIED");
      const h = await lastMove(property.id, l.offering);
      assert.deepEqual([h.from, h.to], ["REFUNDING", "VERIFIED"]);
      // ...from where its manager launches again.
      const again = await launch(manager, property.id);
      assert.equal(await synced(property.id), "TOKENIZED");
      const detail = await t.anonymous.get(`${API}/properties?status=TOKENIZED&limit=100`);
      assert.equal(
        detail.body.items.find((p: { id: string }) => p.id === property.id)?.chain?.offeringAddress,
        again.offering,
        "the card shows the new offering",
      );
    });

    it("REFUNDING -> TOKENIZED: relaunched while refunds of the failed offering are still open", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id);
      await chain.advance(10);
      await subscribe(investors[0]!, l.offering, 4n);
      await chain.advance(86_400);
      assert.equal(await synced(property.id), "REFUNDING");
      const again = await launch(manager, property.id);
      assert.equal(await synced(property.id), "TOKENIZED");
      const h = await lastMove(property.id, again.offering);
      assert.deepEqual([h.from, h.to], ["REFUNDING", "TOKENIZED"]);
    });

    it("TOKENIZED -> VERIFIED: cancelled before it opened (nothing sold)", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id);
      assert.equal(await synced(property.id), "TOKENIZED");
      await offeringCall(manager.account, l.offering, "cancel");
      assert.equal(await synced(property.id), "VERIFIED");
      const h = await lastMove(property.id, l.offering);
      assert.deepEqual([h.from, h.to], ["TOKENIZED", "VERIFIED"]);
    });

    it("OFFERING -> VERIFIED: cancelled while open with nothing sold", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id);
      await chain.advance(10);
      assert.equal(await synced(property.id), "OFFERING");
      await offeringCall(manager.account, l.offering, "cancel");
      assert.equal(await synced(property.id), "VERIFIED");
      const h = await lastMove(property.id, l.offering);
      assert.deepEqual([h.from, h.to], ["OFFERING", "VERIFIED"]);
    });

    it("CLOSED -> REFUNDING: cancelled after filling, before finalization", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id, 20n);
      await chain.advance(10);
      await subscribe(investors[0]!, l.offering, 20n);
      assert.equal(await synced(property.id), "CLOSED");
      await offeringCall(manager.account, l.offering, "cancel");
      assert.equal(await synced(property.id), "REFUNDING");
      const h = await lastMove(property.id, l.offering);
      assert.deepEqual([h.from, h.to], ["CLOSED", "REFUNDING"]);
    });

    it("several facts in one synced range record every step (launched, opened, filled)", async () => {
      const { property } = await verifiedProperty(t, manager, officer);
      const l = await launch(manager, property.id, 10n);
      await chain.advance(10);
      await subscribe(investors[0]!, l.offering, 10n);
      assert.equal(await synced(property.id), "CLOSED");
      assert.deepEqual(
        (await history(property.id)).slice(-3).map((h) => `${h.from}->${h.to}`),
        ["VERIFIED->TOKENIZED", "TOKENIZED->OFFERING", "OFFERING->CLOSED"],
      );
    });
  });

  it("a reorganisation that removes the finalization moves the property back (FUNDED -> CLOSED), recorded as such", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const l = await launch(manager, property.id, 10n);
    await chain.advance(10);
    await subscribe(investors[0]!, l.offering, 10n);
    assert.equal(await synced(property.id), "CLOSED");
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await offeringCall(manager.account, l.offering, "finalize");
    assert.equal(await synced(property.id), "FUNDED");
    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await anvil.rpc("evm_increaseTime", [3]);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    assert.equal(await synced(property.id), "CLOSED");
    const h = (await history(property.id)).at(-1)!;
    assert.deepEqual([h.from, h.to, h.actorId], ["FUNDED", "CLOSED", null]);
    assert.match(h.reason!, /^reorganisation: undone/);
    // The finalization on the new branch moves it forward again.
    await offeringCall(manager.account, l.offering, "finalize");
    assert.equal(await synced(property.id), "FUNDED");
  });

  it("a launch by a manager who does not manage the property, or for a property outside the chain-driven states, moves nothing and shows nothing", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const foreign = await launch(intruder, property.id);
    const draft = await createProperty(t, manager);
    await launch(manager, draft.id);
    await chain.advance(10);
    assert.equal(await synced(property.id), "VERIFIED");
    assert.equal((await t.as(manager).get(`${API}/properties/${draft.id}`)).body.status, "DRAFT");
    const list = await t.anonymous.get(`${API}/properties?status=VERIFIED&limit=100`);
    const card = list.body.items.find((p: { id: string }) => p.id === property.id);
    assert.ok(card, "still listed as verified");
    assert.notEqual(
      card.chain?.offeringAddress,
      foreign.offering,
      "the intruder's offering is not shown as the property's",
    );
    const offering = await t.as(officer).get(`${API}/chain/properties/${property.id}/offering`);
    assert.notEqual(offering.body.offering, foreign.offering, "nor by the offering route");
  });

  it("is idempotent: syncing again, or a fresh instance over the same data, records nothing more", async () => {
    await sync.catchUp();
    const before = await t.db.propertyStatusChange.count();
    const audit = await t.db.auditEntry.count();
    await sync.catchUp();
    await new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 7,
    }).catchUp();
    assert.equal(await t.db.propertyStatusChange.count(), before);
    assert.equal(await t.db.auditEntry.count(), audit);
  });

  it("the class: after every step of random offering lives, the registry's status is the one the contract's state() gives", async () => {
    const Step = fc.oneof(
      fc.record({
        kind: fc.constant("subscribe" as const),
        investor: fc.integer({ min: 0, max: 1 }),
        units: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({ kind: fc.constant("advance" as const), seconds: fc.constantFrom(3, 20, 3_600, 86_400, 31 * 86_400) }),
      fc.record({ kind: fc.constantFrom("finalize" as const, "cancel" as const) }),
      fc.record({ kind: fc.constant("refund" as const), investor: fc.integer({ min: 0, max: 1 }) }),
    );
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(Step, { minLength: 3, maxLength: 7 }),
        fc.integer({ min: 10, max: 20 }),
        async (actions, hardCap) => {
          const { property } = await verifiedProperty(t, manager, officer);
          const l = await launch(manager, property.id, BigInt(hardCap));
          for (const a of actions) {
            try {
              if (a.kind === "subscribe") await subscribe(investors[a.investor]!, l.offering, BigInt(a.units));
              else if (a.kind === "advance") await chain.advance(a.seconds);
              else if (a.kind === "refund") await offeringCall(investors[a.investor]!, l.offering, "refund");
              else await offeringCall(manager.account, l.offering, a.kind);
            } catch {
              // Refused by the contract (wrong state, over the cap, nothing to refund): nothing happened on chain.
            }
            const now = (await client.getBlock()).timestamp;
            const phase =
              ONCHAIN_PHASES[
                Number(
                  await client.readContract({ address: l.offering, abi: propertyOfferingAbi, functionName: "state" }),
                )
              ]!;
            const sold = await client.readContract({
              address: l.offering,
              abi: propertyOfferingAbi,
              functionName: "unitsSold",
            });
            const settled = await client.readContract({
              address: l.offering,
              abi: propertyOfferingAbi,
              functionName: "unitsSettled",
            });
            // What the registry must say, from the contract's own answers (before finalization only refunds settle units).
            const expected = statusOfPhase(phase, settled < sold);
            assert.equal(
              await synced(property.id),
              expected,
              `after ${JSON.stringify(a)}: contract ${phase} at ${now}, sold ${sold}, refunded ${settled}`,
            );
            steps++;
          }
          // Every recorded chain move is an edge of the table.
          for (const h of (await history(property.id)).filter((x) => x.actorId === null)) edge(h.from, h.to);
        },
      ),
      { numRuns: 6 },
    );
    console.log(`# property-state class test: ${steps} steps, registry equal to the contract's state() at each`);
  });
});
