/**
 * The exit of a property token (issue 19) as the sync stored it: the exit the factory made for the token (the
 * chain_contracts row its ExitLaunched event added, with the governor and payment token the event names), its sale
 * (`ProceedsDeposited`), its redemptions (`Redeemed`) and refinance returns (`CapitalReturned`), read from its stored
 * events. Nothing is kept beside the events, so a rollback (which deletes the events and the discovery past the fork)
 * leaves nothing to correct.
 */
import { getAddress } from "viem";
import type { Db } from "../../db/client.ts";

interface At {
  blockTime: Date;
  txHash: string;
}

export interface ExitSale extends At {
  proposalId: string;
  depositor: string;
  /** Gross proceeds received, payment-token base units. */
  amount: string;
  /** The platform's exit fee, sent to `collector`. */
  fee: string;
  collector: string;
  /** amount - fee: what the holders share. */
  proceeds: string;
  supplyAtClose: string;
}

export interface ExitRedemption extends At {
  holder: string;
  to: string;
  units: string;
  payout: string;
}

export interface CapitalReturn extends At {
  proposalId: string;
  depositor: string;
  amount: string;
  depositId: string;
}

export interface StoredExit {
  address: string;
  governor: string;
  paymentToken: string;
  sale: ExitSale | null;
  /** Sum of the payouts: equals the contract's `closing().paidOut`. */
  paidOut: string;
  unitsRedeemed: string;
  redemptions: ExitRedemption[];
  capitalReturns: CapitalReturn[];
}

interface EventRow {
  name: string;
  args: Record<string, string>;
  blockTime: Date;
  txHash: string;
}

/** The exit the factory made for `token` with its sale, redemptions (in chain order) and capital returns; null when none is synced. */
export async function exitOf(db: Db, chainId: number, token: string): Promise<StoredExit | null> {
  const t = getAddress(token);
  const [row] = await db.$queryRaw<{ address: string; governor: string; paymentToken: string }[]>`
    SELECT c.address, e.args->>'governor' AS governor, e.args->>'paymentToken' AS "paymentToken"
    FROM chain_contracts c
    JOIN chain_events e ON e."chainId" = c."chainId" AND e.token = c.token AND e."blockNumber" = c."discoveredBlock"
                       AND e.name = 'ExitLaunched' AND e.args->>'exit' = c.address
    WHERE c."chainId" = ${chainId} AND c.kind = 'PropertyExit' AND c.token = ${t}
    ORDER BY c."discoveredBlock" DESC LIMIT 1`;
  if (!row) return null;
  const events = await db.$queryRaw<EventRow[]>`
    SELECT name, args, "blockTime", "txHash" FROM chain_events
    WHERE "chainId" = ${chainId} AND address = ${row.address}
      AND name IN ('ProceedsDeposited', 'Redeemed', 'CapitalReturned')
    ORDER BY "blockNumber", "logIndex"`;
  const at = (e: EventRow): At => ({ blockTime: e.blockTime, txHash: e.txHash });
  let sale: ExitSale | null = null;
  const redemptions: ExitRedemption[] = [];
  const capitalReturns: CapitalReturn[] = [];
  for (const e of events) {
    const a = e.args;
    if (e.name === "ProceedsDeposited")
      sale = {
        proposalId: String(a["proposalId"]),
        depositor: getAddress(String(a["depositor"])),
        amount: String(a["amount"]),
        fee: String(a["fee"]),
        collector: getAddress(String(a["collector"])),
        proceeds: String(a["proceeds"]),
        supplyAtClose: String(a["supplyAtClose"]),
        ...at(e),
      };
    else if (e.name === "Redeemed")
      redemptions.push({
        holder: getAddress(String(a["holder"])),
        to: getAddress(String(a["to"])),
        units: String(a["units"]),
        payout: String(a["payout"]),
        ...at(e),
      });
    else
      capitalReturns.push({
        proposalId: String(a["proposalId"]),
        depositor: getAddress(String(a["depositor"])),
        amount: String(a["amount"]),
        depositId: String(a["depositId"]),
        ...at(e),
      });
  }
  const sum = (xs: readonly string[]): string => xs.reduce((s, x) => s + BigInt(x), 0n).toString();
  return {
    address: row.address,
    governor: getAddress(row.governor),
    paymentToken: getAddress(row.paymentToken),
    sale,
    paidOut: sum(redemptions.map((r) => r.payout)),
    unitsRedeemed: sum(redemptions.map((r) => r.units)),
    redemptions,
    capitalReturns,
  };
}

/** What `units` held at the close are paid on redemption: units x proceeds / supplyAtClose, rounded down (the contract's rule). */
export function payoutFor(units: bigint, sale: Pick<ExitSale, "proceeds" | "supplyAtClose">): bigint {
  const supply = BigInt(sale.supplyAtClose);
  return supply === 0n ? 0n : (units * BigInt(sale.proceeds)) / supply;
}
