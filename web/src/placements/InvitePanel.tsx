/**
 * "Invite an investor" (issue 20): the manager of a launched property signs an invitation to its offering in their own
 * wallet (EIP-712, typedData.ts) for one verified investor, at a price and for a range of units of their choosing,
 * and the backend keeps it for the investor to find. Below, the property's invitations with their status from the
 * chain, and a Revoke for open ones (`revokeInvitation` from the same wallet: only the offering's issuer may).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { zeroAddress, type Address, type Hex } from "viem";
import { useSignTypedData } from "wagmi";
import { useApi } from "../api/ApiContext";
import { ApiError } from "../api/client";
import { placementKeys } from "../api/queryKeys";
import { useAppConfig } from "../app/AppConfigContext";
import { useContractRead, useContractWrite } from "../contracts/hooks";
import { useOfferingCoin } from "../contracts/useStablecoin";
import { formatAmountNumber, formatMoney, formatUnits, type Coin } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { TransactionTracker } from "../tx/TransactionTracker";
import { isInFlight } from "../tx/tracker";
import { useTransaction } from "../tx/useTransaction";
import { Address as AddressText, TxHash } from "../ui/Address";
import { Alert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Skeleton";
import { Cell, Table } from "../ui/Table";
import { postInvitation, usePropertyInvitations, type Invitation } from "./api";
import { standing } from "./standing";
import { STATUS_DISPLAY, unitRange } from "./status";
import { useChainStatuses } from "./useChainStatus";
import { invitationTypedData, randomSalt } from "./typedData";
import { checkInvite, checkWallet, defaultExpiry, type InviteErrors, type InviteFields } from "./validation";
import "./placements.css";

interface Props {
  propertyId: string;
  offering: Address;
}

/** `selling`: the offering is pending or open (an invitation is redeemable only while it is open); else the list only. */
export function InvitePanel({ propertyId, offering, selling }: Props & { selling: boolean }) {
  const coin = useOfferingCoin(offering);
  const terms = useContractRead({ contractName: "PropertyOffering", address: offering, functionName: "terms" });
  if (!coin || !terms.data) return <Loading label="Reading the offering's terms" />;
  return (
    <section className="panel stack" aria-labelledby="invite-heading" data-testid="invite-panel">
      {/* Once the offering no longer sells (funded, failed, cancelled, a sold property's record), nothing invites. */}
      <h3 id="invite-heading">{selling ? "Invite an investor" : "Private placements"}</h3>
      {selling ? (
        <p className="small muted">
          A private placement: a verified investor buys units of this offering at the price you set, within the range
          you allow, until the invitation expires. You sign the invitation in your wallet (no transaction, no fee); the
          investor finds it in their portfolio and pays through the offering's escrow, like any subscriber.
        </p>
      ) : null}
      {selling ? (
        <InviteForm
          propertyId={propertyId}
          offering={offering}
          coin={coin}
          offeringPrice={terms.data.pricePerUnit}
          hardCap={terms.data.hardCap}
          maxTicket={terms.data.maxTicket}
        />
      ) : (
        <p className="small">The offering is no longer selling: invitations can no longer be accepted.</p>
      )}
      <InvitationList propertyId={propertyId} offering={offering} coin={coin} />
    </section>
  );
}

function InviteForm({
  propertyId,
  offering,
  coin,
  offeringPrice,
  hardCap,
  maxTicket,
}: Props & { coin: Coin; offeringPrice: bigint; hardCap: bigint; maxTicket: bigint }) {
  const { chainId } = useAppConfig();
  const api = useApi();
  const queryClient = useQueryClient();
  const sign = useSignTypedData();
  const [fields, setFields] = useState<InviteFields>(() => ({
    wallet: "",
    minUnits: "1",
    maxUnits: "10",
    price: formatAmountNumber(offeringPrice, coin.decimals),
    expiry: defaultExpiry(Date.now()),
  }));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const wallet = checkWallet(fields.wallet);
  // The invitation names the wallet's identity in the registry (any wallet of it may redeem); none: not registered.
  const identity = useContractRead({
    contractName: "IdentityRegistry",
    functionName: "identityOf",
    args: [wallet.ok ? wallet.value : zeroAddress],
    enabled: wallet.ok,
  });
  const identityOf = wallet.ok && identity.data !== undefined ? identity.data : undefined;
  // What the offering would still book for that identity: the form refuses a minimum that could never be accepted.
  const sold = useContractRead({ contractName: "PropertyOffering", address: offering, functionName: "unitsSold" });
  const identityUnits = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "subscribedUnitsOfIdentity",
    args: [identityOf ?? zeroAddress],
    enabled: identityOf !== undefined && identityOf !== zeroAddress,
  });
  const room =
    sold.data !== undefined
      ? { maxTicket, remaining: hardCap - sold.data, identityUnits: identityUnits.data ?? 0n }
      : undefined;
  const check = checkInvite(fields, { decimals: coin.decimals, nowMs: Date.now(), room });
  const errors: InviteErrors = touched && !check.ok ? { ...check.errors } : {};
  if (touched && wallet.ok && identityOf === zeroAddress)
    errors.wallet = "This wallet is not in the identity registry: the investor must complete verification first.";
  const set = (key: keyof InviteFields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setOutcome(null);
    if (!check.ok) return;
    // The registry's answer for this wallet, read now if the field was just filled.
    const identityNow = identityOf ?? (await identity.refetch()).data;
    if (!identityNow || identityNow === zeroAddress) return;
    const { wallet: _wallet, ...rest } = check.terms;
    const message = { identity: identityNow, ...rest, salt: randomSalt() };
    setBusy(true);
    try {
      const signature: Hex = await sign.mutateAsync(invitationTypedData(chainId, offering, message));
      await postInvitation(api, propertyId, {
        identity: message.identity,
        minUnits: String(message.minUnits),
        maxUnits: String(message.maxUnits),
        pricePerUnit: String(message.pricePerUnit),
        expiry: new Date(Number(message.expiry) * 1000).toISOString(),
        salt: message.salt,
        signature,
      });
      setOutcome({ ok: true, text: `Invitation signed and sent: the investor sees it in their portfolio.` });
      setFields((f) => ({ ...f, wallet: "" }));
      setTouched(false);
      void queryClient.invalidateQueries({ queryKey: placementKeys.ofProperty(propertyId) });
    } catch (error) {
      setOutcome({
        ok: false,
        text:
          error instanceof ApiError
            ? error.message
            : /reject|denied/i.test((error as Error).message)
              ? "You declined the signature in your wallet; nothing was sent."
              : (error as Error).message,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate data-testid="invite-form">
      <div className="invite-grid">
        <Field
          label="Investor's wallet"
          hint={
            identityOf && identityOf !== zeroAddress && wallet.ok && identityOf !== wallet.value
              ? `Invites the wallet's identity ${identityOf}: any of its verified wallets may accept.`
              : "The address the investor verified with (0x…)."
          }
          error={errors.wallet}
          className="invite-grid__wide"
        >
          {(ids) => (
            <input
              {...ids}
              className="input mono"
              value={fields.wallet}
              onChange={set("wallet")}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Minimum units" error={errors.minUnits}>
          {(ids) => (
            <input {...ids} className="input" inputMode="numeric" value={fields.minUnits} onChange={set("minUnits")} />
          )}
        </Field>
        <Field label="Maximum units" error={errors.maxUnits}>
          {(ids) => (
            <input {...ids} className="input" inputMode="numeric" value={fields.maxUnits} onChange={set("maxUnits")} />
          )}
        </Field>
        <Field
          label={`Price per unit (${coin.symbol})`}
          hint={`The offering's price is ${formatMoney(offeringPrice, coin)}.`}
          error={errors.price}
        >
          {(ids) => (
            <input {...ids} className="input" inputMode="decimal" value={fields.price} onChange={set("price")} />
          )}
        </Field>
        <Field label="Expires" hint="Your local time; 14 days ahead by default." error={errors.expiry}>
          {(ids) => (
            <input {...ids} className="input" type="datetime-local" value={fields.expiry} onChange={set("expiry")} />
          )}
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? "Check your wallet…" : "Sign and send the invitation"}
        </button>
      </div>
      {outcome?.ok ? (
        <p className="small" role="status">
          ✓ {outcome.text}
        </p>
      ) : outcome ? (
        <Alert tone="bad" title="The invitation was not sent">
          <p>{outcome.text}</p>
        </Alert>
      ) : null}
    </form>
  );
}

function InvitationList({ propertyId, offering, coin }: Props & { coin: Coin }) {
  const { explorerUrl } = useAppConfig();
  const list = usePropertyInvitations(propertyId);
  const write = useContractWrite();
  const tx = useTransaction();
  const busy = isInFlight(tx.state);
  // The invitation just revoked on chain, until the list (the backend's sync) shows it so.
  const [revoking, setRevoking] = useState<string | null>(null);
  async function revoke(invitation: Invitation) {
    setRevoking(invitation.hash);
    const label = `Revoke the invitation for ${unitRange(invitation)} at ${formatMoney(BigInt(invitation.pricePerUnit), coin)}`;
    await tx.run({ label }, () =>
      write({
        contractName: "PropertyOffering",
        address: offering,
        functionName: "revokeInvitation",
        args: [invitation.hash as Hex],
      }),
    );
    await list.refetch();
  }
  // The offering's own word on the invitations the record still lists open: a redemption the platform has not synced
  // yet must not be offered for revocation (the chain would refuse it).
  const chain = useChainStatuses(list.data?.items ?? []);
  if (list.isPending) return <Loading label="Loading the invitations" />;
  if (list.isError)
    return (
      <Alert tone="bad" title="The invitations could not be loaded">
        <p>{list.error.message}</p>
      </Alert>
    );
  const now = Date.now();
  const of = (inv: Invitation) => standing(inv, chain.of(inv), now);
  return (
    <div className="stack">
      <h4 style={{ margin: 0 }}>Invitations</h4>
      {list.data.items.length === 0 ? (
        <p className="small muted">No invitation yet.</p>
      ) : (
        <Table className="invitations" data-testid="invitations">
          <thead>
            <tr>
              <th>Investor</th>
              <th>Status</th>
              <th className="num">Units</th>
              <th className="num">Price per unit</th>
              <th>Expires</th>
              <th>Redemption</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((inv) => {
              const shown = of(inv);
              const status = STATUS_DISPLAY[shown.status];
              return (
                <tr key={inv.id} data-invitation={inv.hash}>
                  <Cell label="Investor">
                    <AddressText value={inv.identity} noCopy />
                  </Cell>
                  <Cell label="Status">
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </Cell>
                  <Cell label="Units" className="num">
                    {unitRange(inv)}
                  </Cell>
                  <Cell label="Price per unit" className="num">
                    {formatMoney(BigInt(inv.pricePerUnit), coin)}
                  </Cell>
                  <Cell label="Expires">{formatDateTime(inv.expiry)}</Cell>
                  <Cell label="Redemption">
                    {inv.redemption ? (
                      <span data-testid="redemption">
                        {formatUnits(BigInt(inv.redemption.units))} for {formatMoney(BigInt(inv.redemption.paid), coin)}{" "}
                        by <AddressText value={inv.redemption.investor} noCopy /> · tx{" "}
                        <TxHash hash={inv.redemption.txHash} explorerUrl={explorerUrl} />
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </Cell>
                  <Cell label="">
                    {shown.revocable ? (
                      <button
                        type="button"
                        className="btn btn--danger btn--small"
                        disabled={busy}
                        onClick={() => void revoke(inv)}
                      >
                        Revoke
                      </button>
                    ) : null}
                  </Cell>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      {tx.state.status === "confirmed" && list.data.items.some((i) => i.hash === revoking && i.status === "open") ? (
        <p className="small muted" role="status">
          Revoked on chain; the list shows it once the platform has synced the block (a few seconds).
        </p>
      ) : null}
    </div>
  );
}
