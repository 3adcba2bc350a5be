import { statementFileUrl, useStatements, type InvestorStatement } from "../../api/statements";
import { useAppConfig } from "../../app/AppConfigContext";
import { formatPeriod } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { useSignedIn } from "../../wallet/session";

const KIND_LABELS: Record<InvestorStatement["kind"], string> = {
  MONTHLY: "Monthly",
  QUARTERLY: "Quarterly",
  ANNUAL: "Annual",
  TAX_ANNUAL: "Annual tax summary",
};

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`);

function Statements() {
  const { apiBaseUrl } = useAppConfig();
  const { session } = useSignedIn();
  const statements = useStatements(Boolean(session));
  if (statements.isPending) return <Loading label="Loading your statements" />;
  if (statements.isError)
    return (
      <Alert tone="bad" title="Your statements could not be loaded">
        <p>{statements.error.message}</p>
      </Alert>
    );
  const items = statements.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <p className="muted" data-testid="statements-empty">
        No statement yet. One is written after each month, quarter and year in which you held units; you are told when
        it is ready.
      </p>
    );
  return (
    <>
      <Table>
        <caption className="visually-hidden">Your statements, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Statement</th>
            <th scope="col">Period</th>
            <th scope="col">Download</th>
            <th scope="col">PDF fingerprint (SHA-256)</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id} data-testid="statement-row">
              <Cell label="Statement">
                {s.label}
                <div className="small muted">{KIND_LABELS[s.kind]}</div>
              </Cell>
              <Cell label="Period">{formatPeriod(s.periodStart, s.periodEnd)}</Cell>
              <Cell label="Download">
                <a href={statementFileUrl(apiBaseUrl, s.id, "pdf")} download>
                  PDF<span className="visually-hidden"> of {s.label}</span>
                </a>{" "}
                <span className="small muted">({size(s.pdfSize)})</span>
                {" · "}
                <a href={statementFileUrl(apiBaseUrl, s.id, "csv")} download>
                  CSV<span className="visually-hidden"> of {s.label}</span>
                </a>{" "}
                <span className="small muted">({size(s.csvSize)})</span>
              </Cell>
              <Cell label="PDF fingerprint (SHA-256)">
                <code title={s.pdfSha256} style={{ overflowWrap: "anywhere" }}>
                  {s.pdfSha256}
                </code>
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
      {statements.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => void statements.fetchNextPage()}
          disabled={statements.isFetchingNextPage}
        >
          {statements.isFetchingNextPage ? "Loading…" : "Show older statements"}
        </button>
      ) : null}
      <p className="small muted">
        The SHA-256 of each PDF is recorded when it is written: the document check on any property page confirms that a
        copy you hold is the statement issued.
      </p>
    </>
  );
}

/** The investor's statements with PDF and CSV downloads (`GET /me/statements`): needs the SIWE session. */
export function StatementsSection() {
  return (
    <section className="panel stack" aria-labelledby="statements" data-testid="statements">
      <h2 id="statements">Statements</h2>
      <RequireSignIn purpose="download your statements">
        <Statements />
      </RequireSignIn>
    </section>
  );
}
