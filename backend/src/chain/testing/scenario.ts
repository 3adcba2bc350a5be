/**
 * A day on the platform, on a real node: a property launched through the factory, investors whitelisted by the
 * compliance agent, an offering subscribed to the hard cap, finalized and claimed, a transfer, rent deposited
 * and claimed, a secondary order posted and partly filled. Every call goes through the deployed contracts.
 */
import {
  erc20Abi,
  identityRegistryAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  propertyTokenAdminAbi,
  propertyTokenFactoryAbi,
  rentDistributorAbi,
  settlementAbi,
  testStablecoinAbi,
} from "@freehold/deployments/abi";
import {
  createWalletClient,
  http,
  keccak256,
  sha256,
  stringToBytes,
  toHex,
  zeroHash,
  type Abi,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { increaseTime, setBalance } from "@freehold/dev-kit/chain";
import { TEST_KEYS, type Anvil } from "./anvil.ts";
import type { DeployedPlatform } from "./platform.ts";

export const USD = 1_000_000n;

/** The SHA-256 of a period statement named `label`: what a rent deposit pays out (issue 16). */
export const statementHashOf = (label: string): `0x${string}` => sha256(stringToBytes(label));
/** The statement the scenario's one rent deposit pays out. */
export const SCENARIO_STATEMENT = statementHashOf("Rue de Rivoli 12, first period");

/** A governor's launch terms (`GovernorTerms` of IPropertyGovernor.sol). */
export interface GovernorTerms {
  votingPeriod: number;
  quorumBps: number;
  approvalBps: number;
  proposerThreshold: bigint;
}

export interface Actors {
  admin: PrivateKeyAccount;
  agent: PrivateKeyAccount;
  manager: PrivateKeyAccount;
  investors: PrivateKeyAccount[];
}

export function actors(count = 3): Actors {
  return {
    admin: privateKeyToAccount(TEST_KEYS[0]),
    agent: privateKeyToAccount(TEST_KEYS[1]),
    manager: privateKeyToAccount(TEST_KEYS[2]),
    investors: Array.from({ length: count }, () => privateKeyToAccount(generatePrivateKey())),
  };
}

export class Chain {
  constructor(
    readonly anvil: Anvil,
    readonly client: PublicClient,
    readonly platform: DeployedPlatform,
  ) {}

  async send(
    account: PrivateKeyAccount,
    address: `0x${string}`,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<`0x${string}`> {
    const wallet = createWalletClient({ account, transport: http(this.anvil.url) });
    const hash = await wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
    const receipt = await this.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return hash;
  }

  async fund(account: PrivateKeyAccount): Promise<void> {
    await setBalance(this.anvil, account.address, 10n ** 20n);
  }

  async now(): Promise<bigint> {
    return (await this.client.getBlock()).timestamp;
  }

  async advance(seconds: number): Promise<void> {
    await increaseTime(this.anvil, seconds);
  }

  async register(agent: PrivateKeyAccount, wallets: readonly `0x${string}`[]): Promise<void> {
    const expiry = Number(await this.now()) + 365 * 86_400;
    await this.send(agent, this.platform.address("IdentityRegistry"), identityRegistryAbi, "batchRegisterIdentity", [
      wallets,
      wallets,
      wallets.map(() => 250),
      wallets.map(() => expiry),
      wallets.map(() => false),
    ]);
  }

  async launch(
    manager: PrivateKeyAccount,
    name: string,
    hardCap = 100n,
    propertyId: `0x${string}` = keccak256(toHex(name)),
    partition: `0x${string}` = zeroHash,
  ): Promise<{ token: `0x${string}`; offering: `0x${string}`; propertyId: `0x${string}` }> {
    const now = await this.now();
    const params = {
      propertyId,
      name,
      symbol: name.slice(0, 4).toUpperCase(),
      partition,
      paymentToken: this.platform.address("TestStablecoin"),
      pricePerUnit: USD,
      softCap: 10n,
      hardCap,
      minTicket: 1n,
      maxTicket: hardCap,
      startTime: now + 5n,
      endTime: now + 86_400n,
      treasury: manager.address,
    };
    const factory = this.platform.address("PropertyTokenFactory");
    const { result } = await this.client.simulateContract({
      account: manager,
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "launch",
      args: [params],
    });
    await this.send(manager, factory, propertyTokenFactoryAbi as Abi, "launch", [params]);
    return { token: result[0], offering: result[1], propertyId };
  }

  /**
   * Holder votes (issue 19): `manager` (the token's admin) makes the token's governor through the factory and names
   * it on the token, as the admins guide says. Returns the governor.
   */
  async launchGovernor(manager: PrivateKeyAccount, token: `0x${string}`, terms: GovernorTerms): Promise<`0x${string}`> {
    const factory = this.platform.address("PropertyTokenFactory");
    const { result: governor } = await this.client.simulateContract({
      account: manager,
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "launchGovernor",
      args: [token, terms],
    });
    await this.send(manager, factory, propertyTokenFactoryAbi as Abi, "launchGovernor", [token, terms]);
    await this.send(manager, token, propertyTokenAdminAbi as Abi, "setGovernor", [governor]);
    return governor;
  }

  /** The exit (issue 19): `manager` (the token's admin) makes the token's exit through the factory, which names it on the token. */
  async launchExit(manager: PrivateKeyAccount, token: `0x${string}`): Promise<`0x${string}`> {
    const factory = this.platform.address("PropertyTokenFactory");
    const { result: exit } = await this.client.simulateContract({
      account: manager,
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "launchExit",
      args: [token],
    });
    await this.send(manager, factory, propertyTokenFactoryAbi as Abi, "launchExit", [token]);
    return exit;
  }

  async mintAndApprove(to: PrivateKeyAccount, amount: bigint, spender: `0x${string}`): Promise<void> {
    const coin = this.platform.address("TestStablecoin");
    await this.send(privateKeyToAccount(TEST_KEYS[0]), coin, testStablecoinAbi as Abi, "mint", [to.address, amount]);
    await this.send(to, coin, erc20Abi as Abi, "approve", [spender, amount]);
  }
}

export interface ScenarioResult {
  token: `0x${string}`;
  offering: `0x${string}`;
  propertyId: `0x${string}`;
  orderId: bigint;
}

/** Runs the whole day; `units` are the subscriptions of investors[0..2] (they must sum to the hard cap, 100). */
export async function runScenario(
  chain: Chain,
  a: Actors,
  units: readonly bigint[] = [40n, 35n, 25n],
  propertyId?: `0x${string}`,
): Promise<ScenarioResult> {
  const [alice, bob, carol] = a.investors as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount];
  for (const i of a.investors) await chain.fund(i);
  const {
    token,
    offering,
    propertyId: launchedId,
  } = await chain.launch(a.manager, "Rue de Rivoli 12", 100n, propertyId);
  await chain.register(
    a.agent,
    a.investors.map((i) => i.address),
  );
  await chain.advance(10);
  for (const [i, investor] of [alice, bob, carol].entries()) {
    await chain.mintAndApprove(investor, units[i]! * USD, offering);
    await chain.send(investor, offering, propertyOfferingAbi as Abi, "subscribe", [units[i]!]);
  }
  await chain.send(a.manager, offering, propertyOfferingAbi as Abi, "finalize", []);
  for (const investor of [alice, bob, carol])
    await chain.send(investor, offering, propertyOfferingAbi as Abi, "claim", []);
  await chain.send(alice, token, propertyTokenAbi as Abi, "transfer", [bob.address, 5n]);
  const distributor = chain.platform.address("RentDistributor");
  await chain.mintAndApprove(a.manager, 1_000n * USD, distributor);
  await chain.send(a.manager, distributor, rentDistributorAbi as Abi, "deposit", [
    token,
    1_000n * USD,
    SCENARIO_STATEMENT,
  ]);
  await chain.send(bob, distributor, rentDistributorAbi as Abi, "claim", [token]);
  const settlement = chain.platform.address("Settlement");
  const expiry = (await chain.now()) + 86_400n;
  const orderArgs = [
    token,
    zeroHash,
    10n,
    2n * USD,
    chain.platform.address("TestStablecoin"),
    "0x0000000000000000000000000000000000000000",
    expiry,
  ] as const;
  const { result: orderId } = await chain.client.simulateContract({
    account: alice,
    address: settlement,
    abi: settlementAbi,
    functionName: "postOrder",
    args: orderArgs,
  });
  await chain.send(alice, settlement, settlementAbi as Abi, "postOrder", orderArgs);
  await chain.mintAndApprove(carol, 8n * USD, settlement);
  await chain.send(carol, settlement, settlementAbi as Abi, "fill", [orderId, 4n]);
  return { token, offering, propertyId: launchedId, orderId };
}
