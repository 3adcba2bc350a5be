import fc from "fast-check";
import { getAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { resolveLaunched, type LaunchReader } from "./useOfferingAddress";

const token = getAddress(`0x${"1".repeat(40)}`);
const offering = getAddress(`0x${"2".repeat(40)}`);
const propertyId = "5f0c8a0e-6d2a-4c8e-9a5b-2b7f0f1e9c11";
const manager = getAddress(`0x${"a".repeat(40)}`);

/** A chain where the factory names `official` as `token`'s offering, and launches were made by `launches`. */
function reader(
  official: Record<string, Address>,
  launches: { token: Address; offering: Address; manager: Address }[] = [],
): LaunchReader & { reads: number; scans: number } {
  const r = {
    reads: 0,
    scans: 0,
    offeringOf: async (t: Address) => {
      r.reads += 1;
      return official[t] ?? getAddress(`0x${"0".repeat(40)}`);
    },
    launches: async () => {
      r.scans += 1;
      return launches;
    },
  };
  return r;
}

describe("resolveLaunched", () => {
  it("13.6 shows the registry's offering only when the factory names it as the token's offering (offeringOf)", async () => {
    const chain = { tokenAddress: token, offeringAddress: offering };
    expect(await resolveLaunched(reader({ [token]: offering }), { chain, propertyId })).toEqual({ token, offering });
    const rogue = getAddress(`0x${"3".repeat(40)}`);
    expect(await resolveLaunched(reader({ [token]: rogue }), { chain, propertyId })).toBeNull();
    expect(await resolveLaunched(reader({}), { chain, propertyId })).toBeNull();
  });

  it("13.6 without the registry's offering, an investor gets none (no fallback to whoever launched last); the launching manager gets their own launch", async () => {
    const other = getAddress(`0x${"b".repeat(40)}`);
    const launches = [
      { token, offering, manager },
      { token: getAddress(`0x${"4".repeat(40)}`), offering: getAddress(`0x${"5".repeat(40)}`), manager: other },
    ];
    const r = reader({ [token]: offering, [launches[1]!.token]: launches[1]!.offering }, launches);
    expect(await resolveLaunched(r, { chain: null, propertyId })).toBeNull();
    expect(r.scans).toBe(0);
    expect(await resolveLaunched(r, { chain: null, propertyId, launcher: manager })).toEqual({ token, offering });
    expect(
      await resolveLaunched(r, { chain: null, propertyId, launcher: getAddress(`0x${"c".repeat(40)}`) }),
    ).toBeNull();
  });

  it("13.6 property: whatever the registry and the launches say, the result is null or a pair the factory confirms", async () => {
    const addr = fc.constantFrom(
      token,
      offering,
      manager,
      getAddress(`0x${"3".repeat(40)}`),
      getAddress(`0x${"4".repeat(40)}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(addr, addr),
        fc.array(fc.record({ token: addr, offering: addr, manager: addr }), { maxLength: 4 }),
        fc.option(fc.record({ tokenAddress: addr, offeringAddress: addr }), { nil: null }),
        fc.option(addr, { nil: undefined }),
        async (official, launches, chain, launcher) => {
          const got = await resolveLaunched(reader(official, launches), {
            chain,
            propertyId,
            ...(launcher ? { launcher } : {}),
          });
          if (got) expect(official[got.token]).toBe(got.offering);
        },
      ),
    );
  });
});
