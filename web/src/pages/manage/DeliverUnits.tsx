import { useQuery } from "@tanstack/react-query";
import { getAddress, type Address } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { useContractWrite } from "../../contracts/hooks";
import { formatUnits } from "../../format/amounts";
import { isInFlight } from "../../tx/tracker";
import type { TransactionControl } from "../../tx/useTransaction";
import { Loading } from "../../ui/Skeleton";
import { outcomeOf } from "../portfolio/settlement";

export interface Undelivered {
  wallet: Address;
  units: bigint;
  /** The offering's `claimFor` would deliver them now (simulated); false: the token refuses them for the moment. */
  deliverable: boolean;
}

/**
 * The offering's push delivery after finalization (`claimFor`, which anyone may call): the manager delivers the units
 * subscribers have not claimed yet, so that a rent deposit reaches every unit sold (review 2026-12, finding 1). Each
 * delivery is simulated first; one the token refuses for now (a hold) is counted, never sent. `settled` is the
 * offering's `unitsSettled`, so the list is read again whenever a subscriber claims or is refunded. The deliveries
 * run on the rent panel's transaction tracker (`tx`), which stays on screen once the last delivery lifts the block
 * and this part leaves.
 */
/**
 * The subscriptions a finalized offering has neither delivered nor refunded, each with whether the token takes its
 * units now (`claimFor` simulated). Read again whenever `settled` (the offering's `unitsSettled`) moves.
 */
export function useUndelivered(offering: Address, settled: bigint | undefined, enabled: boolean) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const { address } = useConnection();
  const factory = deployments.get(chainId)?.contracts["PropertyTokenFactory"];
  return useQuery({
    queryKey: chainKeys.undelivered(chainId, offering, settled ?? -1n),
    enabled: enabled && settled !== undefined && Boolean(client && address && factory),
    queryFn: async (): Promise<Undelivered[]> => {
      const subscriptions = await client!.getContractEvents({
        abi: abis.PropertyOffering,
        address: offering,
        eventName: "Subscribed",
        fromBlock: BigInt(factory!.blockNumber),
      });
      const wallets = [
        ...new Set(subscriptions.flatMap((e) => (e.args.investor ? [getAddress(e.args.investor)] : []))),
      ];
      const rows = await Promise.all(
        wallets.map(async (wallet): Promise<Undelivered | null> => {
          const [units, done] = await Promise.all([
            client!.readContract({
              abi: abis.PropertyOffering,
              address: offering,
              functionName: "subscribedUnitsOf",
              args: [wallet],
            }),
            client!.readContract({
              abi: abis.PropertyOffering,
              address: offering,
              functionName: "isSettled",
              args: [wallet],
            }),
          ]);
          if (done || units === 0n) return null;
          const refused = await outcomeOf(
            client!.simulateContract({
              account: address!,
              abi: abis.PropertyOffering,
              address: offering,
              functionName: "claimFor",
              args: [wallet],
            }),
          );
          return { wallet, units, deliverable: refused === null };
        }),
      );
      return rows.filter((row): row is Undelivered => row !== null);
    },
  });
}

/** Units of the subscriptions the token refuses to deliver for now (holds). */
export const heldUnits = (rows: readonly Undelivered[]): bigint =>
  rows.filter((r) => !r.deliverable).reduce((sum, r) => sum + r.units, 0n);

export function DeliverUnits({
  offering,
  pending,
  tx,
  onDelivered,
}: {
  offering: Address;
  pending: ReturnType<typeof useUndelivered>;
  tx: TransactionControl;
  onDelivered: () => void;
}) {
  const write = useContractWrite();
  const rows = pending.data ?? [];
  const ready = rows.filter((r) => r.deliverable);
  const held = rows.length - ready.length;
  const readyUnits = ready.reduce((sum, r) => sum + r.units, 0n);

  async function deliver() {
    for (const [i, row] of ready.entries()) {
      const done = await tx.run(
        {
          label: `Deliver ${formatUnits(row.units)} to subscriber ${i + 1} of ${ready.length}`,
          index: i + 1,
          total: ready.length,
        },
        () =>
          write({ contractName: "PropertyOffering", address: offering, functionName: "claimFor", args: [row.wallet] }),
      );
      if (!done) break;
    }
    onDelivered();
    await pending.refetch();
  }

  if (pending.isPending && tx.state.status === "idle") return <Loading label="Reading the subscriptions to deliver" />;
  return (
    <div className="stack" data-testid="deliver-units">
      {ready.length > 0 ? (
        <div>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={isInFlight(tx.state)}
            onClick={() => void deliver()}
          >
            Deliver {formatUnits(readyUnits)} to {ready.length} {ready.length === 1 ? "subscriber" : "subscribers"}
          </button>
        </div>
      ) : null}
      {held > 0 ? (
        <p className="small muted" data-testid="deliver-held">
          {held === 1 ? "One subscriber's units are" : `${held} subscribers' units are`} on hold: the token does not
          take them for now. They can be delivered once the hold is lifted; a buyer whose units the token refuses for
          good takes the money back instead.
        </p>
      ) : null}
    </div>
  );
}
