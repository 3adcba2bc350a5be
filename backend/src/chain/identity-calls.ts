/**
 * Outbox rows -> IdentityRegistry calldata. Consecutive rows of one kind become one batch call
 * (batchRegisterIdentity, batchUpdateIdentity, batchRemoveIdentity, batchSetFrozen); a single row uses the
 * single-wallet function, which costs less. FREEZE and UNFREEZE share `batchSetFrozen`.
 */
import { identityRegistryAbi } from "@freehold/deployments/abi";
import { encodeFunctionData, getAddress, type Hex } from "viem";

export type ChangeKind = "REGISTER" | "UPDATE" | "REMOVE" | "FREEZE" | "UNFREEZE";

export interface IdentityChange {
  id: string;
  seq: number;
  kind: ChangeKind;
  wallet: string;
  identity: string | null;
  country: number | null;
  kycExpiry: Date | null;
  accredited: boolean | null;
  attempts: number;
}

/** Rows that may share one call. */
export function callFamily(kind: ChangeKind): string {
  return kind === "FREEZE" || kind === "UNFREEZE" ? "FROZEN" : kind;
}

/** The longest prefix of `rows` (already in `seq` order) that one call can carry. */
export function firstGroup(rows: readonly IdentityChange[], max: number): IdentityChange[] {
  const family = callFamily(rows[0]!.kind);
  const group: IdentityChange[] = [];
  for (const row of rows) {
    if (callFamily(row.kind) !== family || group.length === max) break;
    group.push(row);
  }
  return group;
}

function need<T>(value: T | null, what: string, row: IdentityChange): T {
  if (value === null) throw new Error(`outbox row ${row.seq} (${row.kind}) has no ${what}`);
  return value;
}

const seconds = (row: IdentityChange): number => Math.floor(need(row.kycExpiry, "kycExpiry", row).getTime() / 1000);

export function encodeIdentityCall(group: readonly IdentityChange[]): Hex {
  const kind = group[0]!.kind;
  const wallets = group.map((r) => getAddress(r.wallet));
  const single = group.length === 1;
  const r = group[0]!;
  switch (callFamily(kind)) {
    case "REGISTER":
      return single
        ? encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "registerIdentity",
            args: [
              wallets[0]!,
              getAddress(need(r.identity, "identity", r)),
              need(r.country, "country", r),
              seconds(r),
              need(r.accredited, "accredited", r),
            ],
          })
        : encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "batchRegisterIdentity",
            args: [
              wallets,
              group.map((g) => getAddress(need(g.identity, "identity", g))),
              group.map((g) => need(g.country, "country", g)),
              group.map(seconds),
              group.map((g) => need(g.accredited, "accredited", g)),
            ],
          });
    case "UPDATE":
      return single
        ? encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "updateIdentity",
            args: [wallets[0]!, need(r.country, "country", r), seconds(r), need(r.accredited, "accredited", r)],
          })
        : encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "batchUpdateIdentity",
            args: [
              wallets,
              group.map((g) => need(g.country, "country", g)),
              group.map(seconds),
              group.map((g) => need(g.accredited, "accredited", g)),
            ],
          });
    case "REMOVE":
      return single
        ? encodeFunctionData({ abi: identityRegistryAbi, functionName: "removeIdentity", args: [wallets[0]!] })
        : encodeFunctionData({ abi: identityRegistryAbi, functionName: "batchRemoveIdentity", args: [wallets] });
    default:
      return single
        ? encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "setFrozen",
            args: [wallets[0]!, r.kind === "FREEZE"],
          })
        : encodeFunctionData({
            abi: identityRegistryAbi,
            functionName: "batchSetFrozen",
            args: [wallets, group.map((g) => g.kind === "FREEZE")],
          });
  }
}
