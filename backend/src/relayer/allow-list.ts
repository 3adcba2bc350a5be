/**
 * What the relayer pays for: per kind of Freehold contract, the investor functions of issue 20's gasless actions.
 * Selectors are derived from the generated ABIs (`@freehold/deployments`), never written by hand, so a renamed or
 * re-typed function drops out of the list (and its test fails) instead of silently relaying something else.
 */
import { propertyOfferingAbi, rentDistributorAbi, settlementAbi } from "@freehold/deployments/abi";
import { toFunctionSelector, type Abi, type AbiFunction, type Hex } from "viem";

/** Contract kinds as `chain_contracts.kind` names them, and the functions an investor may have relayed on each. */
const ALLOWED: Record<string, { abi: Abi; functions: readonly string[] }> = {
  PropertyOffering: { abi: propertyOfferingAbi, functions: ["subscribe", "subscribeWithPermit", "claim", "refund"] },
  RentDistributor: { abi: rentDistributorAbi, functions: ["claim", "claimMany"] },
  Settlement: { abi: settlementAbi, functions: ["postOrder", "cancel", "fill", "fillWithPermit"] },
};

export interface AllowedFunction {
  kind: string;
  name: string;
  selector: Hex;
}

function selectorsOf(kind: string, abi: Abi, names: readonly string[]): AllowedFunction[] {
  return names.map((name) => {
    const fn = abi.filter((item): item is AbiFunction => item.type === "function" && item.name === name);
    // An overloaded name would make "claim" mean several functions: the list names exactly one each.
    if (fn.length !== 1) throw new Error(`${kind}.${name}: expected one function in the ABI, found ${fn.length}`);
    return { kind, name, selector: toFunctionSelector(fn[0]!) };
  });
}

export const RELAYABLE: readonly AllowedFunction[] = Object.entries(ALLOWED).flatMap(([kind, { abi, functions }]) =>
  selectorsOf(kind, abi, functions),
);

/** The allowed function `selector` names on a contract of `kind`, or undefined. */
export function allowedFunction(kind: string, selector: string): AllowedFunction | undefined {
  const wanted = selector.toLowerCase();
  return RELAYABLE.find((f) => f.kind === kind && f.selector === wanted);
}

/** Kinds of contract the relayer may call at all. */
export const RELAYABLE_KINDS: readonly string[] = Object.keys(ALLOWED);
