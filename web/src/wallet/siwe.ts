/** The Sign-In with Ethereum (EIP-4361) message the backend verifies, built with viem. */
import { createSiweMessage } from "viem/siwe";
import type { Address } from "viem";

export const SIWE_STATEMENT = "Sign in to Freehold. This request does not send a transaction or cost anything.";

export interface SiweInput {
  address: Address;
  chainId: number;
  nonce: string;
  /** `window.location` of the app: the backend checks the domain. */
  origin: string;
  now?: Date;
}

export function buildSiweMessage({ address, chainId, nonce, origin, now = new Date() }: SiweInput): string {
  const url = new URL(origin);
  return createSiweMessage({
    address,
    chainId,
    domain: url.host,
    uri: url.origin,
    nonce,
    version: "1",
    statement: SIWE_STATEMENT,
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 10 * 60_000),
  });
}
