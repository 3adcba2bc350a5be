import { useState } from "react";
import { isAddress, zeroAddress, type Address, type Hex } from "viem";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { useContractWrite } from "../../contracts/hooks";
import { parseMoneyInput, type Coin } from "../../format/amounts";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Field } from "../../ui/Field";
import { KIND_INDEX, KIND_LABELS, KIND_NAMES, fieldOf, summaryOf, type ProposalKindName } from "../proposals";

/** What `propose` takes for the chosen kind, or why the form cannot send it yet. */
function proposalArgs(
  kind: ProposalKindName,
  amountText: string,
  accountText: string,
  documentSha256: string,
  coin: Coin,
): { ok: true; args: readonly [number, bigint, Address, Hex] } | { ok: false; error: string } {
  if (!documentSha256) return { ok: false, error: "Choose the proposal's document." };
  const documentHash = `0x${documentSha256}` as Hex;
  const field = fieldOf(kind);
  if (field === "account") {
    if (!isAddress(accountText.trim()) || accountText.trim() === zeroAddress)
      return { ok: false, error: "Enter the new manager's wallet address (0x…)." };
    return { ok: true, args: [KIND_INDEX[kind], 0n, accountText.trim() as Address, documentHash] };
  }
  if (field === "none") return { ok: true, args: [KIND_INDEX[kind], 0n, zeroAddress, documentHash] };
  const amount = parseMoneyInput(amountText, coin.decimals);
  if (!amount.ok) return amount;
  if (amount.value === 0n) return { ok: false, error: "Enter an amount above zero." };
  return { ok: true, args: [KIND_INDEX[kind], amount.value, zeroAddress, documentHash] };
}

/**
 * The manager opens a vote (`propose`): the kind, its price or amount (a sale's is the minimum price the holders
 * accept) or the new manager, and the proposal's document, one of the property's published documents, named on
 * chain by its SHA-256 so any holder can check the text they vote on.
 */
export function ProposeForm({
  governor,
  property,
  coin,
  onDone,
}: {
  governor: Address;
  property: PropertyDetail;
  coin: Coin;
  onDone: () => void;
}) {
  const { explorerUrl } = useAppConfig();
  const write = useContractWrite();
  const tx = useTransaction();
  const [kind, setKind] = useState<ProposalKindName>("sale");
  const [amount, setAmount] = useState("");
  const [account, setAccount] = useState("");
  const [documentSha256, setDocument] = useState("");
  const documents = property.documents.filter((d) => d.kind !== "IMAGE");
  const field = fieldOf(kind);
  const built = proposalArgs(kind, amount, account, documentSha256, coin);

  async function propose() {
    if (!built.ok) return;
    const summary = summaryOf({ kind, amount: built.args[1], account: built.args[2] }, coin);
    const done = await tx.run({ label: `Open a vote: ${summary}` }, () =>
      write({ contractName: "PropertyGovernor", address: governor, functionName: "propose", args: built.args }),
    );
    if (done) {
      setAmount("");
      setAccount("");
      onDone();
    }
  }

  return (
    <div className="stack" data-testid="propose-form">
      <h4 style={{ margin: 0 }}>Open a vote</h4>
      {documents.length === 0 ? (
        <p className="small muted" style={{ margin: 0 }}>
          Publish the proposal&apos;s document first (Photos &amp; documents): a vote always names its document.
        </p>
      ) : null}
      <div className="form-grid form-grid--end">
        <Field label="Kind">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={kind}
              onChange={(e) => setKind(e.target.value as ProposalKindName)}
            >
              {KIND_NAMES.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {field === "amount" ? (
          <Field label={`${kind === "sale" ? "Minimum price" : "Amount"} (${coin.symbol})`}>
            {(ids) => (
              <input
                {...ids}
                className="input"
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        {field === "account" ? (
          <Field label="New manager's wallet">
            {(ids) => <input {...ids} className="input" value={account} onChange={(e) => setAccount(e.target.value)} />}
          </Field>
        ) : null}
        <Field label="Document">
          {(ids) => (
            <select {...ids} className="input" value={documentSha256} onChange={(e) => setDocument(e.target.value)}>
              <option value="">Choose…</option>
              {documents.map((d) => (
                <option key={d.id} value={d.sha256}>
                  {d.fileName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!built.ok || isInFlight(tx.state)}
            onClick={() => void propose()}
          >
            Open the vote
          </button>
        </div>
      </div>
      {!built.ok && (amount || account || documentSha256) ? (
        <p className="small error" style={{ margin: 0 }}>
          {built.error}
        </p>
      ) : null}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </div>
  );
}
