/** 15 addresses: one component, with the names the deployment record knows and a link to the explorer. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadDeployments } from "../contracts/addresses";
import { explorerLink, knownName, shortAddress } from "./Address";

const settlement = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const coin = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
const records = loadDeployments({
  "/addresses/1.json": {
    chainId: 1,
    network: "mainnet",
    updatedAt: "2026-12-02T00:00:00Z",
    contracts: { Settlement: { address: settlement, blockNumber: 1, transactionHash: `0x${"1".repeat(64)}` } },
    paymentToken: { address: coin, name: "USD Coin", symbol: "USDC", decimals: 6, permit: null, source: "existing" },
  },
});

describe("15 <Address> helpers", () => {
  it("15 names the platform's contracts and the payment token, whatever the address case; a wallet stays unnamed", () => {
    expect(knownName(settlement.toLowerCase(), 1, records)).toBe("Settlement contract");
    expect(knownName(coin, 1, records)).toBe("USDC (payment token)");
    expect(knownName("0x0000000000000000000000000000000000000001", 1, records)).toBeUndefined();
    expect(knownName(settlement, 31337, records)).toBeUndefined();
  });

  it("15 links addresses and transaction hashes to their explorer pages, or nowhere without an explorer", () => {
    expect(explorerLink("https://etherscan.io", settlement)).toBe(`https://etherscan.io/address/${settlement}`);
    const hash = `0x${"ab".repeat(32)}`;
    expect(explorerLink("https://etherscan.io", hash)).toBe(`https://etherscan.io/tx/${hash}`);
    expect(explorerLink(undefined, settlement)).toBeUndefined();
  });

  it("15 (class) any address shortens to its first 6 and last 4 characters, which it starts and ends with", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const address = `0x${Buffer.from(bytes).toString("hex")}`;
        const short = shortAddress(address);
        expect(short).toBe(`${address.slice(0, 6)}…${address.slice(-4)}`);
      }),
    );
  });
});
