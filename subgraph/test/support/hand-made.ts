/**
 * Hand-made logs for the mapping tests on the test host: the contracts' generated ABIs (`npm run compile`), the
 * addresses of the platform's static data sources and of one launched property, its offering's terms as `terms()`
 * answers the factory's launch handler, and an indexer of the subgraph at those addresses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { id, Interface, type InterfaceAbi } from "ethers";
import { Indexer } from "../../test-host/indexer.js";
import { ABI_DIR } from "../../scripts/manifest.js";
import { type FixtureEvent } from "./fixture.js";

export const FACTORY = "0x00000000000000000000000000000000000000fa";
export const REGISTRY = "0x00000000000000000000000000000000000000f1";
export const DISTRIBUTOR = "0x00000000000000000000000000000000000000f2";
export const TOKEN = "0x0000000000000000000000000000000000000070";
export const OFFERING = "0x0000000000000000000000000000000000000071";
export const USDC = "0x0000000000000000000000000000000000000c0c";
export const MANAGER = "0x000000000000000000000000000000000000000d";
export const ZERO = "0x0000000000000000000000000000000000000000";

/** The generated ABI of `contract`. */
export const abiOf = (contract: string): Interface =>
  new Interface(JSON.parse(readFileSync(join(ABI_DIR, `${contract}.json`), "utf8")) as InterfaceAbi);

/** One log of `name` emitted by `address`, encoded with `iface`. */
export const logOf = (address: string, iface: Interface, name: string, args: unknown[]): FixtureEvent => ({
  address,
  abi: iface,
  name,
  args,
});

const offeringAbi = abiOf("PropertyOffering");

/** The offering's `terms()` answer: TOKEN's offering at 100 a unit without fee, unless `overrides` say otherwise. */
export function offeringTerms(
  overrides: { pricePerUnit?: bigint; feeBps?: bigint; feeRecipient?: string } = {},
): string {
  return offeringAbi.encodeFunctionResult("terms", [
    {
      token: TOKEN,
      partition: "0x" + "00".repeat(32),
      paymentToken: USDC,
      pricePerUnit: 100n,
      softCap: 1n,
      hardCap: 1_000n,
      minTicket: 1n,
      maxTicket: 1_000n,
      startTime: 1n,
      endTime: 2n,
      treasury: MANAGER,
      feeBps: 0n,
      feeRecipient: MANAGER,
      issuer: OFFERING,
      ...overrides,
    },
  ]);
}

/** TOKEN's launch as the chain logs it: the distributor registers it (rent in USDC), then the factory announces it. */
export const launchLogs = (): FixtureEvent[] => [
  logOf(DISTRIBUTOR, abiOf("RentDistributor"), "TokenRegistered", [TOKEN, USDC]),
  logOf(FACTORY, abiOf("PropertyTokenFactory"), "PropertyLaunched", [
    id("Quai 9"),
    TOKEN,
    OFFERING,
    MANAGER,
    "Quai 9",
    "QUAI",
  ]),
];

/** The subgraph's indexer with the static data sources at the addresses above; `terms` answers every contract call. */
export const handMadeIndexer = (manifest: string, terms: string = offeringTerms()): Indexer =>
  new Indexer(manifest, {
    addresses: {
      PropertyTokenFactory: { address: FACTORY, startBlock: 0 },
      IdentityRegistry: { address: REGISTRY, startBlock: 0 },
      RentDistributor: { address: DISTRIBUTOR, startBlock: 0 },
      Settlement: { address: "0x00000000000000000000000000000000000000f3", startBlock: 0 },
      PlatformFees: { address: "0x00000000000000000000000000000000000000f4", startBlock: 0 },
    },
    // The factory's launch handler reads the offering's terms.
    ethCall: async () => terms,
  });
