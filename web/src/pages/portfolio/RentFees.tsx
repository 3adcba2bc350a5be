/**
 * Under the rent claim: the rent each property pays is net of the platform's management fee, taken from the gross the
 * manager deposited (issue 20). The rate is the schedule's for the token now; the last deposit's figures are the
 * distributor's own events (the rate of a past deposit is not on record, so it is not guessed).
 */
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { formatBps, formatMoney } from "../../format/amounts";
import { FeeSplit } from "../../ui/FeeSplit";
import type { Holding } from "./usePortfolio";

/** "Rent of Baixa Lofts is paid net of the platform's management fee, now 1%, taken when the manager deposits it." */
export function rentNetText(name: string, bps: number): string {
  return bps === 0
    ? `Rent of ${name} carries no management fee: holders share all of it.`
    : `Rent of ${name} is paid net of the platform's management fee, now ${formatBps(bps)}, taken when the manager deposits it.`;
}

/** One holding's rent to claim and its last deposit, in the coin of its rent book. */
function RentFeeLine({ holding }: { holding: Holding }) {
  const coin = holding.rentCoin;
  const fee = usePlatformFee("Rent", holding.token);
  return (
    <li className="stack" data-testid="rent-fee">
      <p className="small" style={{ margin: 0 }}>
        <strong>{formatMoney(holding.claimableRent, coin)}</strong> to claim.{" "}
        {fee.data ? rentNetText(holding.name, fee.data.bps) : "Reading the management fee…"}
      </p>
      {holding.lastDeposit ? (
        <FeeSplit
          split={holding.lastDeposit}
          coin={coin}
          labels={{ gross: "Last deposit", fee: "Management fee", net: "Shared by holders" }}
        />
      ) : null}
    </li>
  );
}

export function RentFees({ holdings }: { holdings: Holding[] }) {
  return (
    <ul className="stack rent-fees" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {holdings.map((h) => (
        <RentFeeLine key={h.token} holding={h} />
      ))}
    </ul>
  );
}
