/**
 * Every address (and transaction hash) the app shows goes through here: shortened, with the full value for
 * assistive technology and on hover, a copy button, a link to the block explorer when one is configured, and the
 * name the platform knows for it: a platform contract of the deployment record, the payment token, the
 * connected wallet ("You"), or a name the caller knows (a user's display name on the officers' screens).
 * Investors' names are never looked up for public pages: a wallet there stays a wallet.
 */
import { useState } from "react";
import { isAddressEqual, type Address as Addr } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { deployments } from "../contracts/addresses";

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** People's names for the platform's contracts (deployment record keys). */
const CONTRACT_NAMES: Record<string, string> = {
  IdentityRegistry: "Identity registry",
  PlatformFees: "Fee schedule",
  PropertyTokenFactory: "Token factory",
  RentDistributor: "Rent distributor",
  Settlement: "Settlement contract",
  TestStablecoin: "Test stablecoin",
};

const isAddress = (value: string): value is Addr => /^0x[0-9a-fA-F]{40}$/.test(value);

/** The name the deployment record gives `address` on `chainId` (a platform contract or the payment token), if any. */
export function knownName(address: string, chainId: number, records = deployments): string | undefined {
  if (!isAddress(address)) return undefined;
  const record = records.get(chainId);
  if (!record) return undefined;
  if (record.paymentToken && isAddressEqual(record.paymentToken.address, address))
    return `${record.paymentToken.symbol} (payment token)`;
  const entry = Object.entries(record.contracts).find(([, c]) => c && isAddressEqual(c.address, address));
  return entry ? (CONTRACT_NAMES[entry[0]] ?? entry[0]) : undefined;
}

/** The explorer page of an address or a transaction hash (66 characters), or `undefined` without an explorer. */
export function explorerLink(explorerUrl: string | undefined, value: string): string | undefined {
  if (!explorerUrl) return undefined;
  return `${explorerUrl}/${value.length === 66 ? "tx" : "address"}/${value}`;
}

/** A short address without copy or link (the connected wallet's chip), full value on hover and for screen readers. */
export function ShortAddress({ value }: { value: string }) {
  return (
    <span className="mono" title={value}>
      <span aria-hidden="true">{shortAddress(value)}</span>
      <span className="visually-hidden">{value}</span>
    </span>
  );
}

/** A transaction hash, short, linked to the explorer when there is one (no hooks: the tracker renders anywhere). */
export function TxHash({ hash, explorerUrl }: { hash: string; explorerUrl: string | undefined }) {
  const href = explorerLink(explorerUrl, hash);
  return href ? (
    <a href={href} target="_blank" rel="noreferrer">
      {shortAddress(hash)}
    </a>
  ) : (
    <ShortAddress value={hash} />
  );
}

interface Props {
  value: Addr | string;
  /** A name the caller knows for this address (e.g. a user's display name, a token symbol). */
  name?: string | null | undefined;
  /** Hide the copy button (dense tables keep the explorer link and the title). */
  noCopy?: boolean;
}

/** An address or transaction hash shown short, named where known, with copy and explorer link. */
export function Address({ value, name, noCopy }: Props) {
  const { chainId, explorerUrl } = useAppConfig();
  const { address: me } = useConnection();
  const [copied, setCopied] = useState(false);
  const label = name ?? (me && isAddress(value) && isAddressEqual(me, value) ? "You" : knownName(value, chainId));
  const short = <ShortAddress value={value} />;
  const href = explorerLink(explorerUrl, value);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => undefined,
    );
  };
  return (
    <span className="address" data-address={value}>
      {label ? <span className="address__name">{label} </span> : null}
      {href ? (
        <a
          href={href}
          target="_blank"
          rel="noreferrer"
          aria-label={`${label ?? "Address"} ${value} in the block explorer`}
        >
          {short}
        </a>
      ) : (
        short
      )}
      {noCopy ? null : (
        <button
          type="button"
          className="address__copy"
          onClick={copy}
          aria-label={copied ? "Copied" : `Copy ${value.length === 66 ? "transaction hash" : "address"}`}
          title="Copy"
        >
          {copied ? (
            "✓"
          ) : (
            <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <rect x="8" y="8" width="12" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
              <path
                d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
              />
            </svg>
          )}
        </button>
      )}
    </span>
  );
}
