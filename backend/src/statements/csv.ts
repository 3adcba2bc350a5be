/**
 * The statement as CSV (RFC 4180, CRLF): one table, one row per fact, the `section` column saying which
 * (meta, total, holding, transaction, disposal, vote). A vote row: `key` the proposal id, `value` its kind, `date`
 * opened on, `amount` its minimum price or amount, `units` the weight of the wallet's vote. A holding or total row's
 * `capital_returned` is the capital returned by refinances claimed in the period (`cost_basis` is net of it). Amounts are exact integers of
 * units of 10^-`amount_decimals` (each payment coin's base units converted with its own decimals). What they are in:
 * `coin` for every amount paid or received (cost basis, income, capital returned, realized gain, a transaction's or a
 * vote's amount, `unredeemed`); `currency` is the property's, what `nav_per_unit` and `value_at_nav` are in when
 * `nav_basis` is `valuation` (its approved valuation); with `sale` they are in `coin` (what the units redeem for). An
 * unrealized gain of a `valuation` row counts one coin unit as one unit of the currency (no exchange rate). Totals are
 * per currency and coin. An `unpriced` row names a token whose coin's decimals are unknown (no amounts of it, in no
 * totals); IRR is a
 * fraction with 10 decimals. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
import type { StatementContent } from "./content.ts";

export const CSV_COLUMNS = [
  "section",
  "key",
  "value",
  "property",
  "symbol",
  "token",
  "class",
  "currency",
  "date",
  "units",
  "amount",
  "cost_basis",
  "nav_per_unit",
  "value_at_nav",
  "unrealized_gain",
  "realized_gain",
  "income",
  "ownership_percent",
  "irr",
  "tx_hash",
  "ends_on",
  "result",
  "votes_for",
  "votes_against",
  "votes_abstain",
  "own_vote",
  "capital_returned",
  "coin",
  "nav_basis",
  "unredeemed",
] as const;
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | bigint | number | null>>;

function cell(v: string | bigint | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "number" ? v.toFixed(10) : v.toString();
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function renderCsv(c: StatementContent): Buffer {
  const rows: Row[] = [
    { section: "meta", key: "platform", value: c.platform },
    { section: "meta", key: "kind", value: c.kind },
    { section: "meta", key: "period", value: c.label },
    { section: "meta", key: "from", value: c.from },
    { section: "meta", key: "to", value: c.to },
    { section: "meta", key: "wallet", value: c.wallet },
    { section: "meta", key: "investor_ref", value: c.investorRef },
    { section: "meta", key: "amount_decimals", value: String(c.amountDecimals) },
    ...c.unpriced.map((u) => ({
      section: "unpriced",
      property: u.property,
      symbol: u.symbol,
      token: u.token,
      currency: u.currency,
      coin: u.coin,
    })),
    ...c.totals.map((t) => ({
      section: "total",
      currency: t.currency,
      coin: t.coin,
      unredeemed: t.unredeemed,
      cost_basis: t.costBasis,
      value_at_nav: t.valueAtNav,
      unrealized_gain: t.unrealizedGain,
      realized_gain: t.realizedInPeriod,
      income: t.incomeInPeriod,
      capital_returned: t.capitalReturnedInPeriod,
      irr: t.irr,
    })),
    ...c.holdings.map((h) => ({
      section: "holding",
      property: h.property,
      symbol: h.symbol,
      token: h.token,
      class: h.partition,
      currency: h.currency,
      coin: h.coin,
      nav_basis: h.navBasis,
      date: c.to,
      units: h.units,
      cost_basis: h.costBasis,
      nav_per_unit: h.navPerUnit,
      value_at_nav: h.valueAtNav,
      unrealized_gain: h.unrealizedGain,
      realized_gain: h.realizedInPeriod,
      income: h.incomeInPeriod,
      capital_returned: h.capitalReturnedInPeriod,
      ownership_percent: h.ownershipPercent,
      irr: h.irr,
    })),
    ...c.transactions.map((t) => ({
      section: "transaction",
      key: t.kind,
      property: t.property,
      symbol: t.symbol,
      currency: t.currency,
      coin: t.coin,
      date: t.date,
      units: t.units,
      amount: t.amount,
      tx_hash: t.txHash,
    })),
    ...c.disposals.map((d) => ({
      section: "disposal",
      property: d.property,
      symbol: d.symbol,
      currency: d.currency,
      coin: d.coin,
      date: d.date,
      units: d.units,
      amount: d.proceeds,
      cost_basis: d.costRemoved,
      realized_gain: d.gain,
    })),
    ...c.votes.map((v) => ({
      section: "vote",
      key: v.proposalId,
      value: v.kind,
      property: v.property,
      symbol: v.symbol,
      token: v.token,
      currency: v.currency,
      coin: v.coin,
      date: v.openedOn,
      units: v.ownWeight,
      amount: v.amount,
      ends_on: v.endsOn,
      result: v.result ? (v.result.approved ? "approved" : "rejected") : "open",
      votes_for: v.result?.for ?? null,
      votes_against: v.result?.against ?? null,
      votes_abstain: v.result?.abstain ?? null,
      own_vote: v.ownVote,
    })),
  ];
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((k) => cell(r[k])).join(","))];
  return Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
}
