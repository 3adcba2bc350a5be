import fc from "fast-check";
import { Wallet } from "ethers";
import { getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
// The one definition the contract tests, the gas benchmark and the backend relayer sign with.
import { FORWARD_REQUEST_TYPES as DEV_KIT_TYPES, forwarderDomain, signForwardRequest } from "@freehold/dev-kit/deploy";
import { freeholdForwarderAbi } from "@freehold/deployments";
import { FORWARD_REQUEST_TYPES } from "@freehold/deployments/forward-request";
import {
  forwarderNoncesAbi,
  forwardRequestTypedData,
  gasWithMargin,
  relayRequestBody,
  requestDeadline,
  REQUEST_LIFETIME_SECONDS,
  type ForwardCall,
} from "./forwardRequest";

// Anvil's first development key: a local test key, never funded anywhere real.
const KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const account = privateKeyToAccount(KEY);
const address = (n: number): Address => getAddress(`0x${n.toString(16).padStart(40, "0")}`);

const calls = fc.record({
  to: fc.integer({ min: 1, max: 2 ** 31 }).map(address),
  data: fc.uint8Array({ minLength: 4, maxLength: 100 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex),
  gas: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
  nonce: fc.bigInt({ min: 0n, max: 2n ** 64n }),
  deadline: fc.bigInt({ min: 1n, max: 2n ** 48n - 1n }),
  chainId: fc.integer({ min: 1, max: 2 ** 31 }),
  forwarder: fc.integer({ min: 1, max: 2 ** 31 }).map(address),
});

describe("the forward request the wallet signs", () => {
  it("has the forwarder's shared type (the dev-kit signs the same fields), and its nonces function as compiled", () => {
    const typed = forwardRequestTypedData(31337, address(9), {
      from: address(1),
      to: address(2),
      data: "0x",
      gas: 1n,
      nonce: 0n,
      deadline: 1n,
    });
    expect(typed.types).toBe(FORWARD_REQUEST_TYPES);
    expect(DEV_KIT_TYPES).toEqual(FORWARD_REQUEST_TYPES);
    expect(typed.domain).toEqual(forwarderDomain(31337, address(9)));
    expect(forwarderNoncesAbi).toEqual(freeholdForwarderAbi.filter((item) => "name" in item && item.name === "nonces"));
  });

  it("signs to the same signature as the dev-kit's signer (any call, chain, forwarder, nonce, deadline)", async () => {
    const signer = new Wallet(KEY);
    await fc.assert(
      fc.asyncProperty(calls, async ({ chainId, forwarder, ...rest }) => {
        const call: ForwardCall = { from: account.address, ...rest };
        const ours = await account.signTypedData(forwardRequestTypedData(chainId, forwarder, call));
        const theirs = await signForwardRequest(
          signer,
          forwarderDomain(BigInt(chainId), forwarder),
          { from: call.from, to: call.to, data: call.data, gas: call.gas, deadline: call.deadline },
          call.nonce,
        );
        expect(ours).toBe(theirs.signature);
        // And it names its signer: the forwarder's `verify` recovers `from` from exactly this typed data.
        const recovered = await recoverTypedDataAddress({
          ...forwardRequestTypedData(chainId, forwarder, call),
          signature: ours,
        });
        expect(recovered).toBe(account.address);
      }),
      { numRuns: 25 },
    );
  });

  it("a request signed for one forwarder, chain or nonce does not verify for another", async () => {
    const call: ForwardCall = {
      from: account.address,
      to: address(7),
      data: "0x4e71d92d",
      gas: 100_000n,
      nonce: 3n,
      deadline: 2_000_000_000n,
    };
    const signature = await account.signTypedData(forwardRequestTypedData(31337, address(9), call));
    for (const other of [
      forwardRequestTypedData(31337, address(10), call),
      forwardRequestTypedData(1, address(9), call),
      forwardRequestTypedData(31337, address(9), { ...call, nonce: 4n }),
      forwardRequestTypedData(31337, address(9), { ...call, gas: 100_001n }),
    ]) {
      expect(await recoverTypedDataAddress({ ...other, signature })).not.toBe(account.address);
    }
  });

  it("is sent to the relayer with every integer as a decimal string and no value", () => {
    const call: ForwardCall = {
      from: account.address,
      to: address(7),
      data: "0x4e71d92d",
      gas: 123_456n,
      nonce: 2n ** 70n,
      deadline: 1_800_000_000n,
    };
    expect(relayRequestBody(call, "0xabcd")).toEqual({
      request: {
        from: account.address,
        to: address(7),
        value: "0",
        gas: "123456",
        nonce: "1180591620717411303424",
        deadline: "1800000000",
        data: "0x4e71d92d",
        signature: "0xabcd",
      },
    });
  });

  it("asks for more gas than the estimate and expires ten minutes after the chain's time", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 30_000_000n }), (estimate) => {
        expect(gasWithMargin(estimate) > estimate).toBe(true);
        expect(gasWithMargin(estimate) >= (estimate * 5n) / 4n).toBe(true);
      }),
    );
    expect(REQUEST_LIFETIME_SECONDS).toBe(600);
    expect(requestDeadline(1_700_000_000n)).toBe(1_700_000_600n);
  });
});
