import { useState } from "react";
import { Link } from "react-router";
import { sellable } from "./sellable";
import { zeroAddress, type Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { getBlock, readContract } from "wagmi/actions";
import { useAppConfig } from "../../app/AppConfigContext";
import { explainVerdict, reasonText, STATUS, type Explanation } from "../../compliance/eligibility";
import { abis } from "../../contracts/abi";
import { useContractWrite } from "../../contracts/hooks";
import { erc20Abi } from "../../contracts/paymentToken";
import { signPermit } from "../../contracts/permit";
import { splitFee } from "../../contracts/fees";
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { useApprove, useOfferingCoin, useStablecoin } from "../../contracts/useStablecoin";
import {
  costOf,
  formatMoney,
  formatUnits,
  formatUnitsNumber,
  parseMoneyInput,
  parseUnitsInput,
} from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { allowanceCovers, TYPICAL_GAS } from "../../gasless/decision";
import { GaslessNotice } from "../../gasless/GaslessNotice";
import { useGasless, type Gasless } from "../../gasless/useGasless";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { FeeSplit, increaseSentence } from "../../ui/FeeSplit";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { usePortfolio } from "../portfolio/usePortfolio";
import { buyerFeeText, OPEN_ORDER_INCREASE_NOTE, SELLER_ROUNDING_NOTE } from "./feeText";
import { fillPlan } from "./fillPlan";
import { useOrderBook, type Order } from "./useOrderBook";

/** What the last completed market action did, said once at the top of the page (a filled order's row disappears). */
type Done = (summary: string) => void;

/**
 * Who pays the network fee of the page's actions (issue 20): the wallet when its ETH covers the largest of them (a
 * posting or a fill), else the platform's relayer, as on the invest and portfolio pages. `relayed` carries the
 * relayer's status when it pays; `covers` is false once today's allowance cannot pay another action, and the
 * buttons then wait (the notice says why) instead of asking for a signature the relayer would refuse.
 */
interface FeePath {
  gasless: Gasless;
  relayed: boolean;
  /** Whether an action of `gas` can go now: always from the wallet, through the relayer while the allowance covers it. */
  covers: (gas: bigint) => boolean;
}

/** The tracker's label of an action the relayer sends. */
const viaRelayerLabel = (label: string) => `${label}; Freehold sends it and pays the network fee`;

function SellForm({
  me,
  settlement,
  fees,
  onPosted,
}: {
  me: Address;
  settlement: Address;
  fees: FeePath;
  onPosted: Done;
}) {
  const { explorerUrl } = useAppConfig();
  const wagmiConfig = useConfig();
  const portfolio = usePortfolio(me);
  const write = useContractWrite();
  const tx = useTransaction();
  const [choice, setChoice] = useState("");
  const [unitsText, setUnitsText] = useState("");
  const [priceText, setPriceText] = useState("");
  const [days, setDays] = useState("14");
  const [verdict, setVerdict] = useState<Explanation | undefined>();
  const { options, sold } = sellable(portfolio.data?.holdings ?? []);
  const selected = options.find((o) => o.key === choice) ?? options[0];
  // Orders are priced in the token the property's offering was paid in.
  const coin = useOfferingCoin(selected?.h.offering);
  const units = parseUnitsInput(unitsText);
  const price = coin
    ? parseMoneyInput(priceText, coin.decimals)
    : ({ ok: false, error: "Reading the payment token…" } as const);
  // The trade fee the settlement will take from each fill of this property (the seller bears it).
  const trade = usePlatformFee("Trade", selected?.h.token);
  if (!portfolio.data) return <Loading label="Reading your holdings" />;
  const soldNote =
    sold.length > 0 ? (
      <p className="small muted" data-testid="sold-holdings">
        {sold.map((h) => h.name).join(", ")} {sold.length === 1 ? "was" : "were"} sold by{" "}
        {sold.length === 1 ? "its" : "their"} holders: units of a sold property are not traded;{" "}
        <Link to="/portfolio">redeem them in your portfolio</Link>.
      </p>
    ) : null;
  if (options.length === 0)
    return (
      <>
        <p className="muted">You hold no units to sell.</p>
        {soldNote}
      </>
    );

  async function post() {
    if (!selected || !units.ok || !price.ok || !coin) return;
    // Eligibility before signing: can these units leave the wallet (lock-up, freeze, held, balance)?
    const [code, reason] = await readContract(wagmiConfig, {
      abi: abis.PropertyToken,
      address: selected.h.token,
      functionName: "canTransferByPartition",
      args: [me, me, selected.p.partition, units.value, "0x"],
      account: me,
    });
    const explained = explainVerdict({ code, reason }, "sender");
    setVerdict(explained);
    if (!explained.allowed) return;
    const expiry = BigInt(Math.floor(Date.now() / 1000) + Number(days) * 86_400);
    const payment = await readContract(wagmiConfig, {
      abi: abis.PropertyOffering,
      address: selected.h.offering,
      functionName: "terms",
    });
    const label = `Offer ${formatUnits(units.value)} of ${selected.h.symbol} at ${formatMoney(price.value, coin)} each`;
    // The token holds the units for the settlement (`holdByPartition`): posting needs no approval, so a wallet without
    // ETH signs this one request and nothing else.
    const call = {
      functionName: "postOrder",
      args: [
        selected.h.token,
        selected.p.partition,
        units.value,
        price.value,
        payment.paymentToken,
        zeroAddress,
        expiry,
      ],
    } as const;
    const receipt = await tx.run(fees.relayed ? { label: viaRelayerLabel(label) } : { label }, () =>
      fees.relayed
        ? fees.gasless.send({ to: settlement, contract: "Settlement", ...call })
        : write({ contractName: "Settlement", address: settlement, ...call }),
    );
    if (fees.relayed) fees.gasless.refresh();
    if (receipt) {
      // The form empties: the same order cannot be posted twice by a stray click.
      setUnitsText("");
      setPriceText("");
      setVerdict(undefined);
      onPosted(
        `Your sell order is posted: ${formatUnits(units.value)} of ${selected.h.symbol} at ${formatMoney(price.value, coin)} each.`,
      );
    }
  }

  return (
    <section className="panel stack" aria-labelledby="sell">
      <h2 id="sell">Sell units</h2>
      {soldNote}
      <Field label="Holding">
        {(ids) => (
          <select {...ids} className="input" value={selected?.key} onChange={(e) => setChoice(e.target.value)}>
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.h.name} ({o.h.symbol}): {formatUnits(o.p.units)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid grid--thirds">
        <Field label="Units to sell" error={unitsText && !units.ok ? units.error : undefined}>
          {(ids) => (
            <input
              {...ids}
              className="input"
              inputMode="numeric"
              value={unitsText}
              onChange={(e) => setUnitsText(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={`Price per unit${coin ? ` (${coin.symbol})` : ""}`}
          error={priceText && !price.ok ? price.error : undefined}
        >
          {(ids) => (
            <input
              {...ids}
              className="input"
              inputMode="decimal"
              value={priceText}
              onChange={(e) => setPriceText(e.target.value)}
            />
          )}
        </Field>
        <Field label="Valid for (days)">
          {(ids) => (
            <input
              {...ids}
              className="input"
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          )}
        </Field>
      </div>
      {verdict && !verdict.allowed ? (
        <Alert tone="warn" title={verdict.title}>
          <p>{verdict.action}</p>
        </Alert>
      ) : null}
      {units.ok && price.ok && coin && trade.data ? (
        <div className="stack" data-testid="sell-fees">
          <FeeSplit
            split={splitFee(costOf(units.value, price.value), trade.data.bps)}
            bps={trade.data.bps}
            coin={coin}
            labels={{ gross: "Buyers pay", fee: "Platform trade fee", net: "You receive" }}
          />
          {trade.data.bps > 0 ? <p className="small muted">{SELLER_ROUNDING_NOTE}</p> : null}
        </div>
      ) : null}
      {trade.data?.increase ? (
        <p className="small" data-testid="trade-fee-increase">
          {increaseSentence("trade fee", trade.data.increase)} {OPEN_ORDER_INCREASE_NOTE}
        </p>
      ) : null}
      <p className="small muted">
        Your units stay in your wallet, reserved for this order, until a buyer fills it or you cancel.
      </p>
      <div>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!units.ok || !price.ok || !fees.covers(TYPICAL_GAS.postOrder) || isInFlight(tx.state)}
          onClick={() => void post()}
        >
          {units.ok && price.ok && coin
            ? `Post sell order for ${formatMoney(costOf(units.value, price.value), coin)}`
            : "Post sell order"}
        </button>
      </div>
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </section>
  );
}

function OrderRow({
  order,
  open,
  me,
  settlement,
  fees,
  onChange,
  onActing,
}: {
  order: Order;
  /** False once the book no longer lists the order (filled or cancelled) while the row is kept for its tracker. */
  open: boolean;
  me: Address | undefined;
  settlement: Address;
  fees: FeePath;
  onChange: Done;
  /** The user starts a transaction on this order (true), or dismisses its outcome (false). */
  onActing: (acting: boolean) => void;
}) {
  const { explorerUrl, chainId } = useAppConfig();
  const wagmiConfig = useConfig();
  const write = useContractWrite();
  const approve = useApprove();
  const tx = useTransaction();
  const coin = useStablecoin(order.paymentToken);
  const [unitsText, setUnitsText] = useState(formatUnitsNumber(order.unitsRemaining));
  const [verdict, setVerdict] = useState<Explanation | undefined>();
  const [needsEth, setNeedsEth] = useState(false);
  const units = parseUnitsInput(unitsText);
  const mine = me?.toLowerCase() === order.seller.toLowerCase();
  const trade = usePlatformFee("Trade", order.token);
  // What a buyer of these units pays, the fee the seller bears and what the seller receives, as the next fill takes it.
  const fill = units.ok && trade.data ? splitFee(costOf(units.value, order.pricePerUnit), trade.data.bps) : undefined;

  async function buy() {
    if (!me || !units.ok || !coin) return;
    // The receiver's side of the token's rules (verified, country, holder and balance limits, accreditation): the
    // same checks issuance applies to a receiver. The seller's side (lock-up, freeze) was checked when the order
    // was posted, and the held units are moved by the settlement contract.
    const [code, reason] = await readContract(wagmiConfig, {
      abi: abis.PropertyToken,
      address: order.token,
      functionName: "canIssueByPartition",
      args: [me, order.partition, units.value],
    });
    const issuanceOnly = ["ISSUANCE_FINALIZED", "SUPPLY_LIMIT"].includes(reasonText(reason));
    const explained = explainVerdict(issuanceOnly ? { code: STATUS.SUCCESS, reason } : { code, reason }, "receiver");
    setVerdict(explained);
    if (!explained.allowed) return;
    const cost = costOf(units.value, order.pricePerUnit);
    const allowance = await readContract(wagmiConfig, {
      abi: erc20Abi,
      address: order.paymentToken,
      functionName: "allowance",
      args: [me, settlement],
    });
    const plan = fillPlan({
      payer: fees.relayed ? "relayer" : "wallet",
      hasPermit: Boolean(coin.permit),
      allowance,
      cost,
    });
    setNeedsEth(plan === "needs-eth");
    if (plan === "needs-eth") return;
    onActing(true);
    const what = `${formatUnits(units.value)} of ${order.symbol}`;
    const price = formatMoney(cost, coin);
    let done;
    if (plan === "relay-fill-with-permit") {
      // One permit signature for the price (the settlement checks it covers units × price), one for the request.
      done = await tx.run(
        { label: viaRelayerLabel(`Sign the payment of ${price} and the purchase of ${what}`) },
        async () => {
          const block = await getBlock(wagmiConfig, { chainId });
          const permit = await signPermit(wagmiConfig, {
            chainId,
            token: order.paymentToken,
            domain: coin.permit!,
            owner: me,
            spender: settlement,
            value: cost,
            now: Number(block.timestamp),
          });
          return fees.gasless.send({
            to: settlement,
            contract: "Settlement",
            functionName: "fillWithPermit",
            args: [order.id, units.value, permit.deadline, permit.v, permit.r, permit.s],
          });
        },
      );
    } else if (plan === "relay-fill") {
      done = await tx.run({ label: viaRelayerLabel(`Buy ${what} for ${price}`) }, () =>
        fees.gasless.send({
          to: settlement,
          contract: "Settlement",
          functionName: "fill",
          args: [order.id, units.value],
        }),
      );
    } else {
      const twoSteps = plan === "approve-then-fill";
      if (twoSteps) {
        const ok = await tx.run({ label: `Approve ${price} for the settlement contract`, index: 1, total: 2 }, () =>
          approve(order.paymentToken, settlement, cost),
        );
        if (!ok) return;
      }
      done = await tx.run({ label: `Buy ${what} for ${price}`, index: twoSteps ? 2 : 1, total: twoSteps ? 2 : 1 }, () =>
        write({ contractName: "Settlement", address: settlement, functionName: "fill", args: [order.id, units.value] }),
      );
    }
    if (fees.relayed) fees.gasless.refresh();
    if (done) {
      setUnitsText("");
      onChange(
        `You bought ${formatUnits(units.value)} of ${order.symbol} for ${formatMoney(cost, coin)}. They are in your wallet.`,
      );
    }
  }

  async function cancel() {
    onActing(true);
    const label = `Cancel order ${order.id}`;
    const call = { functionName: "cancel", args: [order.id] } as const;
    const done = await tx.run(fees.relayed ? { label: viaRelayerLabel(label) } : { label }, () =>
      fees.relayed
        ? fees.gasless.send({ to: settlement, contract: "Settlement", ...call })
        : write({ contractName: "Settlement", address: settlement, ...call }),
    );
    if (fees.relayed) fees.gasless.refresh();
    if (done)
      onChange(
        `Order ${order.id} is cancelled: your ${formatUnits(order.unitsRemaining)} of ${order.symbol} are free again.`,
      );
  }

  return (
    <li
      className="panel stack"
      data-testid="order"
      aria-label={`Order ${order.id}: ${formatUnits(order.unitsRemaining)} of ${order.symbol}`}
    >
      <div className="row">
        <strong>
          {formatUnits(order.unitsRemaining)} of {order.symbol}
        </strong>
        <span>at {coin ? formatMoney(order.pricePerUnit, coin) : "…"} each</span>
        <span className="muted small">
          seller <AddressText value={order.seller} noCopy /> · until {formatDate(order.expiry)}
        </span>
        <span className="spacer" />
        {!open ? (
          <span className="muted small" data-testid="order-closed">
            No longer open
          </span>
        ) : mine ? (
          <button
            type="button"
            className="btn btn--danger btn--small"
            disabled={!fees.covers(TYPICAL_GAS.cancelOrder) || isInFlight(tx.state)}
            onClick={() => void cancel()}
          >
            Cancel order
          </button>
        ) : me ? (
          <>
            <Field label="Units to buy" className="inline-field">
              {(ids) => (
                <input
                  {...ids}
                  className="input"
                  style={{ width: 90 }}
                  value={unitsText}
                  onChange={(e) => setUnitsText(e.target.value)}
                />
              )}
            </Field>
            <button
              type="button"
              className="btn btn--primary btn--small"
              disabled={!units.ok || !fees.covers(TYPICAL_GAS.fillOrder) || isInFlight(tx.state)}
              onClick={() => void buy()}
            >
              Buy
            </button>
          </>
        ) : null}
      </div>
      {me && !mine && fill && coin && trade.data ? (
        <p className="small" data-testid="buy-fees">
          {buyerFeeText(fill, trade.data.bps, coin)}
        </p>
      ) : null}
      {me && trade.data?.increase ? (
        <p className="small muted" data-testid="trade-fee-increase">
          {increaseSentence("trade fee", trade.data.increase)} {OPEN_ORDER_INCREASE_NOTE}
        </p>
      ) : null}
      {verdict && !verdict.allowed ? (
        <Alert tone="warn" title={verdict.title}>
          <p>{verdict.action}</p>
        </Alert>
      ) : null}
      {needsEth && coin ? (
        <Alert tone="warn" title="This purchase needs a little ETH.">
          <p>
            {coin.symbol} cannot be authorised by signature, so the settlement contract needs an approval, a transaction
            your wallet pays for. Add a little ETH to your wallet, then buy again.
          </p>
        </Alert>
      ) : null}
      <TransactionTracker
        state={tx.state}
        explorerUrl={explorerUrl}
        onDismiss={() => {
          tx.reset();
          onActing(false);
        }}
      />
    </li>
  );
}

export default function MarketPage() {
  usePageTitle("Secondary market");
  const { address } = useConnection();
  const book = useOrderBook();
  const [done, setDone] = useState<string | undefined>();
  // Orders the user acts on, as last seen: the row stays, with its tracker, until the user dismisses the outcome,
  // even when the book's refetch (every 4 s) no longer lists the order (the user's fill took its last units).
  const [kept, setKept] = useState<ReadonlyMap<string, Order>>(new Map());
  const acting = (order: Order) => (on: boolean) =>
    setKept((now) => {
      const next = new Map(now);
      if (on) next.set(String(order.id), order);
      else next.delete(String(order.id));
      return next;
    });
  const listed = book.data?.orders ?? [];
  const isListed = (order: Order) => listed.some((o) => o.id === order.id);
  const rows = [...listed, ...[...kept.values()].filter((o) => !isListed(o))];
  // Posting and filling are the page's largest actions (cancelling costs less): the wallet that can pay them pays all.
  const gasless = useGasless(address, TYPICAL_GAS.fillOrder);
  const relayed = gasless.payer === "relayer" && gasless.relay !== null;
  const fees: FeePath = {
    gasless,
    relayed,
    covers: (gas) => !relayed || (gasless.relay !== null && allowanceCovers(gasless.relay, gas)),
  };
  const after = (summary: string) => {
    setDone(summary);
    void book.refetch();
  };
  return (
    <div className="stack" data-testid="market">
      <div className="page-head">
        <div>
          <div className="eyebrow">Secondary market</div>
          <h1>Buy and sell units</h1>
          <p>Units and payment change hands in one transaction, and only if the token's rules allow the buyer.</p>
        </div>
      </div>
      {book.isPending ? <Loading label="Loading orders" /> : null}
      {book.isError ? (
        <Alert tone="bad" title="The order book could not be read">
          <p>{book.error.message}</p>
        </Alert>
      ) : null}
      {done ? (
        <Alert tone="ok" title="Done">
          <p data-testid="market-done">{done}</p>
        </Alert>
      ) : null}
      {address && relayed && gasless.relay ? <GaslessNotice relay={gasless.relay} gas={TYPICAL_GAS.fillOrder} /> : null}
      {book.data && address ? (
        <SellForm me={address} settlement={book.data.settlement} fees={fees} onPosted={after} />
      ) : null}
      {book.data ? (
        <section className="stack" aria-labelledby="orders">
          <h2 id="orders">Open orders</h2>
          {rows.length === 0 ? (
            <EmptyState title="No open orders">
              <p>Holders can offer their units here once an offering has closed.</p>
            </EmptyState>
          ) : (
            <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {rows.map((o) => (
                <OrderRow
                  key={String(o.id)}
                  order={o}
                  open={isListed(o)}
                  onActing={acting(o)}
                  me={address}
                  settlement={book.data.settlement}
                  fees={fees}
                  onChange={after}
                />
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
