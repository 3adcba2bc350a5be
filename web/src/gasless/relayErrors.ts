/**
 * The relayer's refusals in the tracker's words (`UserFacingError`), so a gasless action fails like a wallet one: a
 * simulated revert shows the contract's reason, a rate limit or a spent daily allowance says when to try again.
 */
import { ApiError, type Problem } from "../api/client";
import { RelayRefusal, retryAfterSeconds } from "../api/relay";
import { platformErrorsAbi, type AbiError } from "../contracts/abi";
import { describeCustomError, describeError, type UserFacingError } from "../contracts/revert";

const technicalOf = (problem: Problem) => [problem.type, problem.detail ?? problem.title].filter(Boolean).join(": ");

/**
 * A custom error known only by its name and arguments as text (`OfferingHardCapExceeded(5, 3)`, as the relayer's
 * simulation reports it), explained like the same error decoded from a wallet's revert. `undefined` when the text
 * names no error of the platform's contracts.
 */
export function describeNamedError(
  text: string,
  abi: readonly AbiError[] = platformErrorsAbi,
): UserFacingError | undefined {
  const match = /\b([A-Z][A-Za-z0-9_]*)\(([^()]*)\)/.exec(text);
  const item = match ? abi.find((e) => e.name === match[1]) : undefined;
  if (!match || !item) return undefined;
  const args = match[2]!.trim() === "" ? [] : match[2]!.split(",").map((a) => a.trim());
  return describeCustomError(item.name, args, item);
}

/** "in 3 minutes" / "in 2 hours" / "in a few seconds", from a wait in seconds. */
export function waitText(seconds: number | undefined): string {
  if (seconds === undefined) return "later";
  if (seconds < 60) return "in a minute";
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `in ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** Anything thrown while asking the relayer, as the tracker shows it. */
export function describeRelayError(error: unknown, now = Date.now()): UserFacingError {
  if (!(error instanceof ApiError)) return describeError(error);
  const problem = error.problem;
  const technical = technicalOf(problem);
  // The relayer names its refusal in the problem's `rule` (backend/src/relayer/README.md).
  const code = typeof problem["rule"] === "string" ? problem["rule"] : "";
  if (error.status === 422 && code === "relay-would-revert") {
    const named = describeNamedError(problem.detail ?? "");
    if (named) return { ...named, technical: named.technical ?? technical };
    return {
      kind: "reverted",
      title: "The transaction would be refused by the contract.",
      action: "Nothing was sent and nothing was charged.",
      technical,
    };
  }
  if (error.status === 429) {
    const when = waitText(retryAfterSeconds(error instanceof RelayRefusal ? error.retryAfter : null, now));
    return {
      kind: "funds",
      title: "Freehold cannot pay more network fees for you right now.",
      action: `You have used your allowance of free transactions for now. Try again ${when}, or add a little ETH to your wallet to pay the fee yourself.`,
      technical,
    };
  }
  if (error.status === 503) {
    return {
      kind: "funds",
      title: "Freehold is not paying network fees at the moment.",
      action: "Nothing was sent. Add a little ETH to your wallet to pay the fee yourself, or try again later.",
      technical,
    };
  }
  if (error.status === 422 && code === "relay-invalid-request") {
    return {
      kind: "unknown",
      title: "The signed request was no longer valid.",
      action: "It expired or was already used. Nothing was sent: try again.",
      technical,
    };
  }
  if (error.status === 403) {
    return {
      kind: "unknown",
      title: "This wallet is not linked to the account you are signed in with.",
      action: "Sign in again with this wallet, then try again. Nothing was sent.",
      technical,
    };
  }
  if (error.status === 401) {
    return {
      kind: "unknown",
      title: "Your session has ended.",
      action: "Sign in again, then try again. Nothing was sent.",
      technical,
    };
  }
  return {
    kind: error.status === 0 ? "network" : "unknown",
    title: "Freehold could not send the transaction for you.",
    action: "Nothing was sent. Try again; if it keeps happening, contact support with the details below.",
    technical,
  };
}

/** The relayer gave up on a request it had sent (`DROPPED`): it never ran. */
export const DROPPED: UserFacingError = {
  kind: "network",
  title: "The transaction was not mined.",
  action: "Freehold's relayer dropped it, so nothing was changed and nothing was charged. Try again.",
};
