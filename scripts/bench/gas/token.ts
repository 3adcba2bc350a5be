/**
 * Gas of the property token (`contracts/token/PropertyToken.sol`) with every compliance rule switched on: registry
 * verification of both parties, token and registry freezes, a country allow-list, max holders, max balance per
 * identity, a (past) lock-up on the partition moved, accredited-only partitions, and rent already accrued (so
 * every transfer also moves rent corrections). Investors use their first wallet as identity id, as the backend does.
 *
 * Measured where users pay it: on an ERC-1167 clone of the implementation, exactly what `PropertyTokenFactory.launch`
 * creates (`test/gas/token-gas.test.ts` checks the runtime code is the factory's), initialized with one signer per
 * role so each operation can be driven directly. `{ plain: true }` measures a plainly deployed token instead, under
 * `*.plain` keys (no DELEGATECALL, no cold implementation account: the difference is the clone's overhead).
 *
 * `benchToken` returns operation -> receipt gasUsed; `breakdownOf` explains one transaction step by step from an
 * EVM trace (intrinsic cost, calldata, the clone's DELEGATECALL, cold/warm storage reads and writes, the registry
 * call, logs, the rest).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, getBytes, id, solidityPacked, ZeroAddress } from "ethers";
import type { PropertyToken } from "../../../types/ethers-contracts/index.js";
import { gasOf, type GasResults } from "./measure.js";

const COUNTRY_FR = 250;
const COUNTRY_DE = 276;
const COUNTRY_US = 840;
const YEAR = 365 * 86_400;
const DEFAULT_PARTITION = "0x" + "00".repeat(32);
export const LOCKUP_PARTITION = encodeBytes32String("LOCKUP-12M");

export interface TokenBench {
  results: GasResults;
  /** Transaction hashes of the headline operations, for `breakdownOf`. */
  hashes: Record<string, string>;
  /** The measured token, and the implementation it delegates to (clone mode). */
  token: string;
  implementation?: string;
}

export async function benchToken(ethers: HardhatEthers, options: { plain?: boolean } = {}): Promise<TokenBench> {
  const suffix = options.plain ? ".plain" : "";
  const [admin, agent, issuer, controller, pauser, distributor, settlement, alice, bob, carol, dave, aliceWallet2] =
    await ethers.getSigners();
  const registry = await ethers.deployContract("IdentityRegistry", [admin!.address, agent!.address]);
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const expiry = BigInt(now + YEAR);
  for (const investor of [alice!, bob!, carol!, dave!]) {
    await (
      await registry.connect(agent!).registerIdentity(investor.address, investor.address, COUNTRY_FR, expiry, true)
    ).wait();
  }
  await (
    await registry.connect(agent!).registerIdentity(aliceWallet2!.address, alice!.address, COUNTRY_FR, expiry, true)
  ).wait();

  const init = {
    name: "Rue de Rivoli 12",
    symbol: "RIV12",
    identityRegistry: await registry.getAddress(),
    admin: admin!.address,
    issuer: issuer!.address,
    controller: controller!.address,
    agent: agent!.address,
    documentAgent: ZeroAddress,
    pauser: pauser!.address,
    rentDistributor: distributor!.address,
    settlement: settlement!.address,
  };
  const factory = await ethers.getContractFactory("PropertyToken", admin!);
  // As the platform deploys it: holders may act through the trusted forwarder (ERC-2771).
  const forwarder = await (await ethers.deployContract("FreeholdForwarder")).getAddress();
  const results: GasResults = {};
  const hashes: Record<string, string> = {};
  let token: PropertyToken;
  let implementationAddress: string | undefined;
  if (options.plain) {
    token = await factory.deploy(init, forwarder);
    results["token.deploy.plain"] = Number((await token.deploymentTransaction()!.wait())!.gasUsed);
  } else {
    // The implementation (and its administration module): deployed once per platform, amortized over launches.
    const implementation = await factory.deploy({ ...init, name: "", symbol: "", admin: ZeroAddress }, forwarder);
    results["token.implementation.deploy"] = Number((await implementation.deploymentTransaction()!.wait())!.gasUsed);
    implementationAddress = await implementation.getAddress();
    const cloner = await ethers.deployContract("CloneDeployer");
    const cloneAddress = await cloner.clone.staticCall(await implementation.getAddress());
    await (await cloner.clone(await implementation.getAddress())).wait();
    token = await ethers.getContractAt("PropertyToken", cloneAddress, admin!);
    results["token.initialize"] = await gasOf(token.initialize(init));
  }

  // Every rule on.
  const asAgent = token.connect(agent!);
  await (await asAgent.setCountryMode(true)).wait();
  await (await asAgent.setCountryRestrictions([COUNTRY_FR, COUNTRY_DE, COUNTRY_US], true)).wait();
  await (await asAgent.setMaxHolders(2_000)).wait();
  await (await asAgent.setMaxBalancePerIdentity(1_000_000)).wait();
  await (await asAgent.setPartitionRules(DEFAULT_PARTITION, now, true)).wait();
  await (await asAgent.setPartitionRules(LOCKUP_PARTITION, now, true)).wait();
  await (await asAgent.setAddressFrozen(dave!.address, true)).wait();

  const asIssuer = token.connect(issuer!);
  results[`token.issue.new${suffix}`] = await gasOf(asIssuer.issue(alice!.address, 10_000n, "0x"));
  results[`token.issue.existing${suffix}`] = await gasOf(asIssuer.issue(alice!.address, 10_000n, "0x"));
  await (await asIssuer.issue(bob!.address, 10_000n, "0x")).wait();
  await (await asIssuer.issueByPartition(LOCKUP_PARTITION, bob!.address, 1_000n, "0x")).wait();
  results[`token.recordDistribution${suffix}`] = await gasOf(
    token.connect(distributor!).recordDistribution(1_000_000_000n),
  );

  const asAlice = token.connect(alice!);
  await (await asAlice.transfer(bob!.address, 1n)).wait(); // same warm-up as the ERC-20 baseline
  const existing = await asAlice.transfer(bob!.address, 10n);
  results[`token.transfer.existing${suffix}`] = await gasOf(Promise.resolve(existing));
  hashes[`token.transfer.existing${suffix}`] = existing.hash;
  // Issue 19: the same transfer while a holder vote's snapshot is open (every move takes the funnel and reads the
  // snapshot id and both identities' records): first both identities' first move in the snapshot (two new slots),
  // then the steady state (both recorded). The vote is then closed, so the keys below are measured as before.
  const governor = await openVote(ethers, token);
  results[`token.transfer.existing.duringVote.first${suffix}`] = await gasOf(asAlice.transfer(bob!.address, 10n));
  const duringVote = await asAlice.transfer(bob!.address, 10n);
  results[`token.transfer.existing.duringVote${suffix}`] = await gasOf(Promise.resolve(duringVote));
  hashes[`token.transfer.existing.duringVote${suffix}`] = duringVote.hash;
  await ethers.provider.send("evm_increaseTime", [VOTING_PERIOD]);
  await (await governor.finalize(1n)).wait();
  const fresh = await asAlice.transfer(carol!.address, 10n);
  results[`token.transfer.new${suffix}`] = await gasOf(Promise.resolve(fresh));
  hashes[`token.transfer.new${suffix}`] = fresh.hash;
  // The receiver's country fact not cached: the registry changed its country (to another allowed one) since it last
  // received, so the country list is read again (one more cold slot) and the fact re-cached.
  await (await registry.connect(agent!).updateIdentity(bob!.address, COUNTRY_DE, expiry, true)).wait();
  const uncached = await asAlice.transfer(bob!.address, 10n);
  results[`token.transfer.existing.uncached${suffix}`] = await gasOf(Promise.resolve(uncached));
  hashes[`token.transfer.existing.uncached${suffix}`] = uncached.hash;
  results[`token.transfer.ownWallet${suffix}`] = await gasOf(asAlice.transfer(aliceWallet2!.address, 10n));
  results[`token.transfer.fromSecondWallet${suffix}`] = await gasOf(
    token.connect(aliceWallet2!).transfer(bob!.address, 5n),
  );

  await (await asAlice.approve(carol!.address, 1_000n)).wait();
  results[`token.transferFrom.existing${suffix}`] = await gasOf(
    token.connect(carol!).transferFrom(alice!.address, bob!.address, 10n),
  );
  const asBob = token.connect(bob!);
  results[`token.transferByPartition.new${suffix}`] = await gasOf(
    asBob.transferByPartition(LOCKUP_PARTITION, alice!.address, 10n, "0x"),
  );
  results[`token.transferByPartition.existing${suffix}`] = await gasOf(
    asBob.transferByPartition(LOCKUP_PARTITION, alice!.address, 10n, "0x"),
  );
  results[`token.transfer.existing.multiPartitionSender${suffix}`] = await gasOf(asBob.transfer(alice!.address, 10n));
  results[`token.redeem${suffix}`] = await gasOf(asAlice.redeem(10n, "0x"));
  results[`token.controllerTransfer${suffix}`] = await gasOf(
    token.connect(controller!).controllerTransfer(alice!.address, bob!.address, 10n, "0x", "0x"),
  );
  const asSettlement = token.connect(settlement!);
  results[`token.hold${suffix}`] = await gasOf(asSettlement.holdByPartition(alice!.address, DEFAULT_PARTITION, 100n));
  results[`token.executeHold.existing${suffix}`] = await gasOf(
    asSettlement.executeHold(alice!.address, bob!.address, DEFAULT_PARTITION, 50n),
  );
  results[`token.freezePartial${suffix}`] = await gasOf(asAgent.freezePartialTokens(bob!.address, 100n));
  return { results, hashes, token: await token.getAddress(), implementation: implementationAddress };
}

const VOTING_PERIOD = 86_400;

/**
 * Makes `token`'s governor as `PropertyTokenFactory.launchGovernor` does (a clone of the implementation with the
 * token and its terms as immutable arguments), names it on the token and opens a proposal, as the token's admin (the
 * first signer, which contracts got through `getContractAt` act as).
 */
async function openVote(ethers: HardhatEthers, token: PropertyToken) {
  const implementation = await ethers.deployContract("PropertyGovernor", [ZeroAddress]);
  const cloner = await ethers.deployContract("CloneDeployer");
  const args = solidityPacked(
    ["address", "uint32", "uint16", "uint16", "uint64"],
    [await token.getAddress(), VOTING_PERIOD, 3_000, 6_000, 0],
  );
  const address = await cloner.cloneWithArgs.staticCall(await implementation.getAddress(), args);
  await (await cloner.cloneWithArgs(await implementation.getAddress(), args)).wait();
  const snapshots = await ethers.getContractAt("IPropertyTokenSnapshots", await token.getAddress());
  await (await snapshots.setGovernor(address)).wait();
  const governor = await ethers.getContractAt("PropertyGovernor", address);
  await (await governor.propose(4, 0n, ZeroAddress, id("bench decision"))).wait();
  return governor;
}

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
}

/** One line of a breakdown: what the gas bought. */
export interface BreakdownLine {
  step: string;
  gas: number;
}

/** Explains one transaction's gas from an EVM trace; the lines sum to its receipt's gasUsed. */
export async function breakdownOf(ethers: HardhatEthers, hash: string): Promise<BreakdownLine[]> {
  const tx = await ethers.provider.getTransaction(hash);
  const receipt = await ethers.provider.getTransactionReceipt(hash);
  const trace = (await ethers.provider.send("debug_traceTransaction", [
    hash,
    { disableStorage: true, disableMemory: true, disableStack: true },
  ])) as { structLogs: StructLog[] };
  const data = getBytes(tx!.data);
  const zeros = data.filter((b) => b === 0).length;
  const calldata = zeros * 4 + (data.length - zeros) * 16;
  const lines: BreakdownLine[] = [
    { step: "intrinsic transaction cost", gas: 21_000 },
    { step: `calldata (${data.length} bytes, ${zeros} zero)`, gas: calldata },
  ];
  const buckets = new Map<string, number>();
  const add = (step: string, gas: number): void => {
    buckets.set(step, (buckets.get(step) ?? 0) + gas);
  };
  const logs = trace.structLogs;
  // On a clone the proxy runs at depth 1 and delegates: the token's code runs one level down.
  const home =
    logs.find((l) => l.depth === 1 && /^(CALL|STATICCALL|DELEGATECALL)$/.test(l.op))?.op === "DELEGATECALL" ? 2 : 1;
  const nextAt = (i: number, depth: number): StructLog | undefined => logs.slice(i + 1).find((l) => l.depth <= depth);
  let delegated = 0;
  let tokenGas = 0;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    if (log.depth < home) {
      if (log.op === "DELEGATECALL") delegated += log.gas - (nextAt(i, log.depth)?.gas ?? log.gas);
      else add("clone: minimal proxy code (calldata copy, return)", log.gasCost);
      continue;
    }
    if (log.depth !== home) continue;
    let gas = log.gasCost;
    if (log.op === "STATICCALL" || log.op === "CALL") {
      // The whole call as seen from the token: gas before the call minus gas right after it returns.
      gas = log.gas - (nextAt(i, home)?.gas ?? log.gas);
      add("identity registry call (cold account + both records + its code)", gas);
    } else if (log.op === "SLOAD") {
      add(log.gasCost >= 2_100 ? "token storage reads, cold (2,100 each)" : "token storage reads, warm", log.gasCost);
    } else if (log.op === "SSTORE") {
      add(
        log.gasCost >= 20_000
          ? "token storage writes, new slot (zero -> non-zero)"
          : "token storage writes, existing slot",
        log.gasCost,
      );
    } else if (log.op.startsWith("LOG")) {
      add("events (Transfer)", log.gasCost);
    } else {
      add("other execution (dispatch, checks, bit packing, memory)", log.gasCost);
    }
    tokenGas += gas;
  }
  if (home === 2) add("clone: DELEGATECALL to the implementation (cold account 2,600 + call)", delegated - tokenGas);
  for (const [step, gas] of buckets) lines.push({ step, gas });
  const counted = lines.reduce((sum, l) => sum + l.gas, 0);
  const refund = counted - Number(receipt!.gasUsed);
  if (refund !== 0) lines.push({ step: "refund / rounding", gas: -refund });
  return lines;
}
