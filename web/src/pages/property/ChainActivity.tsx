import { useQuery } from "@tanstack/react-query";
import { formatUnits as formatRaw, zeroAddress } from "viem";
import { usePublicClient } from "wagmi";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { formatDate } from "../../compliance/offeringLimits";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { formatMoney, formatUnits } from "../../format/amounts";
import { shortAddress } from "../../ui/Address";
import { RentChart, rentByMonth } from "../portfolio/RentChart";
import { useLaunchedContracts } from "../invest/useOfferingAddress";

interface Activity {
  at: number;
  block: bigint;
  what: string;
  hash: string;
}

/** Rent distributions and recent on-chain activity of a tokenized property, read from its contracts' events. */
export function ChainActivity({ property }: { property: PropertyDetail }) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const launched = useLaunchedContracts(property);
  const distributor = deployments.get(chainId)?.contracts["RentDistributor"];
  const query = useQuery({
    queryKey: ["activity", chainId, launched.data?.token],
    enabled: Boolean(client && launched.data && distributor),
    refetchInterval: 10_000,
    queryFn: async () => {
      const c = client!;
      const { token, offering } = launched.data!;
      const fromBlock = BigInt(distributor!.blockNumber);
      const [deposits, transfers, subscriptions] = await Promise.all([
        c.getContractEvents({ abi: abis.RentDistributor, address: distributor!.address, eventName: "RentDeposited", args: { token }, fromBlock }),
        c.getContractEvents({ abi: abis.PropertyToken, address: token, eventName: "Transfer", fromBlock }),
        c.getContractEvents({ abi: abis.PropertyOffering, address: offering, eventName: "Subscribed", fromBlock }),
      ]);
      const blocks = [...new Set([...deposits, ...transfers, ...subscriptions].map((e) => e.blockNumber))];
      const times = new Map((await Promise.all(blocks.map((b) => c.getBlock({ blockNumber: b })))).map((b) => [b.number, Number(b.timestamp)]));
      const rent = deposits.map((e) => ({ kind: "Rent", amount: e.args.amount, at: times.get(e.blockNumber) ?? 0 }));
      const activity: Activity[] = [
        ...deposits.map((e) => ({ block: e.blockNumber, at: times.get(e.blockNumber) ?? 0, hash: e.transactionHash, what: `Rent of ${formatMoney(e.args.amount ?? 0n)} distributed to holders` })),
        ...subscriptions.map((e) => ({ block: e.blockNumber, at: times.get(e.blockNumber) ?? 0, hash: e.transactionHash, what: `${shortAddress(e.args.investor ?? "")} subscribed ${formatUnits(e.args.units ?? 0n)}` })),
        ...transfers.map((e) => ({
          block: e.blockNumber,
          at: times.get(e.blockNumber) ?? 0,
          hash: e.transactionHash,
          what:
            e.args.from === zeroAddress
              ? `${formatUnits(e.args.value ?? 0n)} issued to ${shortAddress(e.args.to ?? "")}`
              : `${formatUnits(e.args.value ?? 0n)} moved from ${shortAddress(e.args.from ?? "")} to ${shortAddress(e.args.to ?? "")}`,
        })),
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
            <p className="small muted">{formatRaw(total, 6)} distributed to holders so far.</p>
            <RentChart points={rentByMonth(query.data.rent)} symbol="" />
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
              <li key={`${a.hash}-${a.what}`}>
                {formatDate(a.at)}: {a.what}
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
