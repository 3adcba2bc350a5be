/**
 * Invariant run of the secondary market (issue 20: "the invariant run extended with fees"): on a property token the
 * factory launched (the platform the other runs deploy), verified holders and buyers, a frozen wallet and an
 * unverified outsider post orders (random units, prices, expiries, designated buyers, some refused), cancel them
 * (their own and others'), fill them in part or in full (`fill` and `fillWithPermit`, some permits signed for the
 * wrong amount, with too little allowance or money, too many units, expired or missing orders, designated for
 * someone else, to a buyer the token refuses: frozen, unverified, over the holder limits), re-approve, and the fee
 * admin (or an impostor) announces trade fee increases, applies them when due, decreases the fee at once, cancels an
 * increase, sets or removes the token's override; time moves, sometimes by weeks. Some posts, cancels and fills are
 * signed by their actor and relayed through the trusted forwarder (ERC-2771). After every step, to the unit:
 *   money: every fill's buyer paid exactly units x price, the collector received exactly the fee of the rule in force
 *     at that fill's block (min(override, platform fee), the announced increase only from its effective time, never
 *     above MAX_FEE_BPS), the seller received the rest: measured as balance deltas, never from the contract's own
 *     accounting; summed over the run, what buyers paid == what sellers received + what the collector received, and
 *     every wallet's balance, allowance and permit nonce is the model's (the settlement holds nothing);
 *   units: the units of each seller's open orders == what the token says is held for that seller; every balance is
 *     the model's; the supply never changes; no identity above the token's max balance, never more holders than its
 *     max; the outsider (unverified) never receives a unit, the frozen wallet never more, nor any payment;
 *   orders: every order id ever issued reads as the model's open order or as gone;
 *   refusals: each refused action reverts with the custom error (and arguments) the model predicts, and the full
 *     state read after it is the state read before it.
 * Both fills go to missing orders and ask for any number of units (up to ones whose price overflows uint256): this run
 * found `fillWithPermit` reverting without a reason there (the permit was tried before the order was checked; see
 * test/settlement/fill-with-permit-refusals.test.ts).
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Interface, MaxUint256, ZeroAddress, ZeroHash, type ErrorFragment } from "ethers";
import {
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  FeeKind,
  issueTo,
  launch,
  signPermit,
  usd,
  type Platform,
} from "../factory/fixture.js";
import { forwardRequest } from "../helpers/forwarder.js";
import { Prng, seedFrom } from "./prng.js";

const { ethers, networkHelpers } = await network.create();

const STEPS = Number(process.env["FREEHOLD_INVARIANT_STEPS"] ?? 400);
const WEEK = 7n * BigInt(DAY);
const DELAY = 12n * WEEK;
const MAX_FEE_BPS = 500n;
const MAX_HOLDERS = 8n;
const MAX_BALANCE = 140n;
const TRADE = BigInt(FeeKind.Trade);
const UINT96_MAX = (1n << 96n) - 1n;
/** Refused actions are mined (an explicit gas limit skips the estimate), so "changes nothing" is checked on chain. */
const TX = { gasLimit: 2_000_000n };

interface OpenOrder {
  seller: string;
  remaining: bigint;
  price: bigint;
  expiry: bigint;
  buyer: string;
}

/** The trade fee schedule as `PlatformFees` keeps it, and the token's override. */
interface FeeModel {
  bps: bigint;
  pendingBps: bigint;
  effectiveAt: bigint;
  override: bigint | undefined;
}

/** A refusal the model predicts: the custom error's name and arguments. */
type Refusal = [string, ...unknown[]];

describe("Invariant: settlement with the trade fee", function () {
  it("moves money and units exactly as modelled, the fee of the rule in force included, to the unit", async function () {
    this.timeout(0);
    const seed = seedFrom(20_261_204);
    const rng = new Prng(seed);
    const p: Platform = await deployPlatform(ethers, networkHelpers);
    const signers = await ethers.getSigners();
    const collector = signers[18]!;
    const relayer = signers[19]!;
    const traders = p.investors.slice(0, 8);
    const frozen = p.investors[8]!;
    const outsider = p.outsider;
    const actors: HardhatEthersSigner[] = [...traders, frozen, outsider];
    const settlement = p.settlement;
    const settlementAddress = await settlement.getAddress();
    const fees = p.fees;
    const stablecoinAddress = await p.stablecoin.getAddress();

    // The property, launched by the factory; its trade fee goes to a collector of its own.
    await (await fees.connect(p.admin).setCollector(FeeKind.Trade, collector.address)).wait();
    await (await fees.connect(p.admin).announceIncrease(FeeKind.Trade, 120)).wait();
    await networkHelpers.time.increase(DELAY);
    await (await fees.applyIncrease(FeeKind.Trade)).wait();
    const { token } = await launch(p, { propertyId: ethers.id(`settlement-invariant-${seed}`) });
    const tokenAddress = await token.getAddress();
    const notTradable = await p.tokenImplementation.getAddress();
    const units = new Map<string, bigint>(actors.map((a) => [a.address, 0n]));
    // Six traders hold units, two do not yet (new holders, under the holder limit); the frozen wallet holds some.
    for (const [i, t] of traders.entries()) if (i < 6) units.set(t.address, rng.big(20n, 120n));
    units.set(frozen.address, 40n);
    await issueTo(
      p,
      token,
      [...traders, frozen],
      [...traders, frozen].map((a) => units.get(a.address)!),
    );
    const asAgent = token.connect(p.manager);
    await (await asAgent.setAddressFrozen(frozen.address, true)).wait();
    await (await asAgent.setMaxHolders(MAX_HOLDERS)).wait();
    await (await asAgent.setMaxBalancePerIdentity(MAX_BALANCE)).wait();
    const supply = [...units.values()].reduce((a, b) => a + b, 0n);
    const frozenUnits = units.get(frozen.address)!;

    const money = new Map<string, bigint>();
    const allowance = new Map<string, bigint>();
    const nonce = new Map<string, bigint>();
    /** Requests of each actor the trusted forwarder executed (its nonce). */
    const forwarded = new Map<string, bigint>();
    for (const a of actors) {
      // A quarter are short of money (and approve without limit: their fills fail on the balance, not the allowance).
      const poor = rng.chance(0.25);
      const amount = poor ? usd(rng.int(0, 300)) : usd(rng.int(500, 40_000));
      await (await p.stablecoin.connect(p.admin).mint(a.address, amount)).wait();
      const approved = poor || rng.chance(0.6) ? MaxUint256 : usd(rng.int(0, 5_000));
      await (await p.stablecoin.connect(a).approve(settlementAddress, approved)).wait();
      money.set(a.address, amount);
      allowance.set(a.address, approved);
      nonce.set(a.address, 0n);
    }
    money.set(collector.address, await p.stablecoin.balanceOf(collector.address));
    const moneyAtStart = [...money.values()].reduce((a, b) => a + b, 0n);
    const frozenMoney = money.get(frozen.address)!;

    const orders = new Map<bigint, OpenOrder>();
    let nextId = await settlement.nextOrderId();
    const firstId = nextId;
    const fee: FeeModel = { bps: 120n, pendingBps: 0n, effectiveAt: 0n, override: undefined };
    /** The platform's trade fee at time `t`: an announced increase counts from its effective time on. */
    const platformBps = (t: bigint): bigint =>
      fee.effectiveAt !== 0n && t >= fee.effectiveAt ? fee.pendingBps : fee.bps;
    /** The fee a fill mined at `t` pays: the lower of the token's override and the platform's fee. */
    const tradeBps = (t: bigint): bigint => {
      const platform = platformBps(t);
      return fee.override !== undefined && fee.override < platform ? fee.override : platform;
    };
    /** `PlatformFees._settled`: an increase whose time has come written in. */
    const settle = (t: bigint): void => {
      if (fee.effectiveAt !== 0n && t >= fee.effectiveAt) {
        fee.bps = fee.pendingBps;
        fee.pendingBps = 0n;
        fee.effectiveAt = 0n;
      }
    };
    const held = (seller: string): bigint =>
      [...orders.values()].filter((o) => o.seller === seller).reduce((a, o) => a + o.remaining, 0n);
    const richest = (): HardhatEthersSigner =>
      traders.reduce((a, b) => (units.get(b.address)! > units.get(a.address)! ? b : a));
    const holders = (): bigint => BigInt([...units.values()].filter((u) => u > 0n).length);

    let clock = BigInt(await networkHelpers.time.latest());
    const kycEnd = clock + 4n * 365n * BigInt(DAY); // investors are verified for five years from registration
    /** The next transaction is mined `advance` seconds (plus one) after the last: returns its timestamp. */
    const at = async (advance = 0n): Promise<bigint> => {
      const latest = BigInt(await networkHelpers.time.latest());
      if (clock < latest) clock = latest;
      clock += 1n + advance;
      await networkHelpers.time.setNextBlockTimestamp(clock);
      return clock;
    };

    // Every custom error the settlement, the token, the stablecoin and the fee schedule can revert with.
    const errors = new Map<string, ErrorFragment>();
    for (const c of [settlement, token, p.stablecoin, fees, p.forwarder])
      c.interface.forEachError((e) => errors.set(e.format(), e));
    const decoder = new Interface([...errors.values()]);

    /** The whole state the run can touch, read at the latest block (fee views excepted: they depend on time). */
    const readState = async () => {
      const ids: bigint[] = [];
      for (let id = firstId; id < nextId + 2n; id++) ids.push(id);
      const [wallets, orderList, next, totalSupply, holderCount, collected, kept, keptUnits] = await Promise.all([
        Promise.all(
          actors.map(async (a) => ({
            money: await p.stablecoin.balanceOf(a.address),
            allowance: await p.stablecoin.allowance(a.address, settlementAddress),
            nonce: await p.stablecoin.nonces(a.address),
            forwarded: await p.forwarder.nonces(a.address),
            units: await token.balanceOf(a.address),
            held: await token.heldBalanceOfByPartition(a.address, DEFAULT_PARTITION),
          })),
        ),
        Promise.all(ids.map((id) => settlement.orderOf(id))),
        settlement.nextOrderId(),
        token.totalSupply(),
        token.holderCount(),
        p.stablecoin.balanceOf(collector.address),
        p.stablecoin.balanceOf(settlementAddress),
        token.balanceOf(settlementAddress),
      ]);
      const [platform, pending, override, feeOf, block] = await Promise.all([
        fees.platformFeeOf(FeeKind.Trade),
        fees.pendingIncrease(FeeKind.Trade),
        fees.overrideOf(FeeKind.Trade, tokenAddress),
        fees.feeOf(FeeKind.Trade, tokenAddress),
        ethers.provider.getBlock("latest"),
      ]);
      return {
        stable: {
          wallets,
          orders: orderList.map((o) => [...o]),
          next,
          totalSupply,
          holderCount,
          collected,
          kept,
          keptUnits,
        },
        override: [...override],
        timed: { schedule: [[...platform], [...pending]], feeOf: [...feeOf] },
        timestamp: BigInt(block!.timestamp),
      };
    };
    type State = Awaited<ReturnType<typeof readState>>;
    const json = (v: unknown): string =>
      JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

    let steps = 0;
    let label = "start";
    const where = (): string => `seed ${seed}, step ${steps} (${label})`;
    const successes = new Map<string, number>();
    const refusals = new Map<string, number>();
    const count = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
    /** The fee rates fills paid (the run must see the fee change). */
    const rates = new Set<bigint>();
    let paidByBuyers = 0n;
    let receivedBySellers = 0n;
    let receivedByCollector = 0n;

    /** Checks the chain against the model, to the unit; returns what it read. */
    const check = async (): Promise<State> => {
      const s = await readState();
      const w = where();
      for (const [i, a] of actors.entries()) {
        const got = s.stable.wallets[i]!;
        expect(got.money, `${w}: money of actor ${i}`).to.equal(money.get(a.address));
        expect(got.allowance, `${w}: allowance of actor ${i}`).to.equal(allowance.get(a.address));
        expect(got.nonce, `${w}: permit nonce of actor ${i}`).to.equal(nonce.get(a.address));
        expect(got.forwarded, `${w}: forwarder nonce of actor ${i}`).to.equal(forwarded.get(a.address) ?? 0n);
        expect(got.units, `${w}: units of actor ${i}`).to.equal(units.get(a.address));
        // Escrow in place: the units of a seller's open orders are exactly what the token holds for it.
        expect(got.held, `${w}: held units of actor ${i}`).to.equal(held(a.address));
        expect(got.units <= MAX_BALANCE, `${w}: actor ${i} above the max balance`).to.equal(true);
      }
      expect(
        s.stable.wallets[actors.indexOf(outsider)]!.units,
        `${w}: the unverified outsider received units`,
      ).to.equal(0n);
      expect(
        s.stable.wallets[actors.indexOf(frozen)]!.units <= frozenUnits,
        `${w}: the frozen wallet received`,
      ).to.equal(true);
      // No path pays a frozen wallet: its own sell orders never fill (the token refuses the frozen sender first).
      expect(
        s.stable.wallets[actors.indexOf(frozen)]!.money <= frozenMoney,
        `${w}: the frozen wallet was paid`,
      ).to.equal(true);
      expect(s.stable.totalSupply, `${w}: supply`).to.equal(supply);
      expect(s.stable.keptUnits, `${w}: the settlement holds units`).to.equal(0n);
      expect(s.stable.holderCount, `${w}: holders`).to.equal(holders());
      expect(s.stable.holderCount <= MAX_HOLDERS, `${w}: above max holders`).to.equal(true);
      expect(s.stable.next, `${w}: next order id`).to.equal(nextId);
      for (const [k, o] of s.stable.orders.entries()) {
        const id = firstId + BigInt(k);
        const m = orders.get(id);
        const expected = m
          ? [tokenAddress, m.expiry, m.seller, m.remaining, stablecoinAddress, m.price, m.buyer, DEFAULT_PARTITION]
          : [ZeroAddress, 0n, ZeroAddress, 0n, ZeroAddress, 0n, ZeroAddress, ZeroHash];
        expect(json(o), `${w}: order ${id}`).to.equal(json(expected));
      }
      // Money: the settlement never holds any; what buyers paid == what sellers received + the collector's fees.
      expect(s.stable.kept, `${w}: the settlement holds money`).to.equal(0n);
      expect(s.stable.collected, `${w}: collector`).to.equal(money.get(collector.address));
      expect(paidByBuyers, `${w}: paid == received + fees`).to.equal(receivedBySellers + receivedByCollector);
      const total = [...actors, collector].reduce((a, x) => a + money.get(x.address)!, 0n);
      expect(total, `${w}: money created or lost`).to.equal(moneyAtStart);
      // The fee schedule as the model has it at this block's time, never above the hard maximum.
      const t = s.timestamp;
      const due = fee.effectiveAt !== 0n && t >= fee.effectiveAt;
      expect(json(s.timed.schedule), `${w}: fee schedule`).to.equal(
        json([
          [platformBps(t), collector.address],
          due || fee.effectiveAt === 0n ? [0n, 0n] : [fee.pendingBps, fee.effectiveAt],
        ]),
      );
      expect(json(s.override), `${w}: override`).to.equal(json([fee.override !== undefined, fee.override ?? 0n]));
      expect(json(s.timed.feeOf), `${w}: feeOf`).to.equal(json([tradeBps(t), collector.address]));
      expect(tradeBps(t) <= MAX_FEE_BPS, `${w}: fee above the maximum`).to.equal(true);
      return s;
    };

    let last: State = await check();

    /**
     * Sends `tx` (mined at the time `at` set): when `refusal` is given it must revert with exactly that custom error
     * and leave the state as it was; otherwise it must succeed. Returns whether it succeeded.
     */
    const expectOutcome = async (
      kind: string,
      refusal: Refusal | undefined,
      tx: () => Promise<{ wait(): Promise<unknown> }>,
    ): Promise<boolean> => {
      let data: string | undefined;
      try {
        await (await tx()).wait();
      } catch (e) {
        data = (e as { data?: string }).data ?? "";
        if (!data) throw e;
      }
      if (refusal === undefined) {
        const decoded = data === undefined ? undefined : decoder.parseError(data);
        expect(data, `${where()}: ${kind} refused with ${decoded?.name}(${decoded?.args.join(", ")})`).to.equal(
          undefined,
        );
        count(successes, kind);
        return true;
      }
      expect(data, `${where()}: ${kind} succeeded, the model expected ${refusal[0]}`).to.not.equal(undefined);
      const decoded = decoder.parseError(data!);
      expect(json([decoded?.name, ...(decoded?.args ?? [])]), `${where()}: ${kind} refusal`).to.equal(json(refusal));
      count(refusals, refusal[0]);
      // A refusal changes nothing: every balance, allowance, nonce, hold and order reads as before.
      const after = await readState();
      expect(json(after.stable), `${where()}: ${kind} refused yet changed the state`).to.equal(json(last.stable));
      expect(json(after.override), `${where()}: ${kind} refused yet changed the override`).to.equal(
        json(last.override),
      );
      return false;
    };

    /**
     * Sends `actor`'s call of `data` on the settlement, directly or (40 % of expected successes, 10 % of refusals) signed by the actor
     * and relayed through the trusted forwarder (ERC-2771): the model is the same, the signer is who acts. A relayed
     * refusal surfaces as the forwarder's `FailedCall` (the direct path checks the inner errors) and changes nothing
     * either, its nonce included.
     */
    const trade = async (actor: HardhatEthersSigner, kind: string, refusal: Refusal | undefined, data: string) => {
      // Mostly calls the model expects to succeed: a relayed refusal cannot show its inner error.
      const viaForwarder = rng.chance(refusal ? 0.1 : 0.4);
      const ok = await expectOutcome(
        viaForwarder ? `${kind} (forwarded)` : kind,
        viaForwarder && refusal ? ["FailedCall"] : refusal,
        async () =>
          viaForwarder
            ? p.forwarder
                .connect(relayer)
                .execute(await forwardRequest(p.forwarder, actor, settlement, data, { deadlineIn: 400 * DAY }), TX)
            : actor.sendTransaction({ to: settlementAddress, data, ...TX }),
      );
      if (ok && viaForwarder) {
        count(successes, kind);
        count(successes, "forwarded");
        forwarded.set(actor.address, (forwarded.get(actor.address) ?? 0n) + 1n);
      }
      return ok;
    };

    const post = async (): Promise<void> => {
      const seller = rng.chance(0.8) ? rng.pick(traders) : rng.chance(0.5) ? frozen : outsider;
      const free = units.get(seller.address)! - held(seller.address);
      const n = rng.chance(0.05) ? 0n : rng.chance(0.12) ? free + rng.big(1n, 10n) : rng.big(1n, free > 0n ? free : 1n);
      const price = rng.chance(0.04)
        ? 0n
        : rng.chance(0.02)
          ? UINT96_MAX + 1n
          : usd(rng.int(1, 150)) + rng.big(0n, 999n);
      const buyer = rng.chance(0.2) ? rng.pick(actors).address : ZeroAddress;
      const t = await at(rng.big(0n, 600n));
      const expiry = rng.chance(0.06)
        ? t - rng.big(0n, 100n)
        : rng.chance(0.1)
          ? t + rng.big(1n, 7_200n) // expires within hours
          : t + rng.big(1n, rng.chance(0.5) ? 30n : 180n) * BigInt(DAY) + rng.big(0n, 3_600n);
      const target = rng.chance(0.04) ? notTradable : tokenAddress;
      let refusal: Refusal | undefined;
      if (n === 0n) refusal = ["SettlementZeroUnits"];
      else if (price === 0n || price > UINT96_MAX) refusal = ["SettlementInvalidPrice", price];
      else if (expiry < t + 1n) refusal = ["SettlementInvalidExpiry", expiry];
      else if (target !== tokenAddress) refusal = ["SettlementUnknownToken", target];
      else if (n > free) refusal = ["TokenInsufficientUnlockedBalance", seller.address, DEFAULT_PARTITION, free, n];
      const ok = await trade(
        seller,
        "postOrder",
        refusal,
        settlement.interface.encodeFunctionData("postOrder", [
          target,
          DEFAULT_PARTITION,
          n,
          price,
          stablecoinAddress,
          buyer,
          expiry,
        ]),
      );
      if (ok) {
        orders.set(nextId, { seller: seller.address, remaining: n, price, expiry, buyer });
        nextId += 1n;
      }
    };

    /** An open order most of the time (for a fill, mostly one not expired yet), otherwise a gone or never-issued id. */
    const pickId = (live = false): bigint => {
      const open = [...orders.keys()];
      const alive = open.filter((id) => orders.get(id)!.expiry > clock + 3_600n);
      if (live && alive.length > 0 && rng.chance(0.8)) return rng.pick(alive);
      if (open.length > 0 && rng.chance(0.85)) return rng.pick(open);
      return rng.big(firstId > 1n ? firstId - 1n : 0n, nextId + 1n);
    };

    const cancel = async (): Promise<void> => {
      const id = pickId();
      const o = orders.get(id);
      const caller = o && rng.chance(0.7) ? actors.find((a) => a.address === o.seller)! : rng.pick(actors);
      await at(rng.big(0n, 600n));
      let refusal: Refusal | undefined;
      if (!o) refusal = ["SettlementOrderNotFound", id];
      else if (caller.address !== o.seller) refusal = ["SettlementNotSeller", id, caller.address];
      const ok = await trade(caller, "cancel", refusal, settlement.interface.encodeFunctionData("cancel", [id]));
      if (ok) orders.delete(id);
    };

    const fill = async (): Promise<void> => {
      const id = pickId(true);
      const o = orders.get(id);
      const buyer =
        o && o.buyer !== ZeroAddress && rng.chance(0.6)
          ? actors.find((a) => a.address === o.buyer)!
          : rng.chance(0.15)
            ? richest() // the holder nearest the max balance buys more
            : rng.chance(0.8)
              ? rng.pick(traders)
              : rng.pick([frozen, outsider]);
      const remaining = o?.remaining ?? 10n;
      const n = rng.chance(0.05)
        ? 0n
        : rng.chance(0.02)
          ? 2n ** 250n // units x price overflows uint256: refused for the units, never an overflow panic
          : rng.chance(0.1)
            ? remaining + rng.big(1n, 5n)
            : rng.chance(0.3)
              ? remaining
              : rng.big(1n, remaining);
      const withPermit = rng.chance(0.35);
      const paid = o ? n * o.price : 0n;
      let permit: Awaited<ReturnType<typeof signPermit>> | undefined;
      let permitValid = false;
      const deadline = clock + 10n * BigInt(DAY);
      if (withPermit) {
        // A permit for the wrong amount fails inside the fill, which then pays with the standing allowance.
        permitValid = rng.chance(0.8);
        const value = paid < MaxUint256 ? paid : MaxUint256 - 1n; // a permit's value is a uint256
        permit = await signPermit(p, buyer, settlementAddress, permitValid ? value : value + 1n, deadline);
      }
      const t = await at(rng.chance(0.1) ? rng.big(0n, 4n) * BigInt(DAY) : rng.big(0n, 600n));
      const allowed = permitValid ? paid : allowance.get(buyer.address)!;
      const balance = money.get(buyer.address)!;
      const bps = tradeBps(t);
      const charged = (paid * bps) / 10_000n;
      const proceeds = paid - charged;
      let refusal: Refusal | undefined;
      const buyerUnits = units.get(buyer.address)!;
      if (!o) refusal = ["SettlementOrderNotFound", id];
      else if (n === 0n) refusal = ["SettlementZeroUnits"];
      else if (buyer.address === o.seller) refusal = ["SettlementSelfTrade", id];
      else if (t >= o.expiry) refusal = ["SettlementOrderExpired", id, o.expiry];
      else if (o.buyer !== ZeroAddress && o.buyer !== buyer.address)
        refusal = ["SettlementNotDesignatedBuyer", id, o.buyer];
      else if (n > o.remaining) refusal = ["SettlementInsufficientUnits", id, n, o.remaining];
      else if (o.seller === frozen.address) refusal = ["TokenWalletFrozen", o.seller];
      else if (buyer === frozen) refusal = ["TokenWalletFrozen", buyer.address];
      else if (buyer === outsider) refusal = ["TokenReceiverNotVerified", buyer.address];
      else if (buyerUnits + n > MAX_BALANCE)
        refusal = ["TokenMaxBalanceExceeded", buyer.address, buyerUnits + n, MAX_BALANCE];
      else if (buyerUnits === 0n && holders() >= MAX_HOLDERS && units.get(o.seller)! !== n)
        refusal = ["TokenMaxHoldersReached", MAX_HOLDERS];
      else if (charged > 0n && allowed < charged)
        refusal = ["ERC20InsufficientAllowance", settlementAddress, allowed, charged];
      else if (charged > 0n && balance < charged)
        refusal = ["ERC20InsufficientBalance", buyer.address, balance, charged];
      else {
        const left = allowed === MaxUint256 ? allowed : allowed - charged;
        if (left < proceeds) refusal = ["ERC20InsufficientAllowance", settlementAddress, left, proceeds];
        else if (balance - charged < proceeds)
          refusal = ["ERC20InsufficientBalance", buyer.address, balance - charged, proceeds];
      }
      const kind = withPermit ? "fillWithPermit" : "fill";
      const ok = await trade(
        buyer,
        kind,
        refusal,
        permit
          ? settlement.interface.encodeFunctionData("fillWithPermit", [id, n, deadline, permit.v, permit.r, permit.s])
          : settlement.interface.encodeFunctionData("fill", [id, n]),
      );
      if (!ok || !o) return;
      if (withPermit && !permitValid) count(successes, "fillWithPermit (failed permit, standing allowance)");
      const before = last.stable.wallets;
      const after = await readState();
      // The fill as balance deltas, not as the contract's accounting: buyer out == seller in + collector in.
      const bi = actors.indexOf(buyer);
      const si = actors.findIndex((a) => a.address === o.seller);
      const buyerPaid = before[bi]!.money - after.stable.wallets[bi]!.money;
      const sellerGot = after.stable.wallets[si]!.money - before[si]!.money;
      const collectorGot = after.stable.collected - last.stable.collected;
      const w = `${where()}: fill of ${n} x ${o.price} at ${bps} bps`;
      expect(buyerPaid, `${w}: the buyer paid`).to.equal(paid);
      expect(collectorGot, `${w}: the fee`).to.equal(charged);
      expect(sellerGot, `${w}: the seller received`).to.equal(buyerPaid - collectorGot);
      expect(collectorGot * 10_000n <= paid * MAX_FEE_BPS, `${w}: fee above the maximum`).to.equal(true);
      // An announced increase never applies before its effective time.
      if (fee.effectiveAt !== 0n && t < fee.effectiveAt) {
        const beforeIncrease = fee.override !== undefined && fee.override < fee.bps ? fee.override : fee.bps;
        expect(collectorGot, `${w}: increase charged early`).to.equal((paid * beforeIncrease) / 10_000n);
      }
      rates.add(bps);
      if (fee.effectiveAt !== 0n && t >= fee.effectiveAt) count(successes, "fill at a due increase not written down");
      paidByBuyers += buyerPaid;
      receivedBySellers += sellerGot;
      receivedByCollector += collectorGot;
      money.set(buyer.address, balance - paid);
      money.set(o.seller, money.get(o.seller)! + proceeds);
      money.set(collector.address, money.get(collector.address)! + charged);
      if (withPermit && permitValid) nonce.set(buyer.address, nonce.get(buyer.address)! + 1n);
      allowance.set(buyer.address, allowed === MaxUint256 ? allowed : allowed - paid);
      units.set(buyer.address, buyerUnits + n);
      units.set(o.seller, units.get(o.seller)! - n);
      if (n === o.remaining) orders.delete(id);
      else o.remaining -= n;
    };

    const approve = async (): Promise<void> => {
      const a = rng.pick(actors);
      const amount = rng.chance(0.4) ? MaxUint256 : usd(rng.int(0, 8_000));
      await at();
      await (await p.stablecoin.connect(a).approve(settlementAddress, amount)).wait();
      allowance.set(a.address, amount);
      count(successes, "approve");
    };

    const feeAction = async (): Promise<void> => {
      const caller = rng.chance(0.8) ? p.admin : rng.pick([outsider, traders[0]!, collector]);
      const admin = caller === p.admin;
      const unauthorized: Refusal = ["AccessControlUnauthorizedAccount", caller.address, ZeroHash];
      // An increase whose time has come is written down half the time (anyone may), left to the views otherwise.
      const due = fee.effectiveAt !== 0n && clock + 1n >= fee.effectiveAt;
      const roll = due && rng.chance(0.5) ? 0.6 : rng.next();
      if (roll < 0.35) {
        const t = await at();
        const current = platformBps(t);
        const bps = rng.chance(0.15)
          ? MAX_FEE_BPS + rng.big(1n, 100n)
          : rng.chance(0.2)
            ? rng.big(0n, current)
            : current + rng.big(1n, 150n);
        let refusal: Refusal | undefined;
        if (!admin) refusal = unauthorized;
        else if (bps > MAX_FEE_BPS) refusal = ["PlatformFeesAboveMaximum", TRADE, bps, MAX_FEE_BPS];
        else if (bps <= current) refusal = ["PlatformFeesNotAnIncrease", TRADE, bps, current];
        if (
          await expectOutcome("announceIncrease", refusal, () =>
            fees.connect(caller).announceIncrease(FeeKind.Trade, bps, TX),
          )
        ) {
          settle(t);
          fee.pendingBps = bps;
          fee.effectiveAt = t + DELAY;
        }
      } else if (roll < 0.55) {
        const t = await at();
        const current = platformBps(t);
        const bps = rng.chance(0.2) ? current + rng.big(0n, 20n) : rng.big(0n, current);
        let refusal: Refusal | undefined;
        if (!admin) refusal = unauthorized;
        else if (bps >= current) refusal = ["PlatformFeesNotADecrease", TRADE, bps, current];
        if (
          await expectOutcome("decreaseFee", refusal, () => fees.connect(caller).decreaseFee(FeeKind.Trade, bps, TX))
        ) {
          fee.bps = bps;
          fee.pendingBps = 0n;
          fee.effectiveAt = 0n;
        }
      } else if (roll < 0.75) {
        // Anyone may write down an increase whose time has come.
        const t = await at();
        let refusal: Refusal | undefined;
        if (fee.effectiveAt === 0n) refusal = ["PlatformFeesNoPendingIncrease", TRADE];
        else if (t < fee.effectiveAt) refusal = ["PlatformFeesIncreaseNotDue", TRADE, fee.effectiveAt];
        if (await expectOutcome("applyIncrease", refusal, () => fees.connect(caller).applyIncrease(FeeKind.Trade, TX)))
          settle(t);
      } else if (roll < 0.82) {
        const t = await at();
        let refusal: Refusal | undefined;
        if (!admin) refusal = unauthorized;
        else if (fee.effectiveAt === 0n || t >= fee.effectiveAt) refusal = ["PlatformFeesNoPendingIncrease", TRADE];
        if (
          await expectOutcome("cancelIncrease", refusal, () => fees.connect(caller).cancelIncrease(FeeKind.Trade, TX))
        ) {
          fee.pendingBps = 0n;
          fee.effectiveAt = 0n;
        }
      } else if (roll < 0.93) {
        const t = await at();
        const current = platformBps(t);
        const bps = rng.chance(0.2) ? current + rng.big(1n, 50n) : rng.big(0n, current);
        let refusal: Refusal | undefined;
        if (!admin) refusal = unauthorized;
        else if (bps > current) refusal = ["PlatformFeesOverrideAbovePlatform", TRADE, tokenAddress, bps, current];
        if (
          await expectOutcome("setOverride", refusal, () =>
            fees.connect(caller).setOverride(FeeKind.Trade, tokenAddress, bps, TX),
          )
        ) {
          fee.override = bps;
        }
      } else {
        await at();
        let refusal: Refusal | undefined;
        if (!admin) refusal = unauthorized;
        else if (fee.override === undefined) refusal = ["PlatformFeesNoOverride", TRADE, tokenAddress];
        if (
          await expectOutcome("removeOverride", refusal, () =>
            fees.connect(caller).removeOverride(FeeKind.Trade, tokenAddress, TX),
          )
        ) {
          fee.override = undefined;
        }
      }
    };

    for (; steps < STEPS; steps++) {
      const roll = rng.next();
      if (roll < 0.22) {
        label = "post";
        await post();
      } else if (roll < 0.3) {
        label = "cancel";
        await cancel();
      } else if (roll < 0.7) {
        label = "fill";
        await fill();
      } else if (roll < 0.76) {
        label = "approve";
        await approve();
      } else if (roll < 0.9) {
        label = "fee";
        await feeAction();
      } else {
        label = "time";
        // Days mostly; sometimes weeks, to cross the 12 weeks of an announced increase (within the investors' KYC).
        // Or, with an increase announced, to just before its effective time: the next fills straddle it.
        const toIncrease = fee.effectiveAt - clock - 2n - rng.big(0n, 600n);
        const jump =
          fee.effectiveAt !== 0n && toIncrease > 0n && rng.chance(0.5)
            ? toIncrease
            : rng.chance(0.12)
              ? rng.big(3n, 13n) * WEEK
              : rng.big(0n, 3n) * BigInt(DAY) + rng.big(0n, 86_399n);
        await at(clock + jump < kycEnd ? jump : 0n);
        await networkHelpers.mine();
      }
      last = await check();
    }

    // Everyone closes their orders: every hold is released and the units are where the fills put them.
    label = "closing";
    for (const [id, o] of [...orders]) {
      await at();
      const seller = actors.find((a) => a.address === o.seller)!;
      await expectOutcome("cancel", undefined, () => settlement.connect(seller).cancel(id, TX));
      orders.delete(id);
    }
    last = await check();
    for (const a of actors) expect(last.stable.wallets[actors.indexOf(a)]!.held).to.equal(0n);
    // Money in == money out + fees, to the unit, over the whole run.
    expect(paidByBuyers).to.equal(receivedBySellers + receivedByCollector);

    console.log(
      `      seed ${seed}, ${STEPS} steps: paid ${paidByBuyers} = sellers ${receivedBySellers} + fees ${receivedByCollector}`,
    );
    console.log(`      succeeded: ${json(Object.fromEntries(successes))}`);
    console.log(`      refused: ${json(Object.fromEntries(refusals))}`);
    console.log(`      fills paid the rates (bps): ${[...rates].sort((a, b) => Number(a - b)).join(", ")}`);
    expect(rates.size, `fills saw one fee rate only (seed ${seed})`).to.be.greaterThan(2);
    // The run exercised every path (a degenerate seed would prove little).
    for (const kind of [
      "postOrder",
      "cancel",
      "fill",
      "fillWithPermit",
      "approve",
      "announceIncrease",
      "applyIncrease",
      "decreaseFee",
      "setOverride",
      "fill at a due increase not written down",
      "forwarded",
    ]) {
      expect(successes.get(kind) ?? 0, `${kind} never succeeded (seed ${seed})`).to.be.greaterThan(0);
    }
    for (const error of [
      "SettlementOrderNotFound",
      "SettlementNotSeller",
      "SettlementOrderExpired",
      "SettlementInsufficientUnits",
      "TokenWalletFrozen",
      "TokenReceiverNotVerified",
      "TokenMaxBalanceExceeded",
      "TokenMaxHoldersReached",
      "SettlementNotDesignatedBuyer",
      "SettlementSelfTrade",
      "ERC20InsufficientAllowance",
      "AccessControlUnauthorizedAccount",
      "PlatformFeesIncreaseNotDue",
    ]) {
      expect(refusals.get(error) ?? 0, `${error} never happened (seed ${seed})`).to.be.greaterThan(0);
    }
  });
});
