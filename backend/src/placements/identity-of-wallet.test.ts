/**
 * Whose invitations a wallet sees: the identity the registry's last event about the wallet left it with.
 * Security review 2026-12-06, finding 3: a wallet removed from its identity (linked in error, compromised or given
 * away) still listed the identity's invitations, private prices and signatures included, because only
 * registrations were read.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { getAddress } from "viem";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { identityOfWallet } from "./store.ts";

const CHAIN = 31337;
const WALLET = getAddress("0x00000000000000000000000000000000000a11ce");
const IDENTITIES = [WALLET, getAddress("0x0000000000000000000000000000000000001d01")];

type RegistryEvent =
  | { name: "IdentityRegistered"; identity: string }
  | { name: "IdentityUpdated"; identity: string }
  | { name: "IdentityRemoved"; identity: string };

describe("identityOfWallet", () => {
  let t: TestContext;
  let block = 0;
  const store = async (wallet: string, events: RegistryEvent[]) => {
    for (const e of events)
      await t.db.$executeRaw`INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash",
          "blockTime", address, contract, name, args)
        VALUES (${CHAIN}, ${++block}, 0, ${"0x" + "1".repeat(64)}, ${"0x" + "2".repeat(64)}, now(),
          ${"0x" + "3".repeat(40)}, 'IdentityRegistry', ${e.name},
          ${JSON.stringify({ wallet, identity: e.identity, country: 250, kycExpiry: 2_000_000_000, accredited: false })}::jsonb)`;
  };
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t?.close());

  it("a wallet removed from its identity belongs to none (it listed the identity's invitations)", async () => {
    await t.db.$executeRawUnsafe(`TRUNCATE chain_events`);
    await store(WALLET, [
      { name: "IdentityRegistered", identity: IDENTITIES[1]! },
      { name: "IdentityRemoved", identity: IDENTITIES[1]! },
    ]);
    assert.equal(await identityOfWallet(t.db, CHAIN, WALLET), null);
  });

  it("class: for any sequence of registrations, updates and removals, the identity the last of them left (none once removed; the wallet itself before any)", async () => {
    const event = fc.record({
      name: fc.constantFrom("IdentityRegistered" as const, "IdentityUpdated" as const, "IdentityRemoved" as const),
      identity: fc.constantFrom(...IDENTITIES),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 6 }), async (events) => {
        await t.db.$executeRawUnsafe(`TRUNCATE chain_events`);
        await store(WALLET, events);
        // Another wallet's events never count.
        await store(getAddress("0x0000000000000000000000000000000000000b0b"), [
          { name: "IdentityRegistered", identity: IDENTITIES[1]! },
        ]);
        const membership = events.filter((e) => e.name !== "IdentityUpdated");
        const last = membership.at(-1);
        const expected = !last ? WALLET : last.name === "IdentityRemoved" ? null : last.identity;
        assert.equal(await identityOfWallet(t.db, CHAIN, WALLET), expected, JSON.stringify(events));
      }),
      { numRuns: 40 },
    );
  });
});
