import { useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { platformAddress } from "../../contracts/addresses";
import { useContractWrite } from "../../contracts/hooks";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Field } from "../../ui/Field";
import { parseGovernorTerms, type GovernorTermsInput } from "../governorTerms";

/**
 * The manager makes the token's governor through the factory (`launchGovernor` with the terms, fixed for good:
 * they are the holders' guarantee), then names it on the token (`setGovernor`, once). A governor launched but not
 * yet named resumes at the second step.
 */
export function LaunchGovernor({
  token,
  launched,
  onDone,
}: {
  token: Address;
  /** The factory's governor when it exists but the token does not name it yet. */
  launched: Address | null;
  onDone: () => void;
}) {
  const { explorerUrl, chainId } = useAppConfig();
  const wagmiConfig = useConfig();
  const write = useContractWrite();
  const tx = useTransaction();
  const [input, setInput] = useState<GovernorTermsInput>({ days: "7", quorum: "30", approval: "60", threshold: "0" });
  const parsed = parseGovernorTerms(input);
  const error = (field: keyof GovernorTermsInput) => (!parsed.ok && parsed.field === field ? parsed.error : undefined);
  const set = (field: keyof GovernorTermsInput) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setInput({ ...input, [field]: e.target.value });

  async function name(governor: Address, step: { index: number; total: number }) {
    const done = await tx.run({ label: "Name the governor on the token", ...step }, () =>
      write({ contractName: "PropertyToken", address: token, functionName: "setGovernor", args: [governor] }),
    );
    if (done) onDone();
  }

  async function launch() {
    if (!parsed.ok) return;
    const receipt = await tx.run({ label: "Launch the holders' governor", index: 1, total: 2 }, () =>
      write({ contractName: "PropertyTokenFactory", functionName: "launchGovernor", args: [token, parsed.value] }),
    );
    if (!receipt) return;
    // The factory's record names the clone it just made: the second step names it on the token.
    const governor = await readContract(wagmiConfig, {
      abi: abis.PropertyTokenFactory,
      address: platformAddress(chainId, "PropertyTokenFactory"),
      functionName: "governorOf",
      args: [token],
      chainId,
    });
    await name(governor, { index: 2, total: 2 });
  }

  if (launched)
    return (
      <div className="stack">
        <p style={{ margin: 0 }}>The governor is launched. Name it on the token so that votes can open.</p>
        <div>
          <button
            type="button"
            className="btn btn--primary"
            disabled={isInFlight(tx.state)}
            onClick={() => void name(launched, { index: 2, total: 2 })}
          >
            Name the governor on the token
          </button>
        </div>
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
    );
  return (
    <div className="stack" data-testid="launch-governor">
      <p className="small" style={{ margin: 0 }}>
        Holders vote on a sale, a refinance, a change of manager or a large expense through the property&apos;s
        governor. Its terms are fixed once launched.
      </p>
      <div className="form-grid">
        <Field label="Voting period (days)" error={error("days")}>
          {(ids) => <input {...ids} className="input" inputMode="numeric" value={input.days} onChange={set("days")} />}
        </Field>
        <Field label="Quorum (% of units)" error={error("quorum")}>
          {(ids) => (
            <input {...ids} className="input" inputMode="decimal" value={input.quorum} onChange={set("quorum")} />
          )}
        </Field>
        <Field label="Approval (% of for + against)" error={error("approval")}>
          {(ids) => (
            <input {...ids} className="input" inputMode="decimal" value={input.approval} onChange={set("approval")} />
          )}
        </Field>
        <Field label="Units a holder needs to propose" hint="0: only you propose" error={error("threshold")}>
          {(ids) => (
            <input {...ids} className="input" inputMode="numeric" value={input.threshold} onChange={set("threshold")} />
          )}
        </Field>
      </div>
      <div>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!parsed.ok || isInFlight(tx.state)}
          onClick={() => void launch()}
        >
          Launch the governor
        </button>
      </div>
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </div>
  );
}
