/**
 * An investor's holdings read straight from the chain: every property the factory launched, the wallet's units
 * per partition with lock-ups, their value at the offering price, what its offering holds in escrow for the wallet,
 * claimable rent, and the wallet's history (subscriptions, claims, transfers, rent) from the contracts' events. Every
 * amount comes with the coin it is paid in: the offering's and the rent book's are fixed at launch, so holdings
 * launched before the platform changed payment token keep theirs.
 */
import { useQuery } from "@tanstack/react-query";
import { isAddressEqual, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import type { FeeSplit } from "../../contracts/fees";
import { erc20Abi, recordedFacts } from "../../contracts/paymentToken";
import { escrowedOf, type PortfolioCoin } from "./coinTotals";
import { outcomeOf, probeSettlement, type Settlement } from "./settlement";

export interface PartitionHolding {
  partition: Hex;
  units: bigint;
  lockUntil: number;
}

export interface Holding {
  propertyId: Hex;
  name: string;
  symbol: string;
  token: Address;
  offering: Address;
  units: bigint;
  /** Units issued by the token (all holders): the holding's share of the property is `units / totalSupply`. */
  totalSupply: bigint;
  partitions: PartitionHolding[];
  /** The offering's public price per unit, in `coin`. */
  pricePerUnit: bigint;
  /** In `rentCoin`. */
  claimableRent: bigint;
  subscribedPending: bigint;
  /** What the wallet paid for `subscribedPending` (`paidBy`, each unit at its own price), in `coin`. */
  escrowed: bigint;
  /** The offering's payment token: price, escrow and refunds are in it. */
  coin: PortfolioCoin;
  /** The token's rent book's payment token (the distributor's `paymentTokenOf`): rent and its deposits are in it. */
  rentCoin: PortfolioCoin;
  /** What the wallet can do with its unsettled subscription (null when there is none), as the offering decides it. */
  settlement: Settlement | null;
  /** The distributor holds this wallet's rent of this token (it accrues, cannot be claimed now): said neutrally. */
  rentOnHold: boolean;
  /** The token's latest rent deposit (in `rentCoin`): what the manager paid in, the fee taken, what holders share. */
  lastDeposit: FeeSplit | null;
  /** The holders sold the property and its exit closed the token for good: units are redeemed, never traded. */
  closed: boolean;
}

export interface HistoryEntry {
  /** Sold / Bought: units that changed hands through a secondary-market fill, with what the buyer paid. */
  kind: "Subscribed" | "Claimed" | "Refunded" | "Received" | "Sent" | "Sold" | "Bought" | "Redeemed" | "Rent";
  symbol: string;
  units?: bigint;
  amount?: bigint;
  /** The coin `amount` is in: the offering's, the rent book's, the exit's or the sell order's. */
  coin?: PortfolioCoin;
  at: number;
  hash: Hex;
}

async function timestamps(client: PublicClient, blocks: bigint[]): Promise<Map<bigint, number>> {
  const unique = [...new Set(blocks)];
  const found = await Promise.all(unique.map((b) => client.getBlock({ blockNumber: b })));
  return new Map(found.map((b) => [b.number, Number(b.timestamp)]));
}

/** A payment token's symbol and decimals: the deployment record's for the platform's, else read once on chain. */
const coinFacts = new Map<string, Promise<PortfolioCoin>>();
function coinOf(c: PublicClient, chainId: number, address: Address): Promise<PortfolioCoin> {
  const key = `${chainId}:${address.toLowerCase()}`;
  let found = coinFacts.get(key);
  if (!found) {
    const recorded = recordedFacts(address, chainId);
    found = recorded
      ? Promise.resolve({ address, symbol: recorded.symbol, decimals: recorded.decimals })
      : Promise.all([
          c.readContract({ abi: erc20Abi, address, functionName: "symbol" }),
          c.readContract({ abi: erc20Abi, address, functionName: "decimals" }),
        ]).then(([symbol, decimals]) => ({ address, symbol, decimals: Number(decimals) }));
    // A failed read is tried again at the next refresh, not remembered.
    found.catch(() => coinFacts.delete(key));
    coinFacts.set(key, found);
  }
  return found;
}

/** A secondary-market fill: what the buyer paid, in the sell order's coin. */
interface FillPayment {
  paid: bigint | undefined;
  coin: () => Promise<PortfolioCoin>;
}

/** A token transfer in the history: a plain transfer, or a sale / purchase with its price when a fill moved it. */
async function transfer(
  plain: "Received" | "Sent",
  traded: "Bought" | "Sold",
  e: { args: { value?: bigint }; transactionHash: Hex },
  symbol: string,
  paidInFill: Map<Hex, FillPayment>,
): Promise<Omit<HistoryEntry, "at">> {
  const fill = paidInFill.get(e.transactionHash);
  return fill?.paid === undefined
    ? { kind: plain, symbol, units: e.args.value, hash: e.transactionHash }
    : {
        kind: traded,
        symbol,
        units: e.args.value,
        amount: fill.paid,
        coin: await fill.coin(),
        hash: e.transactionHash,
      };
}

/**
 * `holder`'s redemptions at the token's exit (issue 19), none when the factory made no exit for it; with the exit's
 * payment token when there are some.
 */
async function redemptionsOf(c: PublicClient, factory: Address, token: Address, holder: Address, fromBlock: bigint) {
  const exit = await c.readContract({
    abi: abis.PropertyTokenFactory,
    address: factory,
    functionName: "exitOf",
    args: [token],
  });
  if (exit === zeroAddress) return { redeemed: [], paymentToken: undefined };
  const redeemed = await c.getContractEvents({
    abi: abis.PropertyExit,
    address: exit,
    eventName: "Redeemed",
    args: { holder },
    fromBlock,
  });
  const paymentToken = redeemed.length
    ? await c.readContract({ abi: abis.PropertyExit, address: exit, functionName: "paymentToken" })
    : undefined;
  return { redeemed, paymentToken };
}

/**
 * The token's latest rent deposit as the distributor recorded it: `RentDeposited.amount` is gross, and the deposit's
 * `RentFeeCharged` (emitted only when the fee is not zero) is the management fee taken from it.
 */
async function latestDeposit(
  c: PublicClient,
  distributor: Address,
  token: Address,
  fromBlock: bigint,
): Promise<FeeSplit | null> {
  const deposits = await c.getContractEvents({
    abi: abis.RentDistributor,
    address: distributor,
    eventName: "RentDeposited",
    args: { token },
    fromBlock,
  });
  const last = deposits.at(-1);
  if (!last || last.args.amount === undefined) return null;
  const charged = await c.getContractEvents({
    abi: abis.RentDistributor,
    address: distributor,
    eventName: "RentFeeCharged",
    args: { token, depositId: last.args.depositId },
    fromBlock: last.blockNumber,
    toBlock: last.blockNumber,
  });
  const fee = charged.reduce((sum, e) => sum + (e.args.fee ?? 0n), 0n);
  return { gross: last.args.amount, fee, net: last.args.amount - fee };
}

export function usePortfolio(me: Address | undefined) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  return useQuery({
    queryKey: chainKeys.portfolio(chainId, me),
    enabled: Boolean(me && client),
    refetchInterval: 5_000,
    queryFn: async () => {
      const record = deployments.get(chainId);
      const factory = record?.contracts["PropertyTokenFactory"];
      const distributor = record?.contracts["RentDistributor"]?.address;
      if (!factory || !distributor) return { holdings: [] as Holding[], history: [] as HistoryEntry[], distributor };
      const fromBlock = BigInt(factory.blockNumber);
      const c = client!;
      // Secondary-market fills, by transaction: a transfer in a fill's transaction is a sale or a purchase at its price.
      const settlement = record.contracts["Settlement"]?.address;
      const fills = settlement
        ? await c.getContractEvents({ abi: abis.Settlement, address: settlement, eventName: "OrderFilled", fromBlock })
        : [];
      // The order's coin (its OrderPosted's: a filled order's storage is deleted), read only for the fills that moved
      // this wallet's units.
      const paidInFill = new Map<Hex, FillPayment>(
        fills.map((e) => [
          e.transactionHash,
          {
            paid: e.args.paid,
            coin: async () => {
              const [posted] = await c.getContractEvents({
                abi: abis.Settlement,
                address: settlement!,
                eventName: "OrderPosted",
                args: { orderId: e.args.orderId },
                fromBlock,
                toBlock: e.blockNumber,
              });
              if (!posted?.args.paymentToken) throw new Error(`Order ${e.args.orderId} was filled but never posted`);
              return coinOf(c, chainId, posted.args.paymentToken);
            },
          },
        ]),
      );
      const launched = await c.getContractEvents({
        abi: abis.PropertyTokenFactory,
        address: factory.address,
        eventName: "PropertyLaunched",
        fromBlock,
      });
      const holdings: Holding[] = [];
      const history: { entry: Omit<HistoryEntry, "at">; block: bigint }[] = [];
      for (const event of launched) {
        const { token, offering, propertyId, name, symbol } = event.args;
        if (!token || !offering || !propertyId) continue;
        const [units, totalSupply, partitions, terms, claimableRent, subscribed, settled, paid, rentToken, closed] =
          await Promise.all([
            c.readContract({ abi: abis.PropertyToken, address: token, functionName: "balanceOf", args: [me!] }),
            c.readContract({ abi: abis.PropertyToken, address: token, functionName: "totalSupply" }),
            c.readContract({ abi: abis.PropertyToken, address: token, functionName: "partitionsOf", args: [me!] }),
            c.readContract({ abi: abis.PropertyOffering, address: offering, functionName: "terms" }),
            c.readContract({
              abi: abis.RentDistributor,
              address: distributor,
              functionName: "claimableOf",
              args: [token, me!],
            }),
            c.readContract({
              abi: abis.PropertyOffering,
              address: offering,
              functionName: "subscribedUnitsOf",
              args: [me!],
            }),
            c.readContract({ abi: abis.PropertyOffering, address: offering, functionName: "isSettled", args: [me!] }),
            // What the wallet paid, each unit at its own price (an invitation's may differ from the public one).
            c.readContract({ abi: abis.PropertyOffering, address: offering, functionName: "paidBy", args: [me!] }),
            c.readContract({
              abi: abis.RentDistributor,
              address: distributor,
              functionName: "paymentTokenOf",
              args: [token],
            }),
            c.readContract({ abi: abis.PropertyToken, address: token, functionName: "isClosed" }),
          ]);
        // A token without a rent book has no rent to show: its amounts are the offering's coin's.
        const coin = await coinOf(c, chainId, terms.paymentToken);
        const rentCoin = isAddressEqual(rentToken, zeroAddress) ? coin : await coinOf(c, chainId, rentToken);
        const byPartition = await Promise.all(
          partitions.map(async (partition) => {
            const [amount, rules] = await Promise.all([
              c.readContract({
                abi: abis.PropertyToken,
                address: token,
                functionName: "balanceOfByPartition",
                args: [partition, me!],
              }),
              c.readContract({
                abi: abis.PropertyToken,
                address: token,
                functionName: "partitionRules",
                args: [partition],
              }),
            ]);
            return { partition, units: amount, lockUntil: Number(rules[0]) };
          }),
        );
        const sym = symbol ?? "";
        const [subs, claims, refunds, incoming, outgoing, rent, redeemed] = await Promise.all([
          c.getContractEvents({
            abi: abis.PropertyOffering,
            address: offering,
            eventName: "Subscribed",
            args: { investor: me },
            fromBlock,
          }),
          c.getContractEvents({
            abi: abis.PropertyOffering,
            address: offering,
            eventName: "Claimed",
            args: { investor: me },
            fromBlock,
          }),
          c.getContractEvents({
            abi: abis.PropertyOffering,
            address: offering,
            eventName: "Refunded",
            args: { investor: me },
            fromBlock,
          }),
          c.getContractEvents({
            abi: abis.PropertyToken,
            address: token,
            eventName: "Transfer",
            args: { to: me },
            fromBlock,
          }),
          c.getContractEvents({
            abi: abis.PropertyToken,
            address: token,
            eventName: "Transfer",
            args: { from: me },
            fromBlock,
          }),
          c.getContractEvents({
            abi: abis.RentDistributor,
            address: distributor,
            eventName: "RentClaimed",
            args: { token, holder: me },
            fromBlock,
          }),
          redemptionsOf(c, factory.address, token, me!, fromBlock),
        ]);
        const exitCoin = redeemed.paymentToken ? await coinOf(c, chainId, redeemed.paymentToken) : undefined;
        for (const e of subs)
          history.push({
            block: e.blockNumber,
            entry: {
              kind: "Subscribed",
              symbol: sym,
              units: e.args.units,
              amount: e.args.paid,
              coin,
              hash: e.transactionHash,
            },
          });
        for (const e of claims)
          history.push({
            block: e.blockNumber,
            entry: { kind: "Claimed", symbol: sym, units: e.args.units, hash: e.transactionHash },
          });
        for (const e of refunds)
          history.push({
            block: e.blockNumber,
            entry: { kind: "Refunded", symbol: sym, amount: e.args.amount, coin, hash: e.transactionHash },
          });
        const claimHashes = new Set(claims.map((e) => e.transactionHash));
        for (const e of incoming)
          if (!claimHashes.has(e.transactionHash))
            history.push({ block: e.blockNumber, entry: await transfer("Received", "Bought", e, sym, paidInFill) });
        // The exit's burn of redeemed units is a redemption paid in stablecoin, not units sent.
        const paidInRedemption = new Map(redeemed.redeemed.map((e) => [e.transactionHash, e.args.payout]));
        for (const e of outgoing)
          history.push({
            block: e.blockNumber,
            entry: paidInRedemption.has(e.transactionHash)
              ? {
                  kind: "Redeemed",
                  symbol: sym,
                  units: e.args.value,
                  amount: paidInRedemption.get(e.transactionHash),
                  ...(exitCoin ? { coin: exitCoin } : {}),
                  hash: e.transactionHash,
                }
              : await transfer("Sent", "Sold", e, sym, paidInFill),
          });
        for (const e of rent)
          history.push({
            block: e.blockNumber,
            entry: { kind: "Rent", symbol: sym, amount: e.args.amount, coin: rentCoin, hash: e.transactionHash },
          });
        if (units > 0n || claimableRent > 0n || (subscribed > 0n && !settled)) {
          const lastDeposit = claimableRent > 0n ? await latestDeposit(c, distributor, token, fromBlock) : null;
          holdings.push({
            lastDeposit,
            closed,
            propertyId,
            name: name ?? sym,
            symbol: sym,
            token,
            offering,
            units,
            totalSupply,
            partitions: byPartition.filter((p) => p.units > 0n),
            pricePerUnit: BigInt(terms.pricePerUnit),
            claimableRent,
            subscribedPending: settled ? 0n : subscribed,
            escrowed: escrowedOf({ subscribed, settled, paid }),
            coin,
            rentCoin,
            settlement: subscribed > 0n && !settled ? await probeSettlement(c, me!, offering) : null,
            rentOnHold:
              claimableRent > 0n &&
              (await outcomeOf(
                c.simulateContract({
                  account: me!,
                  abi: abis.RentDistributor,
                  address: distributor,
                  functionName: "claim",
                  args: [token],
                }),
              )) === "DistributorHolderOnHold",
          });
        }
      }
      const times = await timestamps(
        c,
        history.map((h) => h.block),
      );
      const entries = [...history]
        .sort((a, b) => Number(b.block - a.block))
        .map((h) => ({ ...h.entry, at: times.get(h.block) ?? 0 }));
      return { holdings, history: entries, distributor };
    },
  });
}
