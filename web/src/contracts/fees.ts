/**
 * The platform's fees as the contracts take them (`PlatformFees`, issue 20), for the pages that show them before a
 * signature: one fee per kind in basis points, taken from a gross amount and rounded down, the rest going on
 * (offering proceeds to the treasury, rent to the holders, a sale's price to the seller). The arithmetic here is the
 * contracts' (`amount * bps / 10_000`), so a figure shown is the figure the chain will move, to the base unit.
 */

/** `FeeKind` of `IPlatformFees.sol`, in its order (the ABI takes the index). */
export const FEE_KIND = { Primary: 0, Rent: 1, Trade: 2, Exit: 3 } as const;
/** A fee kind by its name in the contract (the API names them in capitals: `FeeKind` of the generated schemas). */
export type ChainFeeKind = keyof typeof FEE_KIND;

/** The largest fee the schedule allows (`PlatformFees.MAX_FEE_BPS`, 5 %): anything above is not a fee the chain knows. */
export const MAX_FEE_BPS = 500;
const BPS = 10_000n;

function checkBps(bps: number): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_FEE_BPS) throw new RangeError(`not a platform fee: ${bps} bps`);
}

/** The fee on `gross` at `bps`: `floor(gross x bps / 10,000)`, as the offering, the distributor and the settlement take it. */
export function feeOn(gross: bigint, bps: number): bigint {
  checkBps(bps);
  if (gross < 0n) throw new RangeError("a gross amount is never negative");
  return (gross * BigInt(bps)) / BPS;
}

/** A gross amount, the fee taken from it and what goes on: `fee + net == gross`, always. */
export interface FeeSplit {
  gross: bigint;
  fee: bigint;
  net: bigint;
}

/** Splits `gross` into the fee at `bps` and the rest. */
export function splitFee(gross: bigint, bps: number): FeeSplit {
  const fee = feeOn(gross, bps);
  return { gross, fee, net: gross - fee };
}

/** An announced increase not yet in effect (`PlatformFees.pendingIncrease`). */
export interface FeeIncrease {
  bps: number;
  /** Unix seconds: the first block at or after this time pays it. */
  effectiveAt: number;
}

/** `pendingIncrease(kind)` as the chain answers it: `(0, 0)` means none. */
export function pendingFrom(bps: number, effectiveAt: bigint): FeeIncrease | null {
  return effectiveAt === 0n ? null : { bps, effectiveAt: Number(effectiveAt) };
}

/**
 * What an announced platform increase does to one token's fee: `feeOf` is the lower of the token's override and the
 * platform's fee, so an increase raises the token's fee only up to its override. `null` when it does not raise it.
 */
export function increaseForToken(
  currentBps: number,
  override: { set: boolean; bps: number },
  pending: FeeIncrease | null,
): FeeIncrease | null {
  if (!pending) return null;
  const after = override.set ? Math.min(override.bps, pending.bps) : pending.bps;
  return after > currentBps ? { bps: after, effectiveAt: pending.effectiveAt } : null;
}
