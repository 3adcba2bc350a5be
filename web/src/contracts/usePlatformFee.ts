/**
 * The fee of one kind that a property token pays now (`PlatformFees.feeOf`: overrides and due increases applied), the
 * platform's announced increase of that kind (`pendingIncrease`) and what it would do to this token (`overrideOf`).
 * The fee schedule's address is the deployment record's; without one (an old record) the fee is unknown, never zero.
 */
import { zeroAddress, type Address } from "viem";
import { useContractRead } from "./hooks";
import { FEE_KIND, increaseForToken, pendingFrom, type FeeIncrease, type ChainFeeKind } from "./fees";

export interface FeeInEffect {
  /** The fee the token pays now, in basis points. */
  bps: number;
  /** The platform's announced increase of this kind, whether or not it reaches this token. */
  announced: FeeIncrease | null;
  /** The increase that will raise this token's fee, with the fee it will pay (its override may cap it). */
  increase: FeeIncrease | null;
}

/** Reads the fee of `kind` for `token` (no token: the platform's own fee, what a new launch gets). */
export function usePlatformFee(kind: ChainFeeKind, token?: Address): { data?: FeeInEffect; isPending: boolean } {
  const at = token ?? zeroAddress;
  const index = FEE_KIND[kind];
  const fee = useContractRead({ contractName: "PlatformFees", functionName: "feeOf", args: [index, at] });
  const pending = useContractRead({ contractName: "PlatformFees", functionName: "pendingIncrease", args: [index] });
  const override = useContractRead({ contractName: "PlatformFees", functionName: "overrideOf", args: [index, at] });
  if (!fee.data || !pending.data || !override.data) return { isPending: true };
  const bps = fee.data[0];
  const announced = pendingFrom(pending.data[0], pending.data[1]);
  return {
    isPending: false,
    data: {
      bps,
      announced,
      increase: increaseForToken(bps, { set: override.data[0], bps: override.data[1] }, announced),
    },
  };
}
