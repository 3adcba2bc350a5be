import { useQuery } from "@tanstack/react-query";
import { zeroAddress } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { chainKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { useOfferingCoin } from "../../contracts/useStablecoin";
import { formatMoney } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { RentChart, rentByMonth } from "../portfolio/RentChart";
import { useLaunchedContracts } from "../invest/useOfferingAddress";
import { activityLine, type ActivityItem } from "./activityLine";

/** Rent distributions and recent on-chain activity of a tokenized property, read from its contracts' events. */
export function ChainActivity({ property }: { property: PropertyDetail }) {
  const { chainId } = useAppConfig();
  const { address: viewer } = useConnection();
  const client = usePublicClient({ chainId });
  const launched = useLaunchedContracts(property);
  const coin = useOfferingCoin(launched.data?.offering);
  const distributor = deployments.get(chainId)?.contracts["RentDistributor"];
  const query = useQuery({
    queryKey: chainKeys.activity(chainId, launched.data?.token),
    enabled: Boolean(client && launched.data && distributor),
    refetchInterval: 10_000,
    queryFn: async () => {
      const c = client!;
      const { token, offering } = launched.data!;
      const fromBlock = BigInt(distributor!.blockNumber);
      const [deposits, transfers, subscriptions] = await Promise.all([
        c.getContractEvents({
          abi: abis.RentDistributor,
          address: distributor!.address,
          eventName: "RentDeposited",
          args: { token },
          fromBlock,
        }),
        c.getContractEvents({ abi: abis.PropertyToken, address: token, eventName: "Transfer", fromBlock }),
        c.getContractEvents({ abi: abis.PropertyOffering, address: offering, eventName: "Subscribed", fromBlock }),
      ]);
      const blocks = [...new Set([...deposits, ...transfers, ...subscriptions].map((e) => e.blockNumber))];
      const times = new Map(
        (await Promise.all(blocks.map((b) => c.getBlock({ blockNumber: b })))).map((b) => [
          b.number,
          Number(b.timestamp),
        ]),
      );
      const rent = deposits.map((e) => ({ kind: "Rent", amount: e.args.amount, at: times.get(e.blockNumber) ?? 0 }));
      const when = (e: { blockNumber: bigint; transactionHash: string; logIndex: number }) => ({
        block: e.blockNumber,
        at: times.get(e.blockNumber) ?? 0,
        hash: e.transactionHash,
        key: `${e.transactionHash}-${e.logIndex}`,
      });
      const activity: ActivityItem[] = [
        ...deposits.map((e): ActivityItem => ({ ...when(e), kind: "rent", amount: e.args.amount ?? 0n })),
        ...subscriptions.map((e): ActivityItem => ({
          ...when(e),
          kind: "subscribed",
          investor: e.args.investor ?? zeroAddress,
          units: e.args.units ?? 0n,
        })),
        ...transfers.map((e): ActivityItem =>
          e.args.from === zeroAddress
            ? { ...when(e), kind: "issued", to: e.args.to ?? zeroAddress, units: e.args.value ?? 0n }
            : {
                ...when(e),
                kind: "moved",
                from: e.args.from ?? zeroAddress,
                to: e.args.to ?? zeroAddress,
                units: e.args.value ?? 0n,
              },
        ),
      ].sort((a, b) => Number(b.block - a.block));
      return { rent, activity: activity.slice(0, 15) };
    },
  });
  if (!launched.data) return null;
  const total = (query.data?.rent ?? []).reduce((s, r) => s + (r.amount ?? 0n), 0n);
  return (
    <>
      <section className="panel" aria-labelledby="rent-history">
        <h2 id="rent-history">Rent distributions</h2>
        {query.data && query.data.rent.length > 0 ? (
          <>
            <p className="small muted" data-testid="rent-distributed">
              {coin ? formatMoney(total, coin) : "…"} distributed to holders so far.
            </p>
            {coin ? <RentChart points={rentByMonth(query.data.rent)} coin={coin} /> : null}
          </>
        ) : (
          <p className="muted">{query.isPending ? "Reading the chain…" : "No rent distributed yet."}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="activity">
        <h2 id="activity">Recent on-chain activity</h2>
        {query.data?.activity.length ? (
          <ul className="small">
            {query.data.activity.map((a) => (
              <li key={a.key}>
                {formatDate(a.at)}: {activityLine(a, coin, viewer)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{query.isPending ? "Reading the chain…" : "No activity yet."}</p>
        )}
      </section>
    </>
  );
}
