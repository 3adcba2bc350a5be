/**
 * The platform's ABIs, generated from the compiled contracts into the deployments package (`npm run compile`).
 * Never paste an ABI here: a renamed function must be a compile error in the web app, not a runtime surprise.
 */
import { abis, type ContractName } from "@freehold/deployments";
import { formatAbiItem } from "viem/utils";
import type { Abi } from "viem";

/** One `error` entry of an ABI. */
export type AbiError = Extract<Abi[number], { type: "error" }>;

export { abis, type ContractName };

/** The ABI of one contract by name, with its literal type (for typed reads and writes). */
export type AbiOf<N extends ContractName> = (typeof abis)[N];

/** Every custom error any platform contract can revert with, once each (nested calls bubble errors up). */
export function collectErrors(all: Record<string, Abi>): AbiError[] {
  const seen = new Map<string, AbiError>();
  for (const abi of Object.values(all)) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const signature = formatAbiItem(item);
      if (!seen.has(signature)) seen.set(signature, item);
    }
  }
  return [...seen.values()];
}

export const platformErrorsAbi: AbiError[] = collectErrors(abis as unknown as Record<string, Abi>);
