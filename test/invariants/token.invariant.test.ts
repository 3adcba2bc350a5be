/**
 * Invariant test of the property token: thousands of random operations (issue, transfer, transfer by partition,
 * operator transfer, transferFrom, redeem, freezes, controller transfer and redemption, holds, KYC changes, rule
 * changes, pause, time travel) by random actors, from a seeded PRNG (INVARIANT_SEED, INVARIANT_STEPS to vary).
 * After every step one eth_call to `TokenProbe` reads the whole state (after a refused operation whose step mined only
 * its reverted transaction, the state is the previous snapshot's and that snapshot is checked again) and the test checks:
 *  - totalSupply == sum of balances; supply of each partition == sum of its balances;
 *  - each balance == sum of its partitions == sum over `partitionsOf`, which lists exactly the non-zero ones;
 *  - holderCount == number of identities with a non-zero total; `balanceOfIdentity` == sum of its wallets;
 *  - frozen amounts never exceed balances, holds never exceed their partition;
 *  - no wallet that was unverified or frozen received units, except by a controller operation;
 *  - every `canTransfer*` / `canIssueByPartition` / ERC-7943 `canTransfer` verdict agrees with the outcome of the
 *    operation it predicts.
 * Issue 13: freezes are per identity (token and registry), ERC-7943 `setFrozenTokens`/`forcedTransfer` and the
 * holder-redemption rule are among the random actions.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import {
  CLASS_B,
  COUNTRY_DE,
  COUNTRY_FR,
  COUNTRY_US,
  DEFAULT_PARTITION,
  LOCKUP,
  deployToken,
  type TokenContext,
} from "../helpers/token-fixture.js";
import type { TokenProbe } from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.create();

const STEPS = Number(process.env.INVARIANT_STEPS ?? 5_000);
const SEED = Number(process.env.INVARIANT_SEED ?? 20_261_122);
const PARTITIONS = [DEFAULT_PARTITION, LOCKUP, CLASS_B];
const COUNTRY_JP = 392; // never on the allow-list
const OK = "0x51";
/** Time is kept at 500 (mod 1000) seconds; every expiry and lock-up is a multiple of 1000: a verdict read one block
 * before its transaction can never straddle a deadline. */
const TICK = 1_000;
const TX = { gasLimit: 3_000_000 };

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Snapshot = Awaited<ReturnType<TokenProbe["snapshot"]>>;

interface StepResult {
  /** Controller operations may give units to anyone registered, by design. */
  forced?: boolean;
  /** What the verdict view predicted (true = success), when the operation has one. */
  verdict?: boolean;
  ok: boolean;
}

describe("PropertyToken invariants", function () {
  it(`hold over ${STEPS} random operations by random actors (seed ${SEED})`, async function () {
    // ~80 ms a step plain, several times that instrumented (`npm run coverage`) on a shared 2-core machine.
    this.timeout(Math.max(600_000, STEPS * 360));
    const ctx: TokenContext = await deployToken(ethers, networkHelpers, 0);
    const actors = ctx.strangers.slice(0, 9);
    const [a0, a1, a2, a3, a4, a5, a6, a7] = actors as HardhatEthersSigner[];
    // Wallet -> identity: a0/a1 and a4/a5 share an identity; a7 lives where the token does not sell; a8 is never
    // registered. a6 is not accredited (CLASS_B is accredited-only).
    const identityOf = new Map<string, string>([
      [a0!.address, a0!.address],
      [a1!.address, a0!.address],
      [a2!.address, a2!.address],
      [a3!.address, a3!.address],
      [a4!.address, a4!.address],
      [a5!.address, a4!.address],
      [a6!.address, a6!.address],
      [a7!.address, a7!.address],
    ]);
    const countryOf = (w: string): number =>
      w === a7!.address ? COUNTRY_JP : w === a2!.address ? COUNTRY_DE : COUNTRY_FR;
    const accredited = (w: string): boolean => w !== a6!.address;
    const alignedAfter = async (seconds: number): Promise<number> =>
      Math.ceil(((await networkHelpers.time.latest()) + seconds) / TICK) * TICK;

    // Start at 500 (mod 1000).
    await networkHelpers.time.increaseTo((await alignedAfter(TICK)) + TICK / 2);
    let anchor = await networkHelpers.time.latest();
    const registry = ctx.registry.connect(ctx.complianceAgent);
    for (const [wallet, identity] of identityOf) {
      await registry.registerIdentity(
        wallet,
        identity,
        countryOf(wallet),
        await alignedAfter(40 * TICK),
        accredited(wallet),
      );
    }
    const token = ctx.token;
    const asAgent = token.connect(ctx.agent);
    await asAgent.setCountryMode(true);
    await asAgent.setCountryRestrictions([COUNTRY_FR, COUNTRY_DE, COUNTRY_US], true);
    await asAgent.setMaxHolders(4);
    await asAgent.setMaxBalancePerIdentity(400);
    await asAgent.setPartitionRules(LOCKUP, await alignedAfter(20 * TICK), false);
    await asAgent.setPartitionRules(CLASS_B, 0, true);
    const probe = await ethers.deployContract("TokenProbe");
    const addresses = actors.map((a) => a.address);
    const snapshot = (): Promise<Snapshot> => probe.snapshot(token, addresses, PARTITIONS);

    const rand = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const int = (max: number): bigint => BigInt(Math.floor(rand() * (max + 1)));
    let state = await snapshot();
    // The latest block (number, timestamp): says whether a step mined more than its own reverted transaction.
    let latest = (await ethers.provider.getBlock("latest"))!;
    const probed = { reused: 0, taken: 1 };
    const balanceOf = (w: HardhatEthersSigner): bigint => state.balances[actors.indexOf(w)]!;
    const amount = (w: HardhatEthersSigner): bigint =>
      rand() < 0.1 ? balanceOf(w) + int(5) : int(Number(balanceOf(w)));

    // With automine, sending resolves once the transaction is mined and rejects if it reverted.
    const outcome = async (send: () => Promise<unknown>): Promise<boolean> => {
      try {
        await send();
        return true;
      } catch {
        return false;
      }
    };
    const registered = new Set(identityOf.keys());
    const reasons = new Map<string, number>();

    const operations: [number, string, () => Promise<StepResult>][] = [
      [
        20,
        "transfer",
        async () => {
          const [from, to] = [pick(actors), pick(actors)];
          const value = amount(from!);
          const [code, why] = await token
            .connect(from!)
            ["canTransfer(address,uint256,bytes)"](to!.address, value, "0x");
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          const erc7943 = await token["canTransfer(address,address,uint256)"](from!.address, to!.address, value);
          expect(erc7943, "ERC-7943 canTransfer agrees with the ERC-1594 verdict").to.equal(code === OK);
          return {
            verdict: code === OK,
            ok: await outcome(() => token.connect(from!).transfer(to!.address, value, TX)),
          };
        },
      ],
      [
        12,
        "transferByPartition",
        async () => {
          const [from, to, partition] = [pick(actors), pick(actors), pick(PARTITIONS)];
          const value = amount(from!);
          const [code] = await token
            .connect(from!)
            .canTransferByPartition(from!.address, to!.address, partition!, value, "0x");
          return {
            verdict: code === OK,
            ok: await outcome(() => token.connect(from!).transferByPartition(partition!, to!.address, value, "0x", TX)),
          };
        },
      ],
      [
        8,
        "operatorTransferByPartition",
        async () => {
          const [operator, from, to, partition] = [pick(actors), pick(actors), pick(actors), pick(PARTITIONS)];
          if (operator !== from && rand() < 0.3) {
            const t = token.connect(from!);
            await (rand() < 0.5
              ? t.authorizeOperator(operator!.address, TX)
              : t.authorizeOperatorByPartition(partition!, operator!.address, TX));
          }
          const value = amount(from!);
          const [code] = await token
            .connect(operator!)
            .canTransferByPartition(from!.address, to!.address, partition!, value, "0x");
          const ok = await outcome(() =>
            token
              .connect(operator!)
              .operatorTransferByPartition(partition!, from!.address, to!.address, value, "0x", "0x", TX),
          );
          return { verdict: code === OK, ok };
        },
      ],
      [
        4,
        "authorize or revoke operator",
        async () => {
          const [holder, operator, partition] = [pick(actors), pick(actors), pick(PARTITIONS)];
          const t = token.connect(holder!);
          const choice = Math.floor(rand() * 4);
          const send = [
            () => t.authorizeOperator(operator!.address, TX),
            () => t.revokeOperator(operator!.address, TX),
            () => t.authorizeOperatorByPartition(partition!, operator!.address, TX),
            () => t.revokeOperatorByPartition(partition!, operator!.address, TX),
          ][choice]!;
          return { ok: await outcome(send) };
        },
      ],
      [
        6,
        "transferFrom",
        async () => {
          const [spender, from, to] = [pick(actors), pick(actors), pick(actors)];
          if (rand() < 0.4) await token.connect(from!).approve(spender!.address, int(60), TX);
          const value = amount(from!);
          const [code] = await token.connect(spender!).canTransferFrom(from!.address, to!.address, value, "0x");
          return {
            verdict: code === OK,
            ok: await outcome(() => token.connect(spender!).transferFrom(from!.address, to!.address, value, TX)),
          };
        },
      ],
      [
        10,
        "issueByPartition",
        async () => {
          const [to, partition] = [pick(actors), pick(PARTITIONS)];
          const value = int(120);
          const [code] = await token.canIssueByPartition(to!.address, partition!, value);
          return {
            verdict: code === OK,
            ok: await outcome(() =>
              token.connect(ctx.issuer).issueByPartition(partition!, to!.address, value, "0x", TX),
            ),
          };
        },
      ],
      [
        5,
        "redeemByPartition",
        async () => {
          const [holder, partition] = [pick(actors), pick(PARTITIONS)];
          const closed = await token.isRedemptionClosed();
          const ok = await outcome(() =>
            token.connect(holder!).redeemByPartition(partition!, amount(holder!), "0x", TX),
          );
          if (closed) expect(ok, "no holder redeems while redemption is closed").to.equal(false);
          return { ok };
        },
      ],
      [
        2,
        "ERC-7943 forcedTransfer",
        async () => {
          const [from, to] = [pick(actors), pick(actors)];
          const value = amount(from!);
          const ok = await outcome(() =>
            token.connect(ctx.controller).forcedTransfer(from!.address, to!.address, value, TX),
          );
          expect(ok, "a forced transfer to a registered wallet within the balance succeeds").to.equal(
            registered.has(to!.address) && value <= balanceOf(from!),
          );
          return { forced: true, ok };
        },
      ],
      [
        4,
        "controllerTransfer",
        async () => {
          const [from, to] = [pick(actors), pick(actors)];
          const value = amount(from!);
          const ok = await outcome(() =>
            token.connect(ctx.controller).controllerTransfer(from!.address, to!.address, value, "0x", "0x", TX),
          );
          expect(ok, "a forced transfer to a registered wallet within the balance succeeds").to.equal(
            registered.has(to!.address) && value <= balanceOf(from!),
          );
          return { forced: true, ok };
        },
      ],
      [
        2,
        "controllerRedeem",
        async () => {
          const holder = pick(actors);
          const value = amount(holder!);
          const ok = await outcome(() =>
            token.connect(ctx.controller).controllerRedeem(holder!.address, value, "0x", "0x", TX),
          );
          expect(ok).to.equal(value <= balanceOf(holder!));
          return { forced: true, ok };
        },
      ],
      [
        3,
        "token freeze",
        async () => {
          const w = pick(actors);
          return { ok: await outcome(() => asAgent.setAddressFrozen(w!.address, rand() < 0.15, TX)) };
        },
      ],
      [
        4,
        "partial freeze",
        async () => {
          const w = pick(actors);
          const r = rand();
          const send =
            r < 0.4
              ? () => asAgent.freezePartialTokens(w!.address, int(Number(balanceOf(w!)) / 2), TX)
              : r < 0.7
                ? () =>
                    asAgent.unfreezePartialTokens(w!.address, int(Number(state.frozenAmounts[actors.indexOf(w!)]!)), TX)
                : () => asAgent.setFrozenTokens(w!.address, int(Number(balanceOf(w!))), TX);
          return { ok: await outcome(send) };
        },
      ],
      [
        2,
        "registry freeze",
        async () => {
          const w = pick(actors);
          return { ok: await outcome(() => registry.setFrozen(w!.address, rand() < 0.15, TX)) };
        },
      ],
      [
        3,
        "KYC renewal or expiry",
        async () => {
          const w = pick(actors)!.address;
          const expiry = await alignedAfter((rand() < 0.15 ? Number(int(4)) : 40) * TICK + 1);
          const identity = identityOf.get(w);
          if (registered.has(w) || !identity) {
            return { ok: await outcome(() => registry.updateIdentity(w, countryOf(w), expiry, accredited(w), TX)) };
          }
          const ok = await outcome(() =>
            registry.registerIdentity(w, identity, countryOf(w), expiry, accredited(w), TX),
          );
          if (ok) registered.add(w);
          return { ok };
        },
      ],
      [
        1,
        "registry removal",
        async () => {
          const w = pick(actors)!.address;
          const ok = await outcome(() => registry.removeIdentity(w, TX));
          if (ok) registered.delete(w);
          return { ok };
        },
      ],
      [
        5,
        "hold, release or execute",
        async () => {
          const [holder, to, partition] = [pick(actors), pick(actors), pick(PARTITIONS)];
          const s = token.connect(ctx.settlement);
          const choice = Math.floor(rand() * 3);
          const value = int(Number(balanceOf(holder!)) / 2);
          const send = [
            () => s.holdByPartition(holder!.address, partition!, value, TX),
            () => s.releaseHold(holder!.address, partition!, value, TX),
            () => s.executeHold(holder!.address, to!.address, partition!, value, TX),
          ][choice]!;
          return { ok: await outcome(send) };
        },
      ],
      [
        3,
        "rules",
        async () => {
          const choice = Math.floor(rand() * 5);
          const send = [
            () => asAgent.setRedemptionClosed(rand() < 0.3, TX),
            () => asAgent.setMaxHolders(Number(4n + int(2)), TX),
            () => asAgent.setMaxBalancePerIdentity(200n + int(400), TX),
            async () => asAgent.setPartitionRules(LOCKUP, await alignedAfter(Number(int(8)) * TICK), false, TX),
            () => asAgent.setCountryRestrictions([COUNTRY_DE], rand() < 0.5, TX),
          ][choice]!;
          return { ok: await outcome(send) };
        },
      ],
      [
        1,
        "pause",
        async () => {
          const t = token.connect(ctx.pauser);
          const paused = await token.paused();
          return { ok: await outcome(() => (paused ? t.unpause(TX) : t.pause(TX))) };
        },
      ],
      [3, "time travel", async () => travel()],
    ];
    const travel = async (): Promise<StepResult> => {
      await networkHelpers.time.increaseTo((await alignedAfter(Number(int(4)) * TICK)) + TICK / 2);
      anchor = await networkHelpers.time.latest();
      return { ok: true };
    };
    const totalWeight = operations.reduce((s, [w]) => s + w, 0);
    const choose = (): [string, () => Promise<StepResult>] => {
      let r = rand() * totalWeight;
      for (const [w, name, run] of operations) {
        if ((r -= w) < 0) return [name, run];
      }
      return [operations[0]![1], operations[0]![2]];
    };

    const counts = new Map<string, [number, number]>();
    for (let step = 0; step < STEPS; step++) {
      const paused = operations.find(([, n]) => n === "pause")!;
      const [name, run] =
        latest.timestamp - anchor > 300
          ? ["time travel", travel]
          : state.paused && rand() < 0.3
            ? [paused[1], paused[2]]
            : choose();
      const before = state;
      const blockBefore = latest.number;
      const result = await run();
      latest = (await ethers.provider.getBlock("latest"))!;
      // A refused operation whose step mined at most its own reverted transaction left every state the probe reads as
      // it was (a reverted transaction writes nothing; no expiry or lock-up falls inside a tick, see TICK): the
      // previous snapshot is this block's, and every check below runs on it again. Anything else is probed anew.
      if (result.ok || latest.number > blockBefore + 1) {
        state = await snapshot();
        probed.taken++;
        expect(Number(state.timestamp), `step ${step}: the snapshot is of the latest block`).to.equal(latest.timestamp);
      } else probed.reused++;
      const where = `step ${step} (${name}, seed ${SEED})`;
      const c = counts.get(name) ?? [0, 0];
      c[result.ok ? 0 : 1]++;
      counts.set(name, c);

      if (result.verdict !== undefined)
        expect(result.ok, `${where}: verdict and outcome disagree`).to.equal(result.verdict);
      const sum = (xs: readonly bigint[]): bigint => xs.reduce((s, x) => s + x, 0n);
      expect(state.totalSupply, `${where}: totalSupply`).to.equal(sum(state.balances));
      state.supplyByPartition.forEach((supply, p) =>
        expect(supply, `${where}: partition supply`).to.equal(state.sumByPartition[p]),
      );
      const totals = new Map<string, bigint>();
      actors.forEach((a, i) => {
        const balance = state.balances[i]!;
        expect(state.sumOverPartitions[i], `${where}: partitions of ${i}`).to.equal(balance);
        expect(state.sumOverListedPartitions[i], `${where}: partitionsOf of ${i}`).to.equal(balance);
        expect(state.listedPartitions[i], `${where}: partitionsOf lists the non-zero ones`).to.equal(
          state.nonZeroPartitions[i],
        );
        expect(state.frozenAmounts[i]! <= balance, `${where}: frozen <= balance`).to.equal(true);
        // Audit 2026-12, finding 4: a controller move trimmed frozen and held units separately.
        expect(state.frozenAmounts[i]! + state.held[i]! <= balance, `${where}: frozen + held <= balance`).to.equal(
          true,
        );
        expect(state.overHeldPartitions[i], `${where}: holds within partitions`).to.equal(0n);
        if (!result.forced && balance > before.balances[i]!) {
          expect(before.eligible[i], `${where}: wallet ${i} received while unverified or frozen`).to.equal(true);
        }
        const identity = identityOf.get(a.address) ?? a.address;
        totals.set(identity, (totals.get(identity) ?? 0n) + balance);
      });
      actors.forEach((a, i) => {
        const identity = identityOf.get(a.address);
        if (identity) expect(state.identityBalances[i], `${where}: identity total`).to.equal(totals.get(identity));
      });
      const holders = [...totals.values()].filter((t) => t > 0n).length;
      expect(state.holderCount, `${where}: holderCount`).to.equal(BigInt(holders));
    }
    console.log(Object.fromEntries([...reasons].map(([k, v]) => [ethers.decodeBytes32String(k), v])));
    console.log(`      snapshots: ${probed.taken} taken, ${probed.reused} reused after a refused operation`);
    console.log(
      `      ${STEPS} steps:`,
      Object.fromEntries([...counts].map(([k, [ok, no]]) => [k, `${ok} ok / ${no} refused`])),
    );
    // The run must have exercised both outcomes of the main operations.
    for (const name of [
      "transfer",
      "transferByPartition",
      "issueByPartition",
      "operatorTransferByPartition",
      "transferFrom",
    ]) {
      const [ok, refused] = counts.get(name) ?? [0, 0];
      expect(ok, `${name} succeeded at least once`).to.be.greaterThan(0);
      expect(refused, `${name} was refused at least once`).to.be.greaterThan(0);
    }
  });
});
