import type { ReactNode } from "react";
import { TxHash } from "../ui/Address";
import { completedSteps, type TxState } from "./tracker";

interface Props {
  state: TxState;
  /** Explorer base URL for transaction links. */
  explorerUrl?: string | undefined;
  onDismiss?: () => void;
  onRetry?: () => void;
}

function StepLabel({ state }: { state: Exclude<TxState, { status: "idle" }> }) {
  const { index, total } = state.step;
  return index && total && total > 1 ? (
    <div className="tx__steps">
      Step {index} of {total}
    </div>
  ) : null;
}

function HashLine({ hash, explorerUrl }: { hash: string; explorerUrl?: string | undefined }) {
  return (
    <div className="tx__meta">
      Transaction <TxHash hash={hash} explorerUrl={explorerUrl} />
    </div>
  );
}

/**
 * Shows where a transaction is: waiting for the wallet, pending on chain, confirmed, failed (with what to do) or
 * rejected by the user. Progress is announced politely; a failure is announced at once.
 */
export function TransactionTracker({ state, explorerUrl, onDismiss, onRetry }: Props) {
  if (state.status === "idle") return null;
  let icon: ReactNode = <span className="spinner" aria-hidden="true" />;
  let title: string;
  let detail: string;
  let technical: string | undefined;
  switch (state.status) {
    case "awaitingWallet":
      title = "Confirm in your wallet";
      detail = `${state.step.label}. Nothing happens until you approve it in your wallet.`;
      break;
    case "pending":
      title = "Waiting for confirmation";
      detail = `${state.step.label}. The transaction was sent; this usually takes a few seconds.`;
      break;
    case "confirmed":
      icon = <span aria-hidden="true">✓</span>;
      title = "Confirmed";
      detail = `${state.step.label}. Recorded on chain in block ${state.blockNumber}.`;
      break;
    case "failed":
      icon = <span aria-hidden="true">!</span>;
      title = state.error.title;
      detail = state.error.action;
      technical = state.error.technical;
      break;
    case "rejected":
      icon = <span aria-hidden="true">–</span>;
      title = state.error.title;
      detail = state.error.action;
      break;
  }
  const final = state.status === "confirmed" || state.status === "failed" || state.status === "rejected";
  return (
    <div
      className={`tx tx--${state.status}`}
      role={state.status === "failed" ? "alert" : "status"}
      aria-live={state.status === "failed" ? "assertive" : "polite"}
      data-tx-status={state.status}
    >
      {icon}
      <div className="stack" style={{ gap: 0, flex: 1 }}>
        {completedSteps(state).map((d) => (
          <p key={d.hash} className="tx__done small" data-tx-done>
            Step {d.step.index} of {d.step.total} confirmed: {d.step.label}.
          </p>
        ))}
        <StepLabel state={state} />
        <p className="tx__title">{title}</p>
        <p className="tx__detail">{detail}</p>
        {"hash" in state && state.hash ? <HashLine hash={state.hash} explorerUrl={explorerUrl} /> : null}
        {technical ? (
          <details className="technical">
            <summary>Technical details</summary>
            <code>{technical}</code>
          </details>
        ) : null}
        {final && (onRetry || onDismiss) ? (
          <div className="tx__actions">
            {onRetry && state.status !== "confirmed" ? (
              <button type="button" className="btn btn--secondary btn--small" onClick={onRetry}>
                Try again
              </button>
            ) : null}
            {onDismiss ? (
              <button type="button" className="btn btn--secondary btn--small" onClick={onDismiss}>
                Dismiss
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
