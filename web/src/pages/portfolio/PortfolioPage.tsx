import { Link } from "react-router";
import { isAddressEqual, type Address } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../../app/AppConfigContext";
import { platformAddress } from "../../contracts/addresses";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { TYPICAL_GAS } from "../../gasless/decision";
import { GaslessNotice } from "../../gasless/GaslessNotice";
import { useGasless } from "../../gasless/useGasless";
import { bytes32ToPropertyId } from "@freehold/deployments/property-id";
import { formatMoney, formatPercent, formatUnits } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { amountsText, totalsByCoin, totalsFigures } from "./coinTotals";
import { NoRentYet, RentChart, rentByMonth } from "./RentChart";
import { RentFees } from "./RentFees";
import { ORDINARY_PARTITION, partitionName } from "./partition";
import { PerformanceSection } from "./PerformanceSection";
import { SETTLEMENT_TEXT } from "./settlement";
import { StatementsSection } from "./StatementsSection";
import { usePortfolio, type HistoryEntry, type Holding } from "./usePortfolio";
import { Cell, Table } from "../../ui/Table";
import { MyInvitations } from "../../placements/MyInvitations";
import { RedeemPanel } from "../../governance/RedeemPanel";
import { useExit } from "../../governance/exitFacts";
import { useStablecoin } from "../../contracts/useStablecoin";
import { holdingWorth } from "./holdingWorth";
import { verificationStep } from "./verificationStep";
import { useKycApplications } from "../../api/kyc";
import { SoldMark } from "../../governance/PropertyExitParts";

const ZERO = ORDINARY_PARTITION;

const KIND_LABEL: Record<HistoryEntry["kind"], string> = {
  Subscribed: "Subscribed",
  Claimed: "Units claimed",
  Refunded: "Refund",
  Received: "Units received",
  Sent: "Units sent",
  Sold: "Units sold",
  Bought: "Units bought",
  Redeemed: "Redeemed (property sold)",
  Rent: "Rent claimed",
};

/** A holding's property page, when its on-chain id is one of the registry's (a token launched elsewhere has none). */
function PropertyLink({ propertyId, name }: { propertyId: string; name: string }) {
  const id = bytes32ToPropertyId(propertyId);
  return id ? <Link to={`/properties/${id}`}>{name}</Link> : <span>{name}</span>;
}

function Portfolio({ me }: { me: Address }) {
  const { explorerUrl, chainId } = useAppConfig();
  const portfolio = usePortfolio(me);
  const write = useContractWrite();
  const tx = useTransaction();
  // Claims and refunds here cost about the same: a wallet that can pay a units claim pays them all.
  const gasless = useGasless(me, TYPICAL_GAS.claimUnits);
  const viaRelayer = gasless.payer === "relayer" && gasless.relay !== null;
  const verified = useContractRead({ contractName: "IdentityRegistry", functionName: "isVerified", args: [me] });
  const applications = useKycApplications();
  if (portfolio.isPending) return <Loading label="Reading your holdings from the chain" />;
  if (portfolio.isError)
    return (
      <Alert tone="bad" title="Your portfolio could not be read">
        <p>{portfolio.error.message}</p>
      </Alert>
    );
  const { holdings, history } = portfolio.data;
  // Each holding is priced, and pays rent, in the coins fixed at its launch: one line of totals per coin, never a sum
  // of two coins. Subscriptions not yet claimed are counted at what the offering's books say was paid.
  const totals = totalsByCoin(holdings, history);
  const claimable = totals.filter((t) => t.claimable > 0n).map((t) => ({ amount: t.claimable, coin: t.coin }));
  const claimableText = amountsText(claimable);
  const rentCoins = totals.filter((t) => t.rentReceived > 0n).map((t) => t.coin);
  // Rent on hold accrues but cannot be claimed now: it is not offered (claimMany would skip it anyway).
  const withRent = holdings.filter((h) => h.claimableRent > 0n && !h.rentOnHold).map((h) => h.token);

  async function settle(h: Holding, fn: "claim" | "refund") {
    const label =
      fn === "claim"
        ? `Claim ${formatUnits(h.subscribedPending)} of ${h.symbol}`
        : `Take back what you paid for ${formatUnits(h.subscribedPending)} of ${h.symbol}`;
    await tx.run(viaRelayer ? { label: `${label}; Freehold sends it and pays the network fee` } : { label }, () =>
      viaRelayer
        ? gasless.send({ to: h.offering, contract: "PropertyOffering", functionName: fn })
        : write({ contractName: "PropertyOffering", address: h.offering, functionName: fn, args: [] }),
    );
    await portfolio.refetch();
    gasless.refresh();
  }

  async function claimAll() {
    const label = `Claim ${claimableText} of rent from ${withRent.length} ${withRent.length === 1 ? "property" : "properties"}`;
    await tx.run(viaRelayer ? { label: `${label}; Freehold sends it and pays the network fee` } : { label }, () =>
      viaRelayer
        ? gasless.send({
            to: platformAddress(chainId, "RentDistributor"),
            contract: "RentDistributor",
            functionName: "claimMany",
            args: [withRent],
          })
        : write({ contractName: "RentDistributor", functionName: "claimMany", args: [withRent] }),
    );
    await portfolio.refetch();
    gasless.refresh();
  }

  if (holdings.length === 0 && history.length === 0) {
    // Only verified investors can hold units: an unverified wallet's first step is verification, not browsing.
    // Officers list everyone's applications: only this wallet's count.
    const mine = (applications.data?.items ?? []).filter((a) => isAddressEqual(a.wallet as Address, me));
    if (verified.data === false && verificationStep(mine) === "under-way")
      return (
        <EmptyState title="You do not hold any units yet">
          <p>
            Only verified investors can hold units. Your verification is under way: follow it on your verification page.
          </p>
          <Link className="btn btn--primary" to="/kyc">
            See your verification
          </Link>
        </EmptyState>
      );
    if (verified.data === false)
      return (
        <EmptyState title="You do not hold any units yet">
          <p>
            Only verified investors can hold units. Verify your identity first: it takes a few minutes, and an officer
            confirms it, usually within a working day.
          </p>
          <Link className="btn btn--primary" to="/kyc">
            Verify your identity
          </Link>
        </EmptyState>
      );
    return (
      <EmptyState title="You do not hold any units yet">
        <p>Browse the marketplace to find a property open for investment.</p>
        <Link className="btn btn--primary" to="/">
          Browse properties
        </Link>
      </EmptyState>
    );
  }
  return (
    <div className="stack" data-testid="portfolio">
      {totals.map((t) => (
        <dl
          key={t.coin.address}
          className="stats"
          style={{ margin: 0 }}
          data-testid="portfolio-totals"
          data-coin={t.coin.symbol}
          aria-label={`Totals in ${t.coin.symbol}`}
        >
          {totalsFigures(t).map((f) => (
            <div className="stat" key={f.testId}>
              <dt className="stat__label">{f.label}</dt>
              <dd className="stat__value" style={{ margin: 0 }} data-testid={f.testId}>
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      ))}
      {viaRelayer &&
      gasless.relay &&
      (claimable.length > 0 || holdings.some((h) => h.settlement === "claim" || h.settlement === "refund")) ? (
        <GaslessNotice
          relay={gasless.relay}
          gas={claimable.length > 0 ? TYPICAL_GAS.claimRent : TYPICAL_GAS.claimUnits}
        />
      ) : null}
      {claimable.length > 0 ? (
        <section className="panel stack" aria-label="Rent to claim">
          <div className="row">
            <span>
              <strong>{claimableText}</strong> of rent is waiting for you across {withRent.length}{" "}
              {withRent.length === 1 ? "property" : "properties"}.
            </span>
            <span className="spacer" />
            <button
              type="button"
              className="btn btn--primary"
              disabled={isInFlight(tx.state)}
              onClick={() => void claimAll()}
            >
              Claim all rent
            </button>
          </div>
          <RentFees holdings={holdings.filter((h) => withRent.includes(h.token))} />
        </section>
      ) : null}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      {holdings.map((h) => (
        <RedeemPanel key={h.token} token={h.token} name={h.name} />
      ))}
      <section className="panel" aria-labelledby="holdings">
        <h2 id="holdings">Holdings</h2>
        <Table>
          <thead>
            <tr>
              <th scope="col">Property</th>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Units
              </th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col" className="num">
                Share of property
              </th>
              <th scope="col">Lock-up</th>
              <th scope="col" className="num">
                Claimable rent
              </th>
            </tr>
          </thead>
          <tbody>
            {holdings.flatMap((h) =>
              (h.partitions.length
                ? h.partitions
                : [{ partition: ZERO as `0x${string}`, units: 0n, lockUntil: 0 }]
              ).map((p, i) => (
                <tr key={`${h.token}-${p.partition}`} data-testid="holding-row">
                  <Cell label="Property">
                    {i === 0 ? <PropertyLink propertyId={h.propertyId} name={h.name} /> : null}
                    {i === 0 ? <SoldMark token={h.token} /> : null}
                    {i === 0 && h.subscribedPending > 0n ? (
                      <div className="small muted">
                        {formatUnits(h.subscribedPending)} subscribed, not yet claimed (
                        {formatMoney(h.escrowed, h.coin)} in escrow)
                      </div>
                    ) : null}
                    {i === 0 && (h.settlement === "claim" || h.settlement === "refund") ? (
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        data-testid="settle"
                        disabled={isInFlight(tx.state)}
                        onClick={() => void settle(h, h.settlement as "claim" | "refund")}
                      >
                        {SETTLEMENT_TEXT[h.settlement]}
                      </button>
                    ) : null}
                    {i === 0 && h.settlement === "hold" ? (
                      <div className="small" data-testid="position-on-hold">
                        {SETTLEMENT_TEXT.hold}
                      </div>
                    ) : null}
                    {i === 0 && h.rentOnHold ? (
                      <div className="small" data-testid="rent-on-hold">
                        Rent for this property is on hold. It keeps accruing; contact support if it stays on hold.
                      </div>
                    ) : null}
                  </Cell>
                  <Cell label="Class">{partitionName(p.partition)}</Cell>
                  <Cell label="Units" className="num">
                    {formatUnits(p.units)}
                  </Cell>
                  <HoldingWorthCells holding={h} units={p.units} />
                  <Cell label="Lock-up">
                    {p.lockUntil > Date.now() / 1000 ? `until ${formatDate(p.lockUntil)}` : "none"}
                  </Cell>
                  <Cell label="Claimable rent" className="num">
                    {i === 0 ? formatMoney(h.claimableRent, h.rentCoin) : ""}
                  </Cell>
                </tr>
              )),
            )}
          </tbody>
        </Table>
      </section>
      <PerformanceSection chainUnits={new Map(holdings.map((h) => [h.token, h.units]))} />
      <StatementsSection />
      <div className="grid grid--halves">
        <section className="panel" aria-labelledby="rent-chart">
          <h2 id="rent-chart">Rent received</h2>
          {rentCoins.length === 0 ? <NoRentYet /> : null}
          {rentCoins.map((coin) => (
            <div key={coin.address} className="stack" data-coin={coin.symbol}>
              {rentCoins.length > 1 ? <p className="small muted">In {coin.symbol}</p> : null}
              <RentChart
                points={rentByMonth(history.filter((e) => e.coin && isAddressEqual(e.coin.address, coin.address)))}
                coin={coin}
              />
            </div>
          ))}
        </section>
        <section className="panel" aria-labelledby="history">
          <h2 id="history">History</h2>
          <Table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={`${h.hash}-${h.kind}`}>
                  <Cell label="Date">{formatDate(h.at)}</Cell>
                  <Cell label="What">
                    {KIND_LABEL[h.kind]} <span className="muted small">{h.symbol}</span>
                  </Cell>
                  <Cell label="Amount" className="num">
                    {h.units !== undefined ? formatUnits(h.units) : ""}
                    {h.units !== undefined && h.amount !== undefined ? " · " : ""}
                    {h.amount !== undefined && h.coin ? formatMoney(h.amount, h.coin) : ""}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      </div>
    </div>
  );
}

export default function PortfolioPage() {
  usePageTitle("Portfolio");
  const { address, status } = useConnection();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <div className="eyebrow">Portfolio</div>
          <h1>Your portfolio</h1>
          <p>Read directly from the chain: what your wallet holds is what you own.</p>
        </div>
      </div>
      {status === "connected" && address ? (
        <>
          <MyInvitations />
          <Portfolio me={address} />
        </>
      ) : (
        <Alert tone="info" title="Connect your wallet">
          <p>Connect the wallet that holds your units to see your portfolio.</p>
        </Alert>
      )}
    </div>
  );
}

/** Value and share of one holding's units: at the offering's price before a sale, what they redeem for after it. */
function HoldingWorthCells({ holding, units }: { holding: Holding; units: bigint }) {
  const exit = useExit(holding.token).data;
  const exitCoin = useStablecoin(exit?.paymentToken);
  const sale = exit?.sale && exitCoin ? exit.sale : null;
  const worth = holdingWorth(units, holding, sale);
  return (
    <>
      <Cell label="Value" className="num">
        {formatMoney(worth.value, sale && exitCoin ? exitCoin : holding.coin)}
      </Cell>
      <Cell label="Share of property" className="num">
        {formatPercent(worth.sharePercent)}
      </Cell>
    </>
  );
}
