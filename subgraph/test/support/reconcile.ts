/**
 * Compares what the subgraph indexed with the chain itself: every holding (total and per partition) with the
 * token's balances, supplies and holder counts, offering progress and positions with the offering contract,
 * identity records with the registry, orders with the settlement, rent with the distributor, holder votes with the
 * governors (terms, each proposal's tallies and outcome, each identity's vote), exits with their contracts' views
 * (the close, what was paid out, each redemption, the exit's balance and the redeemers'), and every entity
 * count with the number of logs that should have produced it (counted from the raw logs with the ABIs, not
 * with the mapping's logic). Returns the list of discrepancies: empty when the subgraph is right.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Contract, Interface, type InterfaceAbi } from "ethers";
import type { BlockWithLogs } from "../../test-host/chain.js";
import type { Indexer } from "../../test-host/indexer.js";
import type { Scenario } from "./scenario.js";

const ABI_DIR = join(import.meta.dirname, "../../../deployments/generated/abi");
const abi = (name: string): Interface =>
  new Interface(JSON.parse(readFileSync(join(ABI_DIR, `${name}.json`), "utf8")) as InterfaceAbi);
const ZERO = "0x" + "00".repeat(20);
const lower = (s: string): string => s.toLowerCase();

/** Logs of `events` (by name) emitted by `addresses`, decoded with `iface`. */
function logsOf(blocks: BlockWithLogs[], iface: Interface, addresses: Set<string>, ...events: string[]) {
  const topics = new Map(events.map((e) => [iface.getEvent(e)!.topicHash, e]));
  return blocks.flatMap((b) =>
    b.logs
      .filter((l) => addresses.has(l.address) && topics.has(l.topics[0] ?? ""))
      .map((l) => iface.parseLog({ topics: l.topics, data: l.data })!),
  );
}

export async function reconcile(indexer: Indexer, scenario: Scenario, blocks: BlockWithLogs[]): Promise<string[]> {
  const problems: string[] = [];
  const expect = (what: string, indexed: unknown, chain: unknown): void => {
    const norm = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : String(v));
    if (norm(indexed) !== norm(chain)) problems.push(`${what}: indexed ${String(indexed)}, chain ${String(chain)}`);
  };
  const token = abi("PropertyToken");
  const offeringAbi = abi("PropertyOffering");
  const tokenAddresses = new Set(await Promise.all(scenario.tokens.map(async (t) => lower(await t.getAddress()))));
  const offeringAddresses = new Set(
    await Promise.all(scenario.offerings.map(async (o) => lower(await o.getAddress()))),
  );

  // ---------------------------------------------------------------- tokens, holdings, partitions
  const transferLogs = logsOf(blocks, token, tokenAddresses, "Transfer");
  // Rent paid per (token, holder): the chain keeps no per-holder total (the token records a payout in the holder's
  // word, see docs/design/contracts.md, "RentDistributor"), so the chain's own RentClaimed logs are the reference.
  const rentPaid = new Map<string, bigint>();
  const distributorAddress = new Set([lower(scenario.record.contracts["RentDistributor"]!.address)]);
  for (const l of logsOf(blocks, abi("RentDistributor"), distributorAddress, "RentClaimed")) {
    const key = lower(l.args[0] as string) + lower(l.args[1] as string).slice(2);
    rentPaid.set(key, (rentPaid.get(key) ?? 0n) + (l.args[2] as bigint));
  }
  const accounts = new Set<string>(scenario.wallets.map(lower));
  for (const l of transferLogs)
    for (const a of [l.args[0] as string, l.args[1] as string]) if (lower(a) !== ZERO) accounts.add(lower(a));
  for (const h of indexer.entities("Holding")) accounts.add(lower(h["account"] as string));

  for (const t of scenario.tokens) {
    const address = lower(await t.getAddress());
    const entity = indexer.entity("PropertyToken", address);
    if (!entity) {
      problems.push(`token ${address} not indexed`);
      continue;
    }
    expect(`${address} name`, entity["name"], await t.name());
    expect(`${address} symbol`, entity["symbol"], await t.symbol());
    expect(`${address} totalSupply`, entity["totalSupply"], await t.totalSupply());
    expect(`${address} paused`, entity["paused"], await t.paused());
    expect(`${address} maxHolders`, entity["maxHolders"] ?? 0n, await t.maxHolders());
    let holders = 0;
    const partitions = new Set<string>();
    for (const account of accounts) {
      const balance = (await t.balanceOf(account)) as bigint;
      if (balance > 0n) holders++;
      const holding = indexer.entity("Holding", address + account.slice(2));
      expect(`holding ${account} in ${address}`, holding?.["balance"] ?? 0n, balance);
      expect(`frozen ${account} in ${address}`, holding?.["frozen"] ?? false, await t.isFrozen(account));
      expect(
        `frozen amount ${account} in ${address}`,
        holding?.["frozenAmount"] ?? 0n,
        await t.frozenTokensOf(account),
      );
      // A claim pays rent and capital returned together; the holding splits it (the split is checked against the
      // backend's in the agreement test).
      expect(
        `rent and capital claimed by ${account} in ${address}`,
        ((holding?.["rentClaimed"] as bigint | undefined) ?? 0n) +
          ((holding?.["capitalClaimed"] as bigint | undefined) ?? 0n),
        rentPaid.get(address + lower(account).slice(2)) ?? 0n,
      );
      const indexedPartitions = indexer
        .entities("PartitionHolding")
        .filter((p) => p["token"] === address && p["account"] === account);
      const chainPartitions = ((await t.partitionsOf(account)) as string[]).map(lower);
      let held = 0n;
      for (const partition of new Set([
        ...chainPartitions,
        ...indexedPartitions.map((p) => p["partition"] as string),
      ])) {
        partitions.add(partition);
        const entry = indexedPartitions.find((p) => p["partition"] === partition);
        expect(
          `partition ${partition} of ${account} in ${address}`,
          entry?.["balance"] ?? 0n,
          await t.balanceOfByPartition(partition, account),
        );
        const chainHeld = (await t.heldBalanceOfByPartition(account, partition)) as bigint;
        held += chainHeld;
        expect(`held ${partition} of ${account} in ${address}`, entry?.["held"] ?? 0n, chainHeld);
      }
      expect(`held by ${account} in ${address}`, holding?.["held"] ?? 0n, held);
    }
    expect(`${address} holderCount`, entity["holderCount"], holders);
    for (const partition of partitions) {
      const p = indexer.entity("TokenPartition", address + partition.slice(2));
      expect(`${address} supply of ${partition}`, p?.["totalSupply"] ?? 0n, await t.totalSupplyByPartition(partition));
    }
    const [, claimed] = (await scenario.distributor.totalsOf(address)) as [bigint, bigint];
    expect(
      `${address} rent and capital claimed`,
      (entity["totalRentClaimed"] as bigint) + (entity["totalCapitalClaimed"] as bigint),
      claimed,
    );
    expect(`${address} dust carried`, entity["rentDust"], await scenario.distributor.dustOf(address));
    expect(`${address} rent deposits`, entity["rentDepositCount"], await scenario.distributor.depositCountOf(address));
    // Each deposit's period statement, as the distributor keeps it (issue 16).
    for (const deposit of indexer.entities("RentDeposit").filter((d) => d["token"] === address)) {
      expect(
        `${address} statement of deposit ${String(deposit["depositId"])}`,
        deposit["statementHash"],
        lower(await scenario.distributor.statementHashOf(address, deposit["depositId"] as bigint)),
      );
    }
    expect(
      `${address} rent payment token`,
      entity["rentPaymentToken"],
      await scenario.distributor.paymentTokenOf(address),
    );
    const liveDocuments = indexer.entities("Document").filter((d) => d["token"] === address && !d["removed"]);
    const chainDocuments = ((await t.getAllDocuments()) as string[]).map(lower);
    expect(`${address} documents`, liveDocuments.length, chainDocuments.length);
    for (const name of chainDocuments) {
      const [uri, hash] = await t.getDocument(name);
      const doc = indexer.entity("Document", address + name.slice(2));
      expect(`${address} document ${name} uri`, doc?.["uri"], uri);
      expect(`${address} document ${name} hash`, doc?.["documentHash"], hash);
    }
  }

  // ---------------------------------------------------------------- offerings
  const states = ["Pending", "Active", "Succeeded", "Failed", "Finalized", "Cancelled"];
  for (const o of scenario.offerings) {
    const address = lower(await o.getAddress());
    const entity = indexer.entity("Offering", address);
    if (!entity) {
      problems.push(`offering ${address} not indexed`);
      continue;
    }
    const terms = await o.terms();
    expect(`${address} price`, entity["pricePerUnit"], terms.pricePerUnit);
    expect(`${address} hard cap`, entity["hardCap"], terms.hardCap);
    expect(`${address} partition`, entity["partition"], terms.partition);
    expect(`${address} unitsSold`, entity["unitsSold"], await o.unitsSold());
    // Invited subscriptions pay their invitation's price: the chain's own Subscribed logs are the reference.
    const offeringLogs = logsOf(blocks, offeringAbi, new Set([address]), "Subscribed", "ProceedsReleased");
    const sumOf = (event: string, arg: string): bigint =>
      offeringLogs.filter((l) => l.name === event).reduce((sum, l) => sum + (l.args[arg] as bigint), 0n);
    expect(`${address} amountRaised`, entity["amountRaised"], sumOf("Subscribed", "paid"));
    const state = states[Number(await o.state())];
    expect(
      `${address} status`,
      entity["status"],
      state === "Finalized" ? "FINALIZED" : state === "Cancelled" ? "CANCELLED" : "OPEN",
    );
    let claimed = 0n;
    for (const position of indexer.entities("OfferingInvestor").filter((p) => p["offering"] === address)) {
      const investor = position["investor"] as string;
      const units = (await o.subscribedUnitsOf(investor)) as bigint;
      expect(`${address} units of ${investor}`, position["units"], units);
      const settled = (await o.isSettled(investor)) as boolean;
      // A settled position was either claimed (units) or refunded (exactly what it paid), never both: after
      // finalization too, when the token refuses the claim for good (issue 13).
      const positionClaimed = position["unitsClaimed"] as bigint;
      const positionRefunded = position["amountRefunded"] as bigint;
      // A refund pays back everything the wallet paid (each unit at its own price: the terms' or an invitation's).
      const paid = (await o.paidBy(investor)) as bigint;
      expect(`${address} paid by ${investor}`, position["paid"], paid);
      expect(
        `${address} settled position of ${investor} (claimed units or refunded units)`,
        positionClaimed > 0n && positionRefunded > 0n
          ? -1n
          : positionClaimed + (positionRefunded === 0n ? 0n : positionRefunded === paid ? units : -2n),
        settled ? units : 0n,
      );
      if (state !== "Finalized") expect(`${address} claimed by ${investor}`, positionClaimed, 0n);
      claimed += positionClaimed;
    }
    expect(`${address} unitsClaimed`, entity["unitsClaimed"], claimed);
    // The money model of issue 13: finalize moves nothing; refunds and releases are what leaves the escrow.
    expect(`${address} unitsRefunded`, entity["unitsRefunded"], await o.unitsRefunded());
    expect(`${address} unitsReleased`, entity["unitsReleased"], await o.unitsReleased());
    expect(`${address} proceedsReleased`, entity["proceedsReleased"], sumOf("ProceedsReleased", "amount"));
    expect(`${address} escrowHeld`, entity["escrowHeld"], await o.escrowOwed());
    expect(
      `${address} investors`,
      entity["investorCount"],
      indexer.entities("OfferingInvestor").filter((p) => p["offering"] === address).length,
    );
  }

  // ---------------------------------------------------------------- private placements (issue 20)
  // Every InvitationRedeemed / InvitationRevoked log of an offering is one Invitation with the log's figures, in the
  // status the offering reports for its digest; each offering counts its own.
  const settledInvitations = blocks.flatMap((b) =>
    b.logs
      .filter((l) => offeringAddresses.has(l.address))
      .map((l) => ({ log: l, parsed: offeringAbi.parseLog({ topics: l.topics, data: l.data }) }))
      .filter(({ parsed }) => parsed?.name === "InvitationRedeemed" || parsed?.name === "InvitationRevoked"),
  );
  expect("invitations", indexer.entities("Invitation").length, settledInvitations.length);
  const perOffering = new Map<string, { redeemed: number; revoked: number; units: bigint }>();
  for (const { log, parsed } of settledInvitations) {
    const hash = lower(parsed!.args[0] as string);
    const invitation = indexer.entity("Invitation", hash);
    const redeemed = parsed!.name === "InvitationRedeemed";
    const tally = perOffering.get(log.address) ?? { redeemed: 0, revoked: 0, units: 0n };
    perOffering.set(log.address, tally);
    const offering = scenario.offerings.find((o) => lower(o.target as string) === log.address)!;
    expect(`invitation ${hash} status on chain`, await offering.invitationStatus(hash), redeemed ? 1n : 2n);
    expect(`invitation ${hash} status`, invitation?.["status"], redeemed ? "REDEEMED" : "REVOKED");
    expect(`invitation ${hash} offering`, invitation?.["offering"], log.address);
    expect(`invitation ${hash} token`, invitation?.["token"], (await offering.terms()).token);
    expect(`invitation ${hash} transaction`, invitation?.["transaction"], log.transactionHash);
    expect(`invitation ${hash} block`, invitation?.["blockNumber"], log.blockNumber);
    const [investor, identity, units, paid] = redeemed
      ? [
          lower(parsed!.args[1] as string),
          lower(parsed!.args[2] as string),
          parsed!.args[3] as bigint,
          parsed!.args[4] as bigint,
        ]
      : [null, null, null, null];
    expect(`invitation ${hash} investor`, invitation?.["investor"] ?? null, investor);
    expect(`invitation ${hash} identity`, invitation?.["identity"] ?? null, identity);
    expect(`invitation ${hash} units`, invitation?.["units"] ?? null, units);
    expect(`invitation ${hash} paid`, invitation?.["paid"] ?? null, paid);
    expect(`invitation ${hash} price`, invitation?.["pricePerUnit"] ?? null, redeemed ? paid! / units! : null);
    if (redeemed) {
      tally.redeemed++;
      tally.units += units!;
    } else tally.revoked++;
  }
  for (const address of offeringAddresses) {
    const entity = indexer.entity("Offering", address);
    const tally = perOffering.get(address) ?? { redeemed: 0, revoked: 0, units: 0n };
    expect(`${address} invitations redeemed`, entity?.["invitationsRedeemed"], tally.redeemed);
    expect(`${address} invitations revoked`, entity?.["invitationsRevoked"], tally.revoked);
    expect(`${address} units sold by invitation`, entity?.["unitsSoldByInvitation"], tally.units);
  }

  // ---------------------------------------------------------------- identity records
  for (const wallet of scenario.registered) {
    const record = indexer.entity("IdentityRecord", wallet);
    const contained = (await scenario.registry.contains(wallet)) as boolean;
    expect(`identity ${wallet} registered`, record?.["registered"], contained);
    if (!contained) continue;
    expect(`identity ${wallet} id`, record?.["identity"], await scenario.registry.identityOf(wallet));
    expect(`identity ${wallet} country`, record?.["country"], await scenario.registry.countryOf(wallet));
    expect(`identity ${wallet} kyc`, record?.["kycExpiry"], await scenario.registry.kycExpiryOf(wallet));
    expect(`identity ${wallet} accredited`, record?.["accredited"], await scenario.registry.isAccredited(wallet));
    expect(`identity ${wallet} frozen`, record?.["frozen"], await scenario.registry.isFrozen(wallet));
  }

  // ---------------------------------------------------------------- orders
  for (const order of indexer.entities("Order")) {
    const chain = await scenario.settlement.orderOf(order["orderId"] as bigint);
    expect(`order ${String(order["orderId"])} remaining`, order["unitsRemaining"], chain.unitsRemaining);
    if (order["status"] === "OPEN") expect(`order ${String(order["orderId"])} seller`, order["seller"], chain.seller);
  }

  // ---------------------------------------------------------------- entity counts = log counts
  const settlementAbi = abi("Settlement");
  const distributorAbi = abi("RentDistributor");
  const registryAbi = abi("IdentityRegistry");
  const only = (address: string): Set<string> => new Set([lower(address)]);
  const settlementAt = only(scenario.record.contracts["Settlement"]!.address);
  const distributorAt = only(scenario.record.contracts["RentDistributor"]!.address);
  const registryAt = only(scenario.record.contracts["IdentityRegistry"]!.address);
  const factoryAt = only(scenario.record.contracts["PropertyTokenFactory"]!.address);
  const counts: [string, number][] = [
    ["PropertyToken", logsOf(blocks, abi("PropertyTokenFactory"), factoryAt, "PropertyLaunched").length],
    ["Transfer", transferLogs.length],
    ["Issuance", transferLogs.filter((l) => lower(l.args[0] as string) === ZERO).length],
    ["Redemption", transferLogs.filter((l) => lower(l.args[1] as string) === ZERO).length],
    ["ControllerAction", logsOf(blocks, token, tokenAddresses, "ControllerTransfer", "ControllerRedemption").length],
    ["DocumentRevision", logsOf(blocks, token, tokenAddresses, "DocumentUpdated", "DocumentRemoved").length],
    ["OfferingSubscription", logsOf(blocks, offeringAbi, offeringAddresses, "Subscribed").length],
    ["OfferingClaim", logsOf(blocks, offeringAbi, offeringAddresses, "Claimed").length],
    ["OfferingRefund", logsOf(blocks, offeringAbi, offeringAddresses, "Refunded").length],
    ["ProceedsRelease", logsOf(blocks, offeringAbi, offeringAddresses, "ProceedsReleased").length],
    ["Order", logsOf(blocks, settlementAbi, settlementAt, "OrderPosted").length],
    ["Fill", logsOf(blocks, settlementAbi, settlementAt, "OrderFilled").length],
    ["RentDeposit", logsOf(blocks, distributorAbi, distributorAt, "RentDeposited").length],
    ["RentClaim", logsOf(blocks, distributorAbi, distributorAt, "RentClaimed").length],
    ["RentRedirect", logsOf(blocks, distributorAbi, distributorAt, "RentRedirected").length],
    ["SettlementFactory", logsOf(blocks, settlementAbi, settlementAt, "FactoryAdded").length],
    [
      "IdentityEvent",
      logsOf(
        blocks,
        registryAbi,
        registryAt,
        "IdentityRegistered",
        "IdentityUpdated",
        "IdentityRemoved",
        "WalletFrozen",
      ).length,
    ],
    ["IdentityRecord", scenario.registered.length],
    ["PendingPartitionMove", 0],
  ];
  for (const [type, expected] of counts) expect(`number of ${type} entities`, indexer.entities(type).length, expected);

  // Each redirect and each settlement factory says what its log says (the multiset of fields, order-free).
  const fields = (rows: Record<string, unknown>[], keys: string[]): string[] =>
    rows.map((r) => keys.map((k) => String(r[k]).toLowerCase()).join(" ")).sort();
  const logFields = (logs: { args: { toArray(): unknown[] } }[], pick: number[]): string[] =>
    logs.map((l) => pick.map((i) => String(l.args.toArray()[i]).toLowerCase()).join(" ")).sort();
  expect(
    "rent redirects (token holder to amount)",
    fields(indexer.entities("RentRedirect"), ["token", "holder", "to", "amount"]).join("; "),
    logFields(logsOf(blocks, distributorAbi, distributorAt, "RentRedirected"), [0, 1, 2, 3]).join("; "),
  );
  expect(
    "settlement factories (settlement factory)",
    fields(indexer.entities("SettlementFactory"), ["settlement", "factory"]).join("; "),
    logsOf(blocks, settlementAbi, settlementAt, "FactoryAdded")
      .map((l) => `${[...settlementAt][0]} ${String(l.args[0]).toLowerCase()}`)
      .sort()
      .join("; "),
  );

  // Fees (issue 20): per kind, the fees indexed are the fee logs' (a release's fee, RentFeeCharged, TradeFeeCharged,
  // an exit's ProceedsDeposited fee);
  // together they are the collector's balance; each kind's schedule is the contract's at the last block.
  const chainFees = new Map<string, bigint>();
  const addFee = (kind: string, fee: unknown): void => {
    chainFees.set(kind, (chainFees.get(kind) ?? 0n) + (fee as bigint));
  };
  for (const l of logsOf(blocks, offeringAbi, offeringAddresses, "ProceedsReleased")) addFee("PRIMARY", l.args[2]);
  for (const l of logsOf(blocks, distributorAbi, distributorAt, "RentFeeCharged")) addFee("RENT", l.args[3]);
  for (const l of logsOf(blocks, settlementAbi, settlementAt, "TradeFeeCharged")) addFee("TRADE", l.args[3]);
  const exitLaunches = logsOf(blocks, abi("PropertyTokenFactory"), factoryAt, "ExitLaunched");
  const exitAt = new Set(exitLaunches.map((l) => lower(l.args[1] as string)));
  for (const l of logsOf(blocks, abi("PropertyExit"), exitAt, "ProceedsDeposited")) addFee("EXIT", l.args[3]);
  const indexedFees = new Map<string, bigint>();
  for (const t of indexer.entities("FeeTotal"))
    indexedFees.set(String(t["kind"]), (indexedFees.get(String(t["kind"])) ?? 0n) + (t["amount"] as bigint));
  const FEE_KINDS = ["PRIMARY", "RENT", "TRADE", "EXIT"];
  for (const kind of FEE_KINDS) expect(`fees paid (${kind})`, indexedFees.get(kind) ?? 0n, chainFees.get(kind) ?? 0n);
  expect(
    "fees paid vs the collector's balance",
    indexer.entities("FeePayment").reduce((sum, p) => sum + (p["amount"] as bigint), 0n),
    await scenario.stablecoin.balanceOf(scenario.feeRecipient),
  );
  const latest = (await scenario.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    timestamp: string;
  };
  const now = BigInt(latest.timestamp);
  for (const [i, kind] of FEE_KINDS.entries()) {
    const s = indexer.entity("FeeSchedule", kind);
    if (!s) {
      problems.push(`fee schedule of ${kind} not indexed`);
      continue;
    }
    const [bps, collector] = await scenario.platformFees.platformFeeOf(i);
    const [pendingBps, effectiveAt] = await scenario.platformFees.pendingIncrease(i);
    // as feeOf counts it: an announced increase from its effectiveAt on, written down or not
    const due = s["pendingEffectiveAt"] != null && (s["pendingEffectiveAt"] as bigint) <= now;
    expect(`fee of ${kind} in effect`, due ? s["pendingBps"] : s["bps"], bps);
    expect(`fee collector of ${kind}`, s["collector"], collector);
    expect(`pending fee of ${kind}`, due ? null : (s["pendingBps"] ?? null), effectiveAt === 0n ? null : pendingBps);
  }
  await reconcileVotes(indexer, scenario, blocks, expect);
  await reconcileExits(indexer, scenario, blocks, expect);
  return problems;
}

/**
 * The exit (issue 19): each exit's wiring and close with its getters (`closing()`), the units redeemed with the supply
 * burned since the close, the exit's stablecoin balance with the proceeds not paid out yet, the token's close with
 * `isClosed()`; each ExitRedemption with its Redeemed log, its payout with the contract's formula, the holder's
 * balance (zero after) and identity with the registry; the numbers of exits and redemptions with the logs.
 */
async function reconcileExits(
  indexer: Indexer,
  scenario: Scenario,
  blocks: BlockWithLogs[],
  expect: (what: string, indexed: unknown, chain: unknown) => void,
): Promise<void> {
  const exitAbi = abi("PropertyExit");
  const factoryAt = new Set([lower(scenario.record.contracts["PropertyTokenFactory"]!.address)]);
  const launched = logsOf(blocks, abi("PropertyTokenFactory"), factoryAt, "ExitLaunched");
  const exitAt = new Set(launched.map((l) => lower(l.args[1] as string)));
  expect("number of Exit entities", indexer.entities("Exit").length, launched.length);
  const redeemedLogs = blocks.flatMap((b) =>
    b.logs
      .filter((l) => exitAt.has(l.address) && l.topics[0] === exitAbi.getEvent("Redeemed")!.topicHash)
      .map((l) => ({ log: l, args: exitAbi.parseLog({ topics: l.topics, data: l.data })!.args })),
  );
  expect("number of ExitRedemption entities", indexer.entities("ExitRedemption").length, redeemedLogs.length);
  for (const t of scenario.tokens) {
    const address = lower(await t.getAddress());
    // The exit side is the token module's, reached through its fallback: the generated ABI carries it.
    const closed = (await new Contract(address, abi("PropertyToken"), t.runner).getFunction("isClosed")()) as boolean;
    expect(`${address} closed`, indexer.entity("PropertyToken", address)?.["closed"], closed);
  }
  for (const exit of scenario.exits) {
    const address = lower(await exit.getAddress());
    const entity = indexer.entity("Exit", address);
    const token = scenario.tokens.find((t) => lower(t.target as string) === entity?.["token"]);
    expect(`exit ${address} token`, entity?.["token"], await exit.token());
    expect(`exit ${address} governor`, entity?.["governor"], await exit.governor());
    expect(`exit ${address} payment token`, entity?.["paymentToken"], await exit.paymentToken());
    const [proposalId, proceeds, supplyAtClose, paidOut] = await exit.closing();
    const closed = supplyAtClose !== 0n;
    expect(`exit ${address} closed`, entity?.["closed"], closed);
    expect(`exit ${address} sale`, entity?.["proposalId"] ?? 0n, proposalId);
    expect(`exit ${address} proceeds`, entity?.["proceeds"] ?? 0n, proceeds);
    expect(`exit ${address} supplyAtClose`, entity?.["supplyAtClose"] ?? 0n, supplyAtClose);
    expect(`exit ${address} paidOut`, entity?.["paidOut"], paidOut);
    expect(
      `exit ${address} holds`,
      proceeds - ((entity?.["paidOut"] as bigint) ?? 0n),
      await scenario.stablecoin.balanceOf(address),
    );
    if (closed && token)
      expect(`exit ${address} unitsRedeemed`, entity?.["unitsRedeemed"], supplyAtClose - (await token.totalSupply()));
    for (const { log, args } of redeemedLogs.filter((r) => r.log.address === address)) {
      const holder = lower(args[0] as string);
      const [to, units, payout] = [lower(args[1] as string), args[2] as bigint, args[3] as bigint];
      const row = indexer
        .entities("ExitRedemption")
        .find((r) => r["transaction"] === lower(log.transactionHash) && r["holder"] === holder);
      const what = `exit ${address} redemption of ${holder}`;
      expect(`${what} to`, row?.["to"], to);
      expect(`${what} units`, row?.["units"], units);
      expect(`${what} payout`, row?.["payout"], payout);
      expect(`${what} payout by the formula`, row?.["payout"], (units * proceeds) / supplyAtClose);
      expect(`${what} identity`, row?.["identity"], await scenario.registry.identityOf(holder));
      expect(`${what} block`, row?.["blockNumber"], log.blockNumber);
      if (token) expect(`${what} units left`, 0n, await token.balanceOf(holder));
    }
  }
}

const PROPOSAL_KINDS = ["SALE", "REFINANCE", "MANAGER_CHANGE", "CAPITAL_EXPENDITURE", "DECISION"];
const VOTE_CHOICES = ["AGAINST", "FOR", "ABSTAIN"];
/** `ProposalState` of IPropertyGovernor.sol: None, Active, Approved, Rejected. */
const STATES = [null, "ACTIVE", "APPROVED", "REJECTED"];

/**
 * Holder votes (issue 19): each governor's terms and proposal count, each proposal's figures and tallies with the
 * governor's `proposal(id)`, its status with `state(id)` (an ended vote not finalized yet stays ACTIVE until
 * ProposalFinalized), each vote with `voteOf`; and the numbers of governors, proposals and votes with the logs.
 */
async function reconcileVotes(
  indexer: Indexer,
  scenario: Scenario,
  blocks: BlockWithLogs[],
  expect: (what: string, indexed: unknown, chain: unknown) => void,
): Promise<void> {
  const governorAbi = abi("PropertyGovernor");
  const factoryAt = new Set([lower(scenario.record.contracts["PropertyTokenFactory"]!.address)]);
  const launched = logsOf(blocks, abi("PropertyTokenFactory"), factoryAt, "GovernorLaunched");
  const governorAt = new Set(launched.map((l) => lower(l.args[1] as string)));
  const casts = blocks.flatMap((b) =>
    b.logs
      .filter((l) => governorAt.has(l.address) && l.topics[0] === governorAbi.getEvent("VoteCast")!.topicHash)
      .map((l) => `${l.address} ${BigInt(l.topics[1]!)} ${lower(l.topics[2]!)}`),
  );
  expect("number of Governor entities", indexer.entities("Governor").length, launched.length);
  expect(
    "number of Proposal entities",
    indexer.entities("Proposal").length,
    logsOf(blocks, governorAbi, governorAt, "ProposalCreated").length,
  );
  expect("number of Vote entities", indexer.entities("Vote").length, new Set(casts).size);
  for (const governor of scenario.governors) {
    const address = lower(await governor.getAddress());
    const entity = indexer.entity("Governor", address);
    const terms = await governor.terms();
    expect(`governor ${address} token`, entity?.["token"], await governor.token());
    expect(`governor ${address} voting period`, entity?.["votingPeriod"], terms.votingPeriod);
    expect(`governor ${address} quorum`, entity?.["quorumBps"], terms.quorumBps);
    expect(`governor ${address} approval`, entity?.["approvalBps"], terms.approvalBps);
    expect(`governor ${address} proposer threshold`, entity?.["proposerThreshold"], terms.proposerThreshold);
    const latest = await governor.latestProposalId();
    expect(`governor ${address} proposals`, entity?.["proposalCount"], latest);
    for (let proposalId = 1n; proposalId <= latest; proposalId++) {
      const key = `${address}-${proposalId}`;
      const p = indexer.entity("Proposal", key);
      const chain = await governor.proposal(proposalId);
      const state = STATES[Number(await governor.state(proposalId))];
      expect(`proposal ${key} kind`, p?.["kind"], PROPOSAL_KINDS[Number(chain.kind)]);
      expect(`proposal ${key} proposer`, p?.["proposer"], chain.proposer);
      expect(`proposal ${key} amount`, p?.["amount"], chain.amount);
      expect(`proposal ${key} account`, p?.["account"] ?? ZERO, chain.account);
      expect(`proposal ${key} document`, p?.["documentHash"], chain.documentHash);
      expect(`proposal ${key} snapshot`, p?.["snapshotId"], chain.snapshotId);
      expect(`proposal ${key} supply at snapshot`, p?.["supplyAtSnapshot"], chain.supplyAtSnapshot);
      expect(`proposal ${key} start`, p?.["startTime"], chain.startTime);
      expect(`proposal ${key} end`, p?.["endTime"], chain.endTime);
      expect(`proposal ${key} for`, p?.["forVotes"], chain.forVotes);
      expect(`proposal ${key} against`, p?.["againstVotes"], chain.againstVotes);
      expect(`proposal ${key} abstain`, p?.["abstainVotes"], chain.abstainVotes);
      expect(`proposal ${key} status`, p?.["status"], chain.outcome === 0n ? "ACTIVE" : state);
      // The wallet of each identity's latest VoteCast (logs in chain order).
      const lastWallet = new Map(
        logsOf(blocks, governorAbi, new Set([address]), "VoteCast")
          .filter((l) => l.args[0] === proposalId)
          .map((l) => [lower(l.args[1] as string), lower(l.args[2] as string)]),
      );
      expect(`proposal ${key} voters`, p?.["voters"], lastWallet.size);
      for (const [identity, wallet] of lastWallet) {
        const vote = indexer.entity("Vote", `${key}-${identity}`);
        const [voted, choice, weight] = await governor.voteOf(proposalId, identity);
        expect(`vote of ${identity} on ${key}`, vote !== null, voted);
        expect(`vote of ${identity} on ${key} choice`, vote?.["choice"], VOTE_CHOICES[Number(choice)]);
        expect(`vote of ${identity} on ${key} weight`, vote?.["weight"], weight);
        expect(`vote of ${identity} on ${key} wallet`, vote?.["wallet"], wallet);
      }
    }
  }
}
