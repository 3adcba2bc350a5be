/**
 * Turns anything a wallet, an RPC node or a contract throws into a message for the user: what happened and what
 * to do. Custom errors are decoded with the platform's generated ABIs; a user rejection (EIP-1193 code 4001) gets
 * a calm message, not an alarm.
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi, type Hex } from "viem";
import { ERROR_NOTICES } from "../compliance/complianceCodes.generated";
import { explainVerdict } from "../compliance/eligibility";
import { platformErrorsAbi, type AbiError } from "./abi";
import { ERROR_MESSAGES } from "./errorMessages";
import { describeOtherFailure, describeWalletRefusal, type UserFacingError } from "./walletFailure";

export type { FailureKind, UserFacingError } from "./walletFailure";

type Args = readonly unknown[];

/** `OfferingNotActive` -> `Offering not active`. */
export function humanize(errorName: string): string {
  const words = errorName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z])([A-Z][a-z])/g, "$1 $2");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** A decoded custom error in the user's words (a compliance verdict, a known message, or the error's NatSpec). */
export function describeCustomError(name: string, args: Args, item: AbiError | undefined): UserFacingError {
  const technical = `${name}(${args.map((a) => String(a)).join(", ")})`;
  // A compliance refusal carries the ERC-1400 verdict (bytes1 code, bytes32 reason): explain it the same way the
  // eligibility check does before paying.
  const inputs = item?.inputs ?? [];
  const codeIndex = inputs.findIndex((i) => i.type === "bytes1");
  const reasonIndex = inputs.findIndex((i) => i.type === "bytes32" && /reason/i.test(i.name ?? ""));
  if (codeIndex >= 0 && reasonIndex >= 0) {
    const verdict = explainVerdict({ code: args[codeIndex] as Hex, reason: args[reasonIndex] as Hex });
    return { kind: "reverted", title: verdict.title, action: verdict.action, technical };
  }
  const known = ERROR_MESSAGES[name];
  if (known) return { kind: "reverted", ...known(args), technical };
  // No hand-written message: the error's NatSpec (generated from the contracts) still says what happened.
  const notice = ERROR_NOTICES[name];
  return {
    kind: "reverted",
    title: notice ?? `The contract refused the transaction: ${humanize(name).toLowerCase()}.`,
    action: "Nothing was changed. Check the details below or contact support.",
    technical,
  };
}

/** Decodes raw revert data (`0x` + selector + args) with the platform's errors. */
export function decodeRevertData(data: Hex, abi: readonly AbiError[] = platformErrorsAbi): UserFacingError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: abi as Abi, data });
    if (decoded.errorName === "Error") {
      return {
        kind: "reverted",
        title: `The contract refused: ${String(decoded.args?.[0])}.`,
        action: "Nothing was changed.",
        technical: String(decoded.args?.[0]),
      };
    }
    if (decoded.errorName === "Panic") {
      return {
        kind: "reverted",
        title: "The contract hit an internal error.",
        action: "Nothing was changed. Please report this to support.",
        technical: `Panic(${String(decoded.args?.[0])})`,
      };
    }
    return describeCustomError(decoded.errorName, decoded.args ?? [], decoded.abiItem as AbiError);
  } catch {
    return undefined;
  }
}

function findRevertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      const inner = (data as { data: string }).data;
      if (/^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner as Hex;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The user-facing explanation of any error thrown while signing or sending. */
export function describeError(error: unknown, abi: readonly AbiError[] = platformErrorsAbi): UserFacingError {
  const refusal = describeWalletRefusal(error);
  if (refusal) return refusal;
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data && reverted.data.errorName !== "Error" && reverted.data.errorName !== "Panic") {
        return describeCustomError(
          reverted.data.errorName,
          reverted.data.args ?? [],
          reverted.data.abiItem as AbiError,
        );
      }
      const raw = reverted.raw ?? findRevertData(error);
      const decoded = raw ? decodeRevertData(raw, abi) : undefined;
      if (decoded) return decoded;
      if (reverted.reason) {
        return {
          kind: "reverted",
          title: `The contract refused: ${reverted.reason}.`,
          action: "Nothing was changed.",
          technical: reverted.reason,
        };
      }
    }
  }
  const raw = findRevertData(error);
  const decoded = raw ? decodeRevertData(raw, abi) : undefined;
  return decoded ?? describeOtherFailure(error);
}
