import {
  BaseError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  getAddress,
  InsufficientFundsError,
  parseAbi,
  stringToHex,
  UserRejectedRequestError,
} from "viem";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectErrors, type AbiError } from "./abi";
import { decodeRevertData, describeError, humanize } from "./revert";
import { describeWalletError } from "./walletFailure";

// A test fixture standing in for generated ABIs: the decoding logic must work for any contract's errors.
const offeringAbi = parseAbi([
  "function subscribe(uint256 units)",
  "error OfferingNotActive(uint8 state)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error TransferNotCompliant(bytes1 code, bytes32 reason)",
]);
const tokenAbi = parseAbi([
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error TokenInsufficientBalance(address holder, bytes32 partition, uint256 balance, uint256 needed)",
]);
const errors: AbiError[] = collectErrors({ Offering: offeringAbi, Token: tokenAbi });
const investor = "0x00000000000000000000000000000000000000aa";

describe("collectErrors", () => {
  it("keeps each error signature once across contracts", () => {
    expect(errors.map((e) => e.name).sort()).toEqual([
      "ERC20InsufficientBalance",
      "OfferingNotActive",
      "TokenInsufficientBalance",
      "TransferNotCompliant",
    ]);
  });
});

describe("describeError", () => {
  it("answers a wallet rejection (4001) calmly", () => {
    for (const error of [
      new UserRejectedRequestError(new Error("User denied")),
      { code: 4001, message: "User rejected the request." },
    ]) {
      const e = describeError(error, errors);
      expect(e.kind).toBe("rejected");
      expect(e.title).toBe("You declined the request in your wallet.");
      expect(e.action).toMatch(/Nothing was sent/);
    }
  });

  it("decodes a custom error that viem already decoded", () => {
    const data = encodeErrorResult({
      abi: offeringAbi,
      errorName: "ERC20InsufficientBalance",
      args: [investor, 5_000_000n, 100_000_000n],
    });
    const reverted = new ContractFunctionRevertedError({ abi: offeringAbi, data, functionName: "subscribe" });
    const e = describeError(new BaseError("Execution reverted", { cause: reverted }), errors);
    expect(e.kind).toBe("reverted");
    expect(e.title).toBe(
      "Your stablecoin balance is too low: you have 5.00 (payment token), this needs 100.00 (payment token).",
    );
    expect(e.technical).toBe(`ERC20InsufficientBalance(${getAddress(investor)}, 5000000, 100000000)`);
  });

  it("decodes raw revert data nested in an RPC error with the platform ABI", () => {
    const data = encodeErrorResult({
      abi: tokenAbi,
      errorName: "TokenInsufficientBalance",
      args: [investor, `0x${"0".repeat(64)}`, 3n, 10n],
    });
    const rpcError = { message: "execution reverted", cause: { code: 3, message: "execution reverted", data } };
    const e = describeError(rpcError, errors);
    expect(e.title).toBe("Not enough units: you hold 3 units here, this needs 10 units.");
  });

  it("explains a compliance error with its ERC-1400 reason code and reason", () => {
    const data = encodeErrorResult({
      abi: offeringAbi,
      errorName: "TransferNotCompliant",
      args: ["0x57", stringToHex("RECEIVER_NOT_VERIFIED", { size: 32 })],
    });
    const e = describeError({ cause: { data } }, errors);
    expect(e.title).toBe("Your wallet is not eligible to hold or trade these units right now.");
  });

  it("names an error it has no message for", () => {
    const data = encodeErrorResult({ abi: offeringAbi, errorName: "OfferingNotActive", args: [3] });
    expect(describeError({ data }, errors).title).toBe("The contract refused the transaction: offering not active.");
  });

  it("says what an error without a hand-written message means, from the contracts' NatSpec (generated)", () => {
    const tokenErrors = parseAbi(["error TokenRedemptionClosed()"]);
    const data = encodeErrorResult({ abi: tokenErrors, errorName: "TokenRedemptionClosed" });
    expect(describeError({ data }, tokenErrors).title).toBe(
      "Holders may not redeem units of this token; only the controller redeems them.",
    );
  });

  it("reports a require message and does not invent a reason for unknown data", () => {
    const data = encodeErrorResult({
      abi: parseAbi(["error Error(string)"]),
      errorName: "Error",
      args: ["Sale closed"],
    });
    expect(decodeRevertData(data, errors)?.title).toBe("The contract refused: Sale closed.");
    expect(decodeRevertData("0xdeadbeef", errors)).toBeUndefined();
    expect(describeError({ data: "0xdeadbeef" }, errors).kind).toBe("unknown");
  });

  it("recognises a wallet on another chain", () => {
    const mismatch = Object.assign(new Error("The current chain of the connector (id: 1) does not match"), {
      name: "ConnectorChainMismatchError",
    });
    expect(describeError(new BaseError("write failed", { cause: mismatch }), errors).kind).toBe("wrongChain");
    expect(describeError({ code: 4901, message: "disconnected from chain" }, errors).kind).toBe("wrongChain");
  });

  it("recognises missing gas money and network failures", () => {
    expect(
      describeError(new InsufficientFundsError({ cause: new BaseError("insufficient funds for gas") }), errors).kind,
    ).toBe("funds");
    expect(describeError(new TypeError("fetch failed"), errors).kind).toBe("network");
  });
});

describe("describeWalletError (the wallet screens' light version)", () => {
  // The wallet's screens explain errors without the contracts' error table (kept out of the initial JavaScript);
  // for every error that carries no revert data both must say the same thing.
  const anyWalletFailure = fc
    .record({
      name: fc.constantFrom(
        "Error",
        "UserRejectedRequestError",
        "ChainMismatchError",
        "ConnectorChainMismatchError",
        "InsufficientFundsError",
        "HttpRequestError",
        "TimeoutError",
        "TypeError",
      ),
      message: fc.oneof(fc.string(), fc.constantFrom("fetch failed", "insufficient funds for gas", "network down")),
      code: fc.option(fc.constantFrom(4001, 4900, 4901, -32603, -32000), { nil: undefined }),
      wrapped: fc.boolean(),
    })
    .map(({ name, message, code, wrapped }) => {
      const inner = Object.assign(new Error(message), { name }, code === undefined ? {} : { code });
      return wrapped ? new BaseError("request failed", { cause: inner }) : inner;
    });

  it("agrees with describeError on every failure without revert data", () => {
    fc.assert(
      fc.property(anyWalletFailure, (failure) => {
        expect(describeWalletError(failure)).toEqual(describeError(failure, errors));
      }),
    );
  });
});

describe("humanize", () => {
  it("splits camel case", () => {
    expect(humanize("OfferingNotActive")).toBe("Offering not active");
    expect(humanize("KYCExpired")).toBe("Kyc expired");
  });
});
