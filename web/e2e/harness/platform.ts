/**
 * What happens on other people's screens, on chain, during a browser journey: the manager launches a property
 * through the factory, the stablecoin issuer funds a wallet, the issuer finalizes. Every call goes through the
 * deployed contracts. Whitelisting is not here: the backend's compliance agent does it (see `kyc.ts`).
 */
import { abis, parseDeploymentRecord } from "@freehold/deployments";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, createWalletClient, getAddress, http, parseEventLogs, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { propertyIdToBytes32 } from "../../src/contracts/propertyId";
import { DEV_KEYS } from "./wallet";

export const USD = 1_000_000n;

export class Platform {
  readonly client;
  constructor(
    readonly rpcUrl: string,
    readonly chainId: number,
    private readonly recordsDir: string,
  ) {
    this.client = createPublicClient({ transport: http(rpcUrl) });
  }

  address(name: string): Address {
    const record = parseDeploymentRecord(JSON.parse(readFileSync(join(this.recordsDir, `${this.chainId}.json`), "utf8")));
    const address = record.contracts[name]?.address;
    if (!address) throw new Error(`${name} is not in the deployment record`);
    return address;
  }

  async send(key: Hex, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
    const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: http(this.rpcUrl) });
    const hash = await wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
    const receipt = await this.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return receipt;
  }

  async now(): Promise<bigint> {
    return (await this.client.getBlock()).timestamp;
  }

  /** The manager launches the registry property `propertyId` (token + offering) in one factory transaction. */
  async launch(propertyId: string, terms: { name: string; symbol: string; pricePerUnit: bigint; softCap: bigint; hardCap: bigint; minTicket: bigint; maxTicket: bigint }) {
    const now = await this.now();
    const manager = privateKeyToAccount(DEV_KEYS.manager).address;
    const receipt = await this.send(DEV_KEYS.manager, this.address("PropertyTokenFactory"), abis.PropertyTokenFactory, "launch", [
      {
        propertyId: propertyIdToBytes32(propertyId),
        name: terms.name,
        symbol: terms.symbol,
        partition: `0x${"0".repeat(64)}`,
        paymentToken: this.address("TestStablecoin"),
        pricePerUnit: terms.pricePerUnit,
        softCap: terms.softCap,
        hardCap: terms.hardCap,
        minTicket: terms.minTicket,
        maxTicket: terms.maxTicket,
        startTime: now,
        endTime: now + 7n * 86_400n,
        treasury: manager,
      },
    ]);
    const [launched] = parseEventLogs({ abi: abis.PropertyTokenFactory, logs: receipt.logs, eventName: "PropertyLaunched" });
    if (!launched) throw new Error("no PropertyLaunched event");
    return { token: launched.args.token, offering: launched.args.offering };
  }

  async isVerified(wallet: Address): Promise<boolean> {
    return this.read<boolean>(this.address("IdentityRegistry"), abis.IdentityRegistry, "isVerified", [wallet]);
  }

  /** Who sent the transaction that registered `wallet` in the identity registry (undefined while unregistered). */
  async identityRegisteredBy(wallet: Address): Promise<Address | undefined> {
    const registry = this.address("IdentityRegistry");
    const logs = await this.client.getContractEvents({ address: registry, abi: abis.IdentityRegistry, eventName: "IdentityRegistered", args: { wallet }, fromBlock: 0n });
    const last = logs.at(-1);
    if (!last) return undefined;
    return getAddress((await this.client.getTransaction({ hash: last.transactionHash })).from);
  }

  async fund(wallet: Address, amount: bigint): Promise<void> {
    await this.send(DEV_KEYS.deployer, this.address("TestStablecoin"), abis.TestStablecoin, "mint", [wallet, amount]);
  }

  async finalize(offering: Address): Promise<void> {
    await this.send(DEV_KEYS.manager, offering, abis.PropertyOffering, "finalize", []);
  }

  /** The manager deposits rent for the token's holders (approve, then deposit). */
  async depositRent(token: Address, amount: bigint): Promise<void> {
    const manager = privateKeyToAccount(DEV_KEYS.manager).address;
    const distributor = this.address("RentDistributor");
    await this.fund(manager, amount);
    await this.send(DEV_KEYS.manager, this.address("TestStablecoin"), abis.TestStablecoin, "approve", [distributor, amount]);
    await this.send(DEV_KEYS.manager, distributor, abis.RentDistributor, "deposit", [token, amount]);
  }

  /** `key` buys `units` in the offering (approve + subscribe), as an investor would on their own screen. */
  async subscribe(key: Hex, offering: Address, units: bigint, pricePerUnit: bigint): Promise<void> {
    await this.send(key, this.address("TestStablecoin"), abis.TestStablecoin, "approve", [offering, units * pricePerUnit]);
    await this.send(key, offering, abis.PropertyOffering, "subscribe", [units]);
  }

  async claim(key: Hex, offering: Address): Promise<void> {
    await this.send(key, offering, abis.PropertyOffering, "claim", []);
  }

  read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return this.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  }
}
