/**
 * What went wrong with a wallet or the network, in the user's words, without decoding contract errors: the
 * wallet's own screens (connect, switch network, sign in) need only this, and it keeps the platform's error table
 * and ABIs out of the marketplace's initial JavaScript (issue 15's budget). revert.ts adds the contract errors.
 */
import { BaseError } from "viem";

export type FailureKind = "rejected" | "reverted" | "funds" | "network" | "wrongChain" | "unknown";

export interface UserFacingError {
  kind: FailureKind;
  /** What happened, in one sentence. */
  title: string;
  /** What the user can do about it. */
  action: string;
  /** For developers and support tickets: the decoded error or the original message. */
  technical?: string;
}

/** Whether the error or one of its causes carries an EIP-1193 / JSON-RPC error code. */
export function hasCode(error: unknown, code: number): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The names of the error and its causes, outermost first. */
export function errorNames(error: unknown): string[] {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const name = (current as { name?: unknown }).name;
    if (typeof name === "string") names.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return names;
}

/** The error's short message, for the technical details. */
export function technicalMessage(error: unknown): string {
  return error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
}

/** A declined request or a wallet on the wrong network, which come before any contract error. */
export function describeWalletRefusal(error: unknown): UserFacingError | undefined {
  const names = errorNames(error);
  if (hasCode(error, 4001) || names.includes("UserRejectedRequestError")) {
    return {
      kind: "rejected",
      title: "You declined the request in your wallet.",
      action: "Nothing was sent and nothing was charged. You can try again whenever you are ready.",
    };
  }
  if (names.includes("ChainMismatchError") || names.includes("ConnectorChainMismatchError") || hasCode(error, 4901)) {
    return {
      kind: "wrongChain",
      title: "Your wallet is on a different network.",
      action: "Switch network in the banner above, then try again.",
      technical: technicalMessage(error),
    };
  }
  return undefined;
}

/** Not enough ETH, an unreachable network, or anything else: what remains once no contract error was found. */
export function describeOtherFailure(error: unknown): UserFacingError {
  const names = errorNames(error);
  const technical = technicalMessage(error);
  if (names.includes("InsufficientFundsError") || /insufficient funds/i.test(technical)) {
    return {
      kind: "funds",
      title: "Your wallet does not have enough ETH to pay the network fee.",
      action: "Add a little ETH for gas, then try again.",
      technical,
    };
  }
  if (
    names.some((n) => /HttpRequestError|TimeoutError|WebSocketRequestError/.test(n)) ||
    /fetch failed|network/i.test(technical)
  ) {
    return {
      kind: "network",
      title: "We could not reach the network.",
      action: "Check your connection and try again. Nothing was sent.",
      technical,
    };
  }
  return {
    kind: "unknown",
    title: "Something went wrong and the transaction was not completed.",
    action: "Try again. If it keeps happening, contact support with the details below.",
    technical,
  };
}

/** The user-facing explanation of an error from connecting, switching network or signing a message. */
export function describeWalletError(error: unknown): UserFacingError {
  return describeWalletRefusal(error) ?? describeOtherFailure(error);
}
