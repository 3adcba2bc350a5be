import fc from "fast-check";
import { Wallet } from "ethers";
import { getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
// The one definition the contract tests, the gas benchmark, the backend and the seed sign invitations with.
import { INVITATION_TYPES as DEV_KIT_TYPES, offeringDomain, signInvitation } from "@freehold/dev-kit/deploy";
import type { Invitation } from "./api";
import { invitationDigest, invitationTypedData, INVITATION_TYPES, messageOf, randomSalt } from "./typedData";

// Anvil's first development key: a local test key, never funded anywhere real.
const KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const account = privateKeyToAccount(KEY);
const address = (n: bigint): Address => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);

const invitations = fc
  .record({
    identity: fc.bigInt({ min: 1n, max: 2n ** 160n - 1n }).map(address),
    minUnits: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    maxUnits: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    pricePerUnit: fc.bigInt({ min: 1n, max: 2n ** 128n - 1n }),
    expiry: fc.bigInt({ min: 0n, max: 2n ** 40n - 1n }),
    salt: hex32,
  })
  .map((m) => (m.minUnits <= m.maxUnits ? m : { ...m, minUnits: m.maxUnits, maxUnits: m.minUnits }));
const offerings = fc.bigInt({ min: 1n, max: 2n ** 160n - 1n }).map(address);
const chains = fc.integer({ min: 1, max: 2 ** 31 });

describe("the invitation the manager's wallet signs", () => {
  it("20 has the contract's struct, field for field, read from the generated ABI (the dev-kit's definition agrees)", () => {
    expect(INVITATION_TYPES).toEqual(DEV_KIT_TYPES);
    expect(INVITATION_TYPES.Invitation.map((f) => `${f.type} ${f.name}`).join(",")).toBe(
      "address identity,uint64 minUnits,uint64 maxUnits,uint128 pricePerUnit,uint40 expiry,bytes32 salt",
    );
  });

  it("20 its digest and signature are the dev-kit's signInvitation's (any terms, offering, chain)", async () => {
    const signer = new Wallet(KEY);
    await fc.assert(
      fc.asyncProperty(invitations, offerings, chains, async (message, offering, chainId) => {
        const ours = await account.signTypedData(invitationTypedData(chainId, offering, message));
        const theirs = await signInvitation(signer, offeringDomain(BigInt(chainId), offering), message);
        expect(invitationDigest(chainId, offering, message)).toBe(theirs.hash.toLowerCase());
        expect(ours).toBe(theirs.signature);
        const recovered = await recoverTypedDataAddress({
          ...invitationTypedData(chainId, offering, message),
          signature: ours,
        });
        expect(recovered).toBe(account.address);
      }),
      { numRuns: 25 },
    );
  });

  // Each change flips the lowest bit, so the changed terms stay inside their Solidity types: a `+ 1n` on a
  // uint128 price at its maximum left the type and made the encoder throw instead of testing the digest.
  const maxTerms = {
    identity: address(2n ** 160n - 1n),
    minUnits: 2n ** 64n - 1n,
    maxUnits: 2n ** 64n - 1n,
    pricePerUnit: 2n ** 128n - 1n,
    expiry: 2n ** 40n - 1n,
    salt: `0x${"ff".repeat(32)}` as Hex,
  };
  it("20 a digest names one offering, one chain and one set of terms: changing any changes it", () => {
    fc.assert(
      fc.property(invitations, offerings, chains, (message, offering, chainId) => {
        const digest = invitationDigest(chainId, offering, message);
        const flip = (n: bigint) => n ^ 1n;
        expect(invitationDigest(chainId + 1, offering, message)).not.toBe(digest);
        expect(invitationDigest(chainId, address(flip(BigInt(offering))), message)).not.toBe(digest);
        const changed = [
          { identity: address(flip(BigInt(message.identity))) },
          { minUnits: flip(message.minUnits) },
          { maxUnits: flip(message.maxUnits) },
          { pricePerUnit: flip(message.pricePerUnit) },
          { expiry: flip(message.expiry) },
          { salt: `${message.salt.slice(0, -1)}${message.salt.endsWith("0") ? "1" : "0"}` as Hex },
        ];
        for (const change of changed)
          expect(invitationDigest(chainId, offering, { ...message, ...change })).not.toBe(digest);
      }),
      { numRuns: 50, examples: [[maxTerms, address(2n ** 160n - 1n), 2 ** 31]] },
    );
  });

  it("20 terms outside the contract's types are refused, never signed wrapped", () => {
    for (const change of [
      { pricePerUnit: 2n ** 128n },
      { minUnits: 2n ** 64n },
      { maxUnits: 2n ** 64n },
      { expiry: 2n ** 40n },
      { pricePerUnit: -1n },
    ])
      expect(() => invitationDigest(1, address(1n), { ...maxTerms, ...change })).toThrow(/range/);
  });

  it("20 an invitation read back from the API redeems with the very struct that was signed", () => {
    fc.assert(
      fc.property(invitations, offerings, chains, (message, offering, chainId) => {
        const fromApi = {
          identity: message.identity.toLowerCase(),
          minUnits: String(message.minUnits),
          maxUnits: String(message.maxUnits),
          pricePerUnit: String(message.pricePerUnit),
          expiry: new Date(Number(message.expiry) * 1000).toISOString(),
          salt: message.salt,
        } as Invitation;
        expect(messageOf(fromApi)).toEqual(message);
        expect(invitationDigest(chainId, offering, messageOf(fromApi))).toBe(
          invitationDigest(chainId, offering, message),
        );
      }),
    );
  });

  it("20 salts are 32 fresh bytes", () => {
    const salts = new Set(Array.from({ length: 50 }, randomSalt));
    expect(salts.size).toBe(50);
    for (const salt of salts) expect(salt).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
