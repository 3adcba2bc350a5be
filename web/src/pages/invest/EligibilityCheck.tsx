import { Link } from "react-router";
import type { Explanation } from "../../compliance/eligibility";
import type { LimitProblem } from "../../compliance/offeringLimits";

export interface Checks {
  verdict: Explanation | undefined;
  limits: LimitProblem[];
  funds: string | undefined;
}

export function allClear(c: Checks): boolean {
  return Boolean(c.verdict?.allowed) && c.limits.length === 0 && !c.funds;
}

/** The checks that run before the wallet opens: the token's compliance verdict, the offering's limits, funds. */
export function EligibilityCheck({ checks, loading }: { checks: Checks; loading: boolean }) {
  const { verdict, limits, funds } = checks;
  return (
    <section className="panel stack" aria-labelledby="eligibility" data-testid="eligibility">
      <h2 id="eligibility">Before you pay</h2>
      {loading || !verdict ? <p className="muted">Checking the compliance rules…</p> : null}
      <ul className="checks">
        {verdict ? (
          <li className={verdict.allowed ? "ok" : "bad"}>
            <strong>{verdict.allowed ? "You are eligible to hold these units." : verdict.title}</strong>
            {!verdict.allowed ? (
              <>
                <span> {verdict.action}</span>
                {verdict.fix === "kyc" ? (
                  <span>
                    {" "}
                    <Link to="/kyc">Go to identity verification</Link>
                  </span>
                ) : null}
              </>
            ) : (
              <span className="small muted">
                {" "}
                The property token's compliance rules were checked for your wallet and this amount.
              </span>
            )}
          </li>
        ) : null}
        {limits.map((p) => (
          <li key={p.message} className="bad">
            <strong>{p.message}</strong>
          </li>
        ))}
        {verdict && limits.length === 0 ? (
          <li className="ok">
            <strong>Within the offering's limits.</strong>
          </li>
        ) : null}
        {funds ? (
          <li className="bad">
            <strong>{funds}</strong>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
