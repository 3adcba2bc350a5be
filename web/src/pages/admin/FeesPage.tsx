import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import type { components } from "../../api/generated/openapi";
import { feeKeys } from "../../api/queryKeys";
import { useStablecoin } from "../../contracts/useStablecoin";
import { formatBps, formatMoney } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { useSignedIn } from "../../wallet/session";
import { Address } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { ProblemAlert } from "../manage/ProblemAlert";

type FeeKind = components["schemas"]["FeeKind"];
type Revenue = components["schemas"]["FeeRevenue"];
type RevenueRow = Revenue["totals"][number] | Revenue["properties"][number];

/** What each fee is charged on, in the words of the fee schedule. */
export const FEE_KIND_LABELS: Record<FeeKind, string> = {
  PRIMARY: "Primary sale (offering proceeds)",
  RENT: "Rent (management fee)",
  TRADE: "Secondary trade",
  EXIT: "Exit (sale proceeds)",
};

/** An amount in base units of `token`, in that token's currency; it waits for the token's decimals, never guesses. */
function FeeAmount({ amount, token }: { amount: string; token: string | null }) {
  const coin = useStablecoin((token ?? undefined) as `0x${string}` | undefined);
  return <>{coin ? formatMoney(BigInt(amount), coin) : `${amount} base units`}</>;
}

/**
 * The admins' fee console (issue 20): the platform's fee schedule as the chain has it (fee in effect per kind with
 * its maximum, announced increases and their date, properties with a lower fee) and the fees paid, per kind and per
 * property, over a window of days. Everything is read from the chain sync through the API.
 */
export function FeesPage() {
  const { hasRole } = useSignedIn();
  if (!hasRole("ADMIN"))
    return (
      <section className="stack" aria-labelledby="fees-title">
        <h2 id="fees-title">Fees</h2>
        <Alert tone="info" title="Admins only">
          <p>Only an admin can read the platform’s fee schedule and fee revenue here. Ask an admin for them.</p>
        </Alert>
      </section>
    );
  return (
    <div className="stack">
      <FeeSchedule />
      <FeeRevenue />
    </div>
  );
}

function FeeSchedule() {
  const api = useApi();
  const schedule = useQuery({
    queryKey: feeKeys.schedule(),
    queryFn: ({ signal }) => data(api.GET("/fees", { signal })),
  });
  return (
    <section className="panel stack" aria-labelledby="fee-schedule">
      <h2 id="fee-schedule">Fee schedule</h2>
      <p className="small muted">
        Set in the fee contract. A decrease applies at once; an increase applies 12 weeks after it is announced, and an
        offering already open keeps the fee it started with.
      </p>
      {schedule.isPending ? (
        <Loading label="Loading the fee schedule" />
      ) : schedule.isError ? (
        <ProblemAlert error={schedule.error} title="The fee schedule could not be loaded" />
      ) : schedule.data.kinds.length === 0 ? (
        <EmptyState title="No fee schedule yet">
          <p>The schedule appears once the chain sync has read the fee contract.</p>
        </EmptyState>
      ) : (
        <>
          <div className="admin-table">
            <Table aria-label="Fee per kind">
              <thead>
                <tr>
                  <th scope="col">Charged on</th>
                  <th scope="col" className="num">
                    Fee now
                  </th>
                  <th scope="col" className="num">
                    Maximum
                  </th>
                  <th scope="col">Announced increase</th>
                  <th scope="col">Paid to</th>
                </tr>
              </thead>
              <tbody>
                {schedule.data.kinds.map((k) => (
                  <tr key={k.kind}>
                    <Cell label="Charged on">{FEE_KIND_LABELS[k.kind]}</Cell>
                    <Cell label="Fee now" className="num">
                      {formatBps(k.bps)}
                    </Cell>
                    <Cell label="Maximum" className="num">
                      {formatBps(k.maxBps)}
                    </Cell>
                    <Cell label="Announced increase">
                      {k.pending ? `${formatBps(k.pending.bps)} from ${formatDate(k.pending.effectiveAt)}` : "None"}
                    </Cell>
                    <Cell label="Paid to">
                      <Address value={k.collector} noCopy />
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          {schedule.data.overrides.length > 0 ? (
            <div className="admin-table">
              <h3>Properties with a lower fee</h3>
              <Table aria-label="Properties with a lower fee">
                <thead>
                  <tr>
                    <th scope="col">Property token</th>
                    <th scope="col">Charged on</th>
                    <th scope="col" className="num">
                      Their fee
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {schedule.data.overrides.map((o) => (
                    <tr key={`${o.kind}:${o.token}`}>
                      <Cell label="Property token">
                        {o.propertyId ? (
                          <Link to={`/properties/${o.propertyId}`}>
                            <Address value={o.token} noCopy />
                          </Link>
                        ) : (
                          <Address value={o.token} noCopy />
                        )}
                      </Cell>
                      <Cell label="Charged on">{FEE_KIND_LABELS[o.kind]}</Cell>
                      <Cell label="Their fee" className="num">
                        {formatBps(o.bps)} (or the platform’s, if lower)
                      </Cell>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function FeeRevenue() {
  const api = useApi();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const backwards = from !== "" && to !== "" && from > to;
  const revenue = useQuery({
    queryKey: feeKeys.revenue(from, to),
    enabled: !backwards,
    queryFn: ({ signal }) =>
      data(
        api.GET("/admin/fees/revenue", {
          params: {
            query: {
              from: from ? `${from}T00:00:00Z` : undefined,
              // the whole last day: the route's `to` is exclusive
              to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : undefined,
            },
          },
          signal,
        }),
      ),
  });
  return (
    <section className="panel stack" aria-labelledby="fee-revenue">
      <h2 id="fee-revenue">Fee revenue</h2>
      <p className="small muted">
        Fees paid to the platform’s collectors, as the chain recorded them: on offering proceeds as they are released,
        on each rent deposit, on each secondary trade and on a sale’s proceeds when the holders sell a property. Days
        are UTC.
      </p>
      <form className="filters" aria-label="Revenue period" onSubmit={(e) => e.preventDefault()}>
        <Field label="From">
          {(ids) => (
            <input {...ids} type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label="To (included)" error={backwards ? "The period ends before it starts." : undefined}>
          {(ids) => <input {...ids} type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </form>
      {backwards ? null : revenue.isPending ? (
        <Loading label="Loading the fee revenue" />
      ) : revenue.isError ? (
        <ProblemAlert error={revenue.error} title="The fee revenue could not be loaded" />
      ) : revenue.data.totals.length === 0 ? (
        <EmptyState title="No fee paid in this period">
          <p>Fees appear here once a release, a rent deposit, a trade or a sale has paid one.</p>
        </EmptyState>
      ) : (
        <>
          <RevenueTable title="Per kind" rows={revenue.data.totals} />
          <RevenueTable title="Per property" rows={revenue.data.properties} />
        </>
      )}
    </section>
  );
}

/** Revenue rows in a table; rows that name a property token get a Property column. */
function RevenueTable({ title, rows }: { title: string; rows: readonly RevenueRow[] }) {
  const perProperty = rows.some((r) => "token" in r);
  return (
    <div className="admin-table">
      <h3>{title}</h3>
      <Table aria-label={`Fee revenue ${title.toLowerCase()}`}>
        <thead>
          <tr>
            {perProperty ? <th scope="col">Property</th> : null}
            <th scope="col">Charged on</th>
            <th scope="col" className="num">
              Revenue
            </th>
            <th scope="col" className="num">
              Payments
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${"token" in r ? r.token : ""}:${r.kind}:${r.paymentToken ?? ""}`}>
              {"token" in r ? (
                <Cell label="Property">
                  {r.propertyId ? (
                    <Link to={`/properties/${r.propertyId}`}>{r.propertyName}</Link>
                  ) : (
                    <>
                      Unlisted token <Address value={r.token} noCopy />
                    </>
                  )}
                </Cell>
              ) : null}
              <Cell label="Charged on">{FEE_KIND_LABELS[r.kind]}</Cell>
              <Cell label="Revenue" className="num">
                <FeeAmount amount={r.amount} token={r.paymentToken} />
              </Cell>
              <Cell label="Payments" className="num">
                {r.payments}
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
