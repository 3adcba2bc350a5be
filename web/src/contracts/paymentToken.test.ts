import fc from "fast-check";
import { domainSeparator, encodeAbiParameters, keccak256, recoverTypedDataAddress, toHex, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { loadDeployments } from "./addresses";
import {
  appPaymentCoin,
  paymentPlan,
  permitTypedData,
  platformPaymentToken,
  recordedFacts,
  type PaymentTokenRecord,
} from "./paymentToken";

const USDC: PaymentTokenRecord = {
  address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
  name: "USD Coin",
  symbol: "USDC",
  decimals: 6,
  permit: { name: "USD Coin", version: "2" },
  source: "existing",
};

/** A public network's record: an existing stablecoin, no contract called TestStablecoin. */
const mainnet = {
  chainId: 1,
  network: "mainnet",
  updatedAt: "2026-12-02T00:00:00Z",
  contracts: {
    PropertyTokenFactory: {
      address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      blockNumber: 1,
      transactionHash: `0x${"1".repeat(64)}`,
    },
  },
  paymentToken: USDC,
};

describe("13.7 the payment stablecoin comes from the deployment record", () => {
  it("13.7 a public network's record names an existing stablecoin: the launch panel finds it without any TestStablecoin", () => {
    const records = loadDeployments({ "/addresses/1.json": mainnet });
    expect(platformPaymentToken(1, records)).toEqual(USDC);
    expect(records.get(1)?.contracts["TestStablecoin"]).toBeUndefined();
    expect(platformPaymentToken(31337, records), "no record, no payment token").toBeUndefined();
  });

  it("13.7 the recorded facts (symbol, decimals, permit) apply to that stablecoin only, whatever the address case", () => {
    const records = loadDeployments({ "/addresses/1.json": mainnet });
    expect(recordedFacts(USDC.address.toLowerCase() as Address, 1, records)).toEqual({
      symbol: "USDC",
      decimals: 6,
      permit: { name: "USD Coin", version: "2" },
    });
    expect(
      recordedFacts("0xdAC17F958D2ee523a2206206994597C13D831ec7", 1, records),
      "another token: read on chain, approve",
    ).toBeUndefined();
    expect(recordedFacts(undefined, 1, records)).toBeUndefined();
  });

  it("13.7 a record whose payment token is malformed is refused, not half-used", () => {
    const bad = { ...mainnet, paymentToken: { ...USDC, decimals: 77 } };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(loadDeployments({ "/addresses/1.json": bad }).get(1)).toBeUndefined();
    } finally {
      console.error = original;
    }
    expect(String((errors[0] as unknown[])[1])).toMatch(/decimals must be a whole number from 0 to 8/);
  });
});

describe("13.7 permit when the stablecoin has one, approve otherwise", () => {
  it("13.7 a 6-decimal stablecoin without permit is paid by approve, then subscribe (never a permit)", () => {
    expect(paymentPlan({ permit: null, preferApprove: false, allowance: 0n, cost: 100_000_000n })).toBe(
      "approve-then-subscribe",
    );
    expect(paymentPlan({ permit: null, preferApprove: false, allowance: 100_000_000n, cost: 100_000_000n })).toBe(
      "subscribe",
    );
  });

  it("13.7 a stablecoin with permit is paid by one signed permit, unless the investor asks for approve", () => {
    expect(paymentPlan({ permit: USDC.permit, preferApprove: false, allowance: 0n, cost: 1n })).toBe("permit");
    expect(paymentPlan({ permit: USDC.permit, preferApprove: true, allowance: 0n, cost: 1n })).toBe(
      "approve-then-subscribe",
    );
  });

  it("13.7 (class) for any token, allowance and cost: permit only when the token has one, approve whenever the allowance falls short", () => {
    const permit = fc.option(fc.record({ name: fc.string(), version: fc.string() }), { nil: null });
    fc.assert(
      fc.property(
        permit,
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        (p, preferApprove, allowance, cost) => {
          const plan = paymentPlan({ permit: p, preferApprove, allowance, cost });
          expect(plan === "permit").toBe(p !== null && !preferApprove);
          if (plan === "subscribe") expect(allowance >= cost).toBe(true);
          if (plan !== "permit" && allowance < cost) expect(plan).toBe("approve-then-subscribe");
        },
      ),
    );
  });

  it("13.7 the permit is signed under the recorded domain: its separator is the one a USDC-like contract computes, and it recovers to the investor", async () => {
    const investor = privateKeyToAccount(`0x${"7".repeat(64)}`);
    const typed = permitTypedData({
      domain: USDC.permit!,
      chainId: 1,
      token: USDC.address,
      owner: investor.address,
      spender: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      value: 250_000_000n,
      nonce: 3n,
      deadline: 1_800_000_000n,
    });
    // DOMAIN_SEPARATOR as contracts/mocks/MockPermitStablecoin.sol (and USDC) build it.
    const typeHash = keccak256(
      toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
    );
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [typeHash, keccak256(toHex("USD Coin")), keccak256(toHex("2")), 1n, USDC.address],
      ),
    );
    expect(domainSeparator({ domain: typed.domain! })).toBe(expected);
    const signature = await investor.signTypedData(typed);
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(investor.address);
  });
});

describe("15 amounts without their token (a contract error's arguments) are shown in the recorded payment token", () => {
  it("15 the record's symbol and decimals, never a hard-coded USDC", () => {
    const records = loadDeployments({
      "/addresses/1.json": { ...mainnet, paymentToken: { ...USDC, symbol: "EURC", decimals: 6 } },
    });
    expect(appPaymentCoin(1, records)).toEqual({ symbol: "EURC", decimals: 6 });
    expect(appPaymentCoin(31337, records), "no record: said as the payment token, not guessed").toEqual({
      symbol: "(payment token)",
      decimals: 6,
    });
  });
});
