/**
 * A property token's history written as the chain sync stores it (`chain_events`, `chain_offerings`,
 * `chain_holder_balances`), with dates of our choosing: hand-computed position figures need irregular dates that a
 * local node reaches only by waiting. The real-chain tests (statements) cover the sync's side of the same rows.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { getAddress, zeroAddress, zeroHash } from "viem";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import type { Db } from "../../src/db/client.ts";
import { API, verifiedProperty } from "./fixtures.ts";
import type { TestContext, TestUser } from "./harness.ts";

const address = () => getAddress(`0x${randomBytes(20).toString("hex")}`);
const hash = () => `0x${randomBytes(32).toString("hex")}`;
/** The platform's trade fee collector of the synthetic fills. */
const TRADE_COLLECTOR = address();

export class SyntheticToken {
  readonly token = address();
  readonly offering = address();
  readonly settlement = address();
  readonly distributor = address();
  /** The coin its offering (and rent book) pays in: the default coin of its settlement orders. */
  paymentToken: string = address();
  private orders = 0;
  private lastTx = "";
  private lastLogIndex = 0;
  /** `block`: the first block number to write (two tokens of one test write distinct blocks). */
  constructor(
    private readonly db: Db,
    private readonly chainId: number,
    private block = 1,
  ) {}

  /**
   * Registers the token and its offering as launched by `launcher` for the registry property, paying in `coin` (a
   * 6-decimal one unless given; `decimals: null` for a coin that did not answer `decimals()`; `address` to launch it in
   * a coin another token's offering also pays in).
   */
  async launch(
    propertyId: string,
    launcher: string,
    pricePerUnit: bigint,
    symbol = "SYN",
    coin: { symbol: string | null; decimals: number | null; address?: string } = { symbol: "tUSD", decimals: 6 },
  ): Promise<void> {
    if (coin.address) this.paymentToken = coin.address;
    const { db, chainId, token, offering } = this;
    await db.chainContract.create({
      data: {
        chainId,
        address: offering,
        kind: "PropertyOffering",
        propertyId: propertyIdToBytes32(propertyId),
        token,
        fromBlock: 1,
        discoveredBlock: 1,
      },
    });
    await db.chainOffering.create({
      data: {
        chainId,
        address: offering,
        propertyId,
        token,
        tokenSymbol: symbol,
        launcher,
        discoveredBlock: 1,
        partition: zeroHash,
        pricePerUnit: pricePerUnit.toString(),
        paymentToken: this.paymentToken,
        paymentSymbol: coin.symbol,
        paymentDecimals: coin.decimals,
        softCap: "1",
        hardCap: "1000000",
        minTicket: "1",
        maxTicket: "1000000",
        startTime: new Date("2024-01-01T00:00:00Z"),
        endTime: new Date("2024-02-01T00:00:00Z"),
      },
    });
  }

  private async event(
    tx: string,
    at: string,
    fields: {
      contract: string;
      name: string;
      address: string;
      args: Record<string, string>;
      fromAddr?: string;
      toAddr?: string;
      amount?: bigint;
    },
  ) {
    // The events of one transaction share its block, one log index after another, as on a chain.
    const sameTx = tx === this.lastTx;
    const blockNumber = sameTx ? this.block - 1 : this.block++;
    const logIndex = sameTx ? ++this.lastLogIndex : (this.lastLogIndex = 0);
    this.lastTx = tx;
    await this.db.chainEvent.create({
      data: {
        chainId: this.chainId,
        blockNumber,
        blockHash: hash(),
        logIndex,
        txHash: tx,
        blockTime: new Date(at),
        token: this.token,
        partition: fields.contract === "PropertyToken" ? zeroHash : null,
        ...fields,
        amount: fields.amount?.toString() ?? null,
      },
    });
  }

  private async move(tx: string, at: string, from: string, to: string, units: bigint) {
    await this.event(tx, at, {
      contract: "PropertyToken",
      name: "Transfer",
      address: this.token,
      args: { from, to, value: units.toString() },
      fromAddr: from,
      toAddr: to,
      amount: units,
    });
    for (const [holder, delta] of [
      [from, -units],
      [to, units],
    ] as const) {
      if (holder === zeroAddress) continue;
      const where = { chainId: this.chainId, token: this.token, holder, partition: zeroHash };
      const row = await this.db.chainHolderBalance.findFirst({ where });
      if (row)
        await this.db.chainHolderBalance.updateMany({ where, data: { balance: { increment: delta.toString() } } });
      else await this.db.chainHolderBalance.create({ data: { ...where, balance: delta.toString() } });
    }
  }

  async subscribe(investor: string, units: bigint, paid: bigint, at: string) {
    await this.event(hash(), at, {
      contract: "PropertyOffering",
      name: "Subscribed",
      address: this.offering,
      args: { investor, identity: investor, units: units.toString(), paid: paid.toString() },
    });
  }

  async claim(investor: string, units: bigint, at: string) {
    const tx = hash();
    await this.event(tx, at, {
      contract: "PropertyOffering",
      name: "Claimed",
      address: this.offering,
      args: { investor, units: units.toString() },
    });
    await this.move(tx, at, zeroAddress, investor, units);
  }

  async refund(investor: string, amount: bigint, at: string) {
    await this.event(hash(), at, {
      contract: "PropertyOffering",
      name: "Refunded",
      address: this.offering,
      args: { investor, amount: amount.toString() },
    });
  }

  /**
   * A settlement order of `seller` filled by `buyer` at once. A `fee` is the platform's trade fee of the fill, taken
   * from what the buyer paid (`TradeFeeCharged` before `OrderFilled`, in the same transaction, as the Settlement emits).
   * `paymentToken`: the order's coin (each order names its own; the token's offering coin unless given), in whose base
   * units `paid` and `fee` are.
   */
  async trade(
    seller: string,
    buyer: string,
    units: bigint,
    paid: bigint,
    at: string,
    fee = 0n,
    paymentToken = this.paymentToken,
  ) {
    const orderId = String(++this.orders);
    await this.event(hash(), at, {
      contract: "Settlement",
      name: "OrderPosted",
      address: this.settlement,
      args: {
        orderId,
        token: this.token,
        seller,
        partition: zeroHash,
        units: units.toString(),
        pricePerUnit: (units === 0n ? 0n : paid / units).toString(),
        paymentToken,
        buyer: zeroAddress,
        expiry: "4102444800",
      },
    });
    const tx = hash();
    if (fee > 0n)
      await this.event(tx, at, {
        contract: "Settlement",
        name: "TradeFeeCharged",
        address: this.settlement,
        args: { orderId, token: this.token, collector: TRADE_COLLECTOR, fee: fee.toString() },
      });
    await this.event(tx, at, {
      contract: "Settlement",
      name: "OrderFilled",
      address: this.settlement,
      args: { orderId, buyer, units: units.toString(), paid: paid.toString() },
    });
    await this.move(tx, at, seller, buyer, units);
  }

  async transfer(from: string, to: string, units: bigint, at: string) {
    await this.move(hash(), at, from, to, units);
  }

  /** A rent deposit naming the statement it pays out (`statementHash`: 0x + 64 lowercase hex, as viem decodes it). */
  async rentDeposited(amount: bigint, statementHash: string, at: string, depositId = String(this.block)) {
    await this.event(hash(), at, {
      contract: "RentDistributor",
      name: "RentDeposited",
      address: this.distributor,
      args: { token: this.token, depositId, amount: amount.toString(), supply: "100", dust: "0", statementHash },
    });
    await this.db.chainEvent.updateMany({
      where: { chainId: this.chainId, blockNumber: this.block - 1, name: "RentDeposited", token: this.token },
      data: { statementHash },
    });
  }

  /**
   * Capital returned by an approved refinance, deposited through the distributor (issue 19): `amount` over `supply`
   * units (a multiple of it, so no dust); the holders receive their share when they next claim (`rentClaimed`).
   */
  async capitalDeposited(amount: bigint, supply: bigint, at: string, depositId = String(this.block)) {
    await this.event(hash(), at, {
      contract: "RentDistributor",
      name: "CapitalDeposited",
      address: this.distributor,
      args: { token: this.token, depositId, amount: amount.toString(), supply: supply.toString(), dust: "0" },
    });
  }

  readonly exit = address();

  /**
   * The token's exit (issue 19), launched as the factory does (`ExitLaunched` naming it at its discovery block), paying
   * in `paymentToken` (the token's rent book coin, its offering's, as the factory names it, unless given).
   */
  async exitLaunched(at: string, paymentToken = this.paymentToken) {
    await this.event(hash(), at, {
      contract: "PropertyTokenFactory",
      name: "ExitLaunched",
      address: address(),
      args: { token: this.token, exit: this.exit, governor: address(), paymentToken },
    });
    await this.db.chainContract.create({
      data: {
        chainId: this.chainId,
        address: this.exit,
        kind: "PropertyExit",
        propertyId: zeroHash,
        token: this.token,
        fromBlock: this.block - 1,
        discoveredBlock: this.block - 1,
      },
    });
  }

  /** The sale closed: `proceeds` (after the fee) shared over `supplyAtClose` units (`ProceedsDeposited`). */
  async proceedsDeposited(proceeds: bigint, supplyAtClose: bigint, at: string) {
    await this.event(hash(), at, {
      contract: "PropertyExit",
      name: "ProceedsDeposited",
      address: this.exit,
      args: {
        proposalId: "1",
        depositor: address(),
        amount: proceeds.toString(),
        fee: "0",
        collector: address(),
        proceeds: proceeds.toString(),
        supplyAtClose: supplyAtClose.toString(),
      },
    });
  }

  /** `holder` redeems `units` for `payout`: the exit's `Redeemed` and the burn, in one transaction. */
  async redeemed(holder: string, units: bigint, payout: bigint, at: string) {
    const tx = hash();
    await this.event(tx, at, {
      contract: "PropertyExit",
      name: "Redeemed",
      address: this.exit,
      args: { holder, to: holder, units: units.toString(), payout: payout.toString() },
    });
    await this.move(tx, at, holder, zeroAddress, units);
  }

  async rentClaimed(holder: string, amount: bigint, at: string) {
    await this.event(hash(), at, {
      contract: "RentDistributor",
      name: "RentClaimed",
      address: this.distributor,
      args: { token: this.token, holder, amount: amount.toString() },
    });
  }
}

/** A verified property of `manager` valued at `amount` (approved by `officer`); returns its id and the valuation's. */
export async function valuedProperty(
  t: TestContext,
  manager: TestUser,
  officer: TestUser,
  valuation: { amount: string; valuedOn: string },
): Promise<{ propertyId: string; valuationId: string }> {
  const { property } = await verifiedProperty(t, manager, officer);
  const v = await t.as(manager).post(`${API}/properties/${property.id}/valuations`, {
    currency: "EUR",
    method: "APPRAISAL",
    valuer: "CBRE",
    ...valuation,
  });
  assert.equal(v.status, 201, v.text);
  const approved = await t.as(officer).post(`${API}/valuations/${v.body.id}/approve`, {});
  assert.equal(approved.status, 200, approved.text);
  return { propertyId: property.id, valuationId: v.body.id as string };
}

const UNIT = 1_000_000n;

/**
 * The hand-computed story of the performance and statement tests, at a price of 5,000 a unit: `me` subscribes 10
 * (50,000) and `them` 90; both claim; `me` buys 5 from `them` for 27,500, claims 1,200 of rent and sells 6 back
 * for 36,000. Dates: subscription (`them` a day later), claim, buy, rent, sale.
 */
export async function tradingStory(
  token: SyntheticToken,
  me: string,
  them: string,
  at: { subscribe: string; claim: string; buy: string; rent: string; sell: string },
): Promise<void> {
  const nextDay = new Date(new Date(at.subscribe).getTime() + 86_400_000).toISOString();
  await token.subscribe(me, 10n, 50_000n * UNIT, at.subscribe);
  await token.subscribe(them, 90n, 450_000n * UNIT, nextDay);
  await token.claim(me, 10n, at.claim);
  await token.claim(them, 90n, at.claim);
  await token.trade(them, me, 5n, 27_500n * UNIT, at.buy);
  await token.rentClaimed(me, 1_200n * UNIT, at.rent);
  await token.trade(me, them, 6n, 36_000n * UNIT, at.sell);
}
