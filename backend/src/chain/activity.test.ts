/**
 * Who sees which events of a property's activity feed (chain/activity.ts), over the real app, PostgreSQL and the
 * real sync from a real node: a platform day (subscriptions, claims, a transfer, rent, a trade) and compliance
 * actions on two holders. Security review 2026-12-06, finding 1: any signed-in user read every subscriber's wallet,
 * units and price (an invitation's too), the identity behind each wallet, and the token's freezes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { abis } from "@freehold/deployments/abi";
import { getAddress, isAddress, zeroAddress, type Abi, type AbiEvent, type PublicClient } from "viem";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, verifiedProperty } from "../../test/support/fixtures.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { PARTY_EVENTS, PROPERTY_EVENTS } from "./activity.ts";
import { createChainClient } from "./index.ts";
import { catchUp } from "./testing/catch-up.ts";
import { startAnvil, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";
import { actors, Chain, runScenario, type ScenarioResult } from "./testing/scenario.ts";

interface FeedEvent {
  contract: string;
  name: string;
  address: string;
  args: Record<string, unknown>;
}

/** Every address an event's arguments carry (nested values included). */
function addressesIn(value: unknown): string[] {
  if (typeof value === "string") return isAddress(value) ? [getAddress(value)] : [];
  if (Array.isArray(value)) return value.flatMap(addressesIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(addressesIn);
  return [];
}

describe("activity feed visibility", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let scenario: ScenarioResult;
  let manager: TestUser, officer: TestUser, alice: TestUser, bob: TestUser, carol: TestUser, stranger: TestUser;
  let propertyId: string;

  const feed = async (who: TestUser): Promise<FeedEvent[]> => {
    const res = await t.as(who).get(`${API}/chain/properties/${propertyId}/activity?limit=100`);
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.events.length < 100, "one page holds the whole feed");
    return res.body.events;
  };

  before(async () => {
    t = await createTestContext();
    [manager, officer, alice, bob, carol, stranger] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    // Verified: a property investors may see (a draft is a 404 to them).
    propertyId = (await verifiedProperty(t, manager, officer)).property.id;
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const people = { ...actors(3), manager: manager.account, investors: [alice.account, bob.account, carol.account] };
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    const chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    scenario = await runScenario(chain, people, [40n, 35n, 25n], propertyIdToBytes32(propertyId));
    // Compliance actions of the token's agent (its launcher) on two holders.
    await chain.send(manager.account, scenario.token, abis.PropertyToken as Abi, "setAddressFrozen", [
      carol.address,
      true,
    ]);
    await chain.send(manager.account, scenario.token, abis.PropertyToken as Abi, "freezePartialTokens", [
      bob.address,
      3n,
    ]);
    await catchUp({
      db: t.db,
      databaseUrl: t.databaseUrl,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
    });
  });
  after(async () => {
    await anvil?.stop();
    await t?.close();
  });

  it("an investor with no stake sees no subscriber, holder or freeze: only the property's own events", async () => {
    const seen = await feed(stranger);
    const names = seen.map((e) => e.name);
    assert.ok(names.includes("RentDeposited") && names.includes("Finalized"), names.join());
    for (const hidden of ["Subscribed", "Transfer", "Claimed", "RentClaimed", "AddressFrozen", "TokensFrozen"])
      assert.ok(!names.includes(hidden), `${hidden} shown to an outsider`);
    const investors: string[] = [alice, bob, carol].map((u) => getAddress(u.address));
    for (const e of seen)
      assert.ok(
        addressesIn(e.args).every((a) => !investors.includes(a)),
        `${e.contract}.${e.name} names an investor's wallet: ${JSON.stringify(e.args)}`,
      );
  });

  it("a holder sees their own movements and the property's events, never a freeze, not even their own", async () => {
    const seen = await feed(carol);
    const names = seen.map((e) => e.name);
    assert.ok(names.includes("Subscribed") && names.includes("OrderFilled"), names.join());
    assert.ok(!names.includes("AddressFrozen"), "carol is told her wallet is frozen");
    assert.ok(!names.includes("TokensFrozen"));
    const mine = seen.filter((e) => e.name === "Subscribed");
    assert.deepEqual(
      mine.map((e) => getAddress(String(e.args["investor"]))),
      [getAddress(carol.address)],
      "only her own subscription",
    );
  });

  it("the property's manager and compliance officers see every event, freezes included", async () => {
    for (const who of [manager, officer]) {
      const names = (await feed(who)).map((e) => e.name);
      for (const shown of ["Subscribed", "Transfer", "AddressFrozen", "TokensFrozen", "RentClaimed"])
        assert.ok(names.includes(shown), `${shown} missing for ${who === manager ? "the manager" : "an officer"}`);
      assert.equal(names.filter((n) => n === "Subscribed").length, 3);
    }
  });

  it("class: whoever asks without the cap table's rights, every address an event carries is their own, a contract's or the manager's", async () => {
    const contracts = new Set(
      [
        ...Object.values(platform.record.contracts).flatMap((c) => (c ? [c.address] : [])),
        scenario.token,
        scenario.offering,
        zeroAddress,
      ].map((a) => getAddress(a)),
    );
    const investors = [alice, bob, carol, stranger];
    const feeds = new Map(await Promise.all(investors.map(async (u) => [u, await feed(u)] as const)));
    fc.assert(
      fc.property(fc.constantFrom(...investors), (who) => {
        const allowed = new Set<string>([...contracts, getAddress(who.address), getAddress(manager.address)]);
        // A trade names both sides to each of them: the counterparty of their own movement is theirs to see.
        const counterparties = (e: FeedEvent) =>
          Object.values(PARTY_EVENTS[e.contract]?.[e.name] ? e.args : {}).filter(
            (v): v is string => typeof v === "string" && isAddress(v),
          );
        for (const e of feeds.get(who)!) {
          const own = counterparties(e).some((a) => getAddress(a) === getAddress(who.address));
          const strangers = addressesIn(e.args).filter((a) => !allowed.has(a));
          assert.ok(
            own || strangers.length === 0,
            `${e.contract}.${e.name} shows ${strangers.join()} to a wallet it does not concern`,
          );
          assert.ok(
            PROPERTY_EVENTS[e.contract]?.includes(e.name) || own,
            `${e.contract}.${e.name} is neither the property's nor theirs`,
          );
        }
      }),
      { numRuns: investors.length * 4 },
    );
  });

  it("class: an event the property's list shows to anyone names no holder by its arguments (checked against the ABIs)", () => {
    const partyWords = /^(from|to|investor|holder|wallet|identity|seller|buyer|tokenHolder|operator|agent)$/;
    for (const [contract, names] of Object.entries(PROPERTY_EVENTS)) {
      const abi = (abis as Record<string, Abi>)[contract];
      assert.ok(abi, `${contract} has an ABI`);
      for (const name of names) {
        const event: AbiEvent | undefined = abi.find((x): x is AbiEvent => x.type === "event" && x.name === name);
        assert.ok(event, `${contract}.${name} is an event of the ABI`);
        const parties: string[] = event.inputs.map((i) => i.name ?? "").filter((n) => partyWords.test(n));
        assert.deepEqual(parties, [], `${contract}.${name} names ${parties.join()}`);
      }
    }
  });

  it("refuses a beforeBlock past the block numbers it stores with a 400, not a 422", async () => {
    const res = await t.as(stranger).get(`${API}/chain/properties/${propertyId}/activity?beforeBlock=2147483648`);
    assert.equal(res.status, 400, res.text);
  });
});
