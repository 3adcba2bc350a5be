import type { Address as Addr } from "viem";

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** An address shown short, with the full value for assistive technology and on hover. */
export function Address({ value }: { value: Addr | string }) {
  return (
    <span className="mono" title={value}>
      <span aria-hidden="true">{shortAddress(value)}</span>
      <span className="visually-hidden">{value}</span>
    </span>
  );
}
