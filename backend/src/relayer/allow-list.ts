/**
 * What the relayer pays for: per kind of Freehold contract, the investor functions of issue 20's gasless actions, as
 * `@freehold/deployments/relayable` names them (the web app's gasless sends take only those names). Selectors are derived from the generated ABIs (`@freehold/deployments`), never written by hand, so a renamed or
 * re-typed function drops out of the list (and its test fails) instead of silently relaying something else.
 */
import {
  propertyExitAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  rentDistributorAbi,
  settlementAbi,
} from "@freehold/deployments/abi";
import { RELAYABLE_FUNCTIONS, type RelayableKind } from "@freehold/deployments/relayable";
import { toFunctionSelector, type Abi, type AbiFunction, type Hex } from "viem";

/** Each kind's generated ABI, for the selectors of the functions `RELAYABLE_FUNCTIONS` names. */
const ABIS: Record<RelayableKind, Abi> = {
  PropertyOffering: propertyOfferingAbi,
  PropertyGovernor: propertyGovernorAbi,
  PropertyExit: propertyExitAbi,
  RentDistributor: rentDistributorAbi,
  Settlement: settlementAbi,
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

export const RELAYABLE: readonly AllowedFunction[] = (Object.keys(RELAYABLE_FUNCTIONS) as RelayableKind[]).flatMap(
  (kind) => selectorsOf(kind, ABIS[kind], RELAYABLE_FUNCTIONS[kind]),
);

/** The allowed function `selector` names on a contract of `kind`, or undefined. */
export function allowedFunction(kind: string, selector: string): AllowedFunction | undefined {
  const wanted = selector.toLowerCase();
  return RELAYABLE.find((f) => f.kind === kind && f.selector === wanted);
}

/** Kinds of contract the relayer may call at all. */
export const RELAYABLE_KINDS: readonly string[] = Object.keys(RELAYABLE_FUNCTIONS);
