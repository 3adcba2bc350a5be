/** Turns what ethers, Hardhat and the node throw into one line an operator can act on. */

interface DecodedRevert {
  name: string;
  args: readonly unknown[];
}

interface ChainError {
  revert?: DecodedRevert | null;
  shortMessage?: string;
  reason?: string | null;
  message?: string;
}

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  return String(value);
}

/** `AccessControlUnauthorizedAccount(0xabc…, 0x…)`, the node's short message, or the first line of the error. */
export function describeError(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const e = error as ChainError;
  if (e.revert) return `reverted with ${e.revert.name}(${e.revert.args.map(formatArg).join(", ")})`;
  if (e.reason) return `reverted: ${e.reason}`;
  if (e.shortMessage) return e.shortMessage;
  return (e.message ?? String(error)).split("\n")[0] ?? "unknown error";
}

/** A refusal detected before anything was sent (bad input, missing permission): nothing changed. */
export class OperatorError extends Error {
  override readonly name = "OperatorError";
}
