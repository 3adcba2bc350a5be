/**
 * The platform's ABIs, generated from the compiled contracts into the deployments package (`npm run compile`).
 * Never paste an ABI here: a renamed function must be a compile error in the web app, not a runtime surprise.
 */
import {
  identityRegistryAbi,
  platformFeesAbi,
  propertyExitAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  propertyTokenFactoryAbi,
  rentDistributorAbi,
  settlementAbi,
  testStablecoinAbi,
} from "@freehold/deployments";
import { formatAbiItem } from "viem/utils";
import type { Abi } from "viem";

/** One `error` entry of an ABI. */
export type AbiError = Extract<Abi[number], { type: "error" }>;

/**
 * The contracts the web app calls, reads or decodes errors of. Not the token's admin module (the token's ABI declares
 * every error it reverts with) nor the ERC-2771 forwarder (its requests are the backend relayer's business).
 * Named one by one rather than the deployments' whole `abis`: every ABI here is in the entry chunk of every page
 * (the marketplace's 200 KB budget, web/scripts/bundle.ts), so one the app never uses is weight for nothing.
 */
export const abis = {
  IdentityRegistry: identityRegistryAbi,
  PlatformFees: platformFeesAbi,
  PropertyExit: propertyExitAbi,
  PropertyGovernor: propertyGovernorAbi,
  PropertyOffering: propertyOfferingAbi,
  PropertyToken: propertyTokenAbi,
  PropertyTokenFactory: propertyTokenFactoryAbi,
  RentDistributor: rentDistributorAbi,
  Settlement: settlementAbi,
  TestStablecoin: testStablecoinAbi,
} as const;

export type ContractName = keyof typeof abis;

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
