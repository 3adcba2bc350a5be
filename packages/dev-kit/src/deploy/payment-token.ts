/**
 * What the deploy learns about the payment stablecoin, read on chain: its name, symbol and decimals, and whether it
 * has a working EIP-2612 `permit` (and under which EIP-712 domain, so the web app can ask wallets to sign one).
 *
 * Permit detection does not trust the ABI: a token may have `DOMAIN_SEPARATOR()` and `nonces()` yet a different
 * `permit` (DAI's takes `nonce, expiry, allowed`), or a domain version nobody can guess (USDC's is "2" and it has
 * no EIP-5267 `eip712Domain()`). So the probe finds the domain whose hash equals `DOMAIN_SEPARATOR()`, then signs
 * a real permit with a throwaway key and simulates it (`eth_call`, nothing is sent). Only a permit that would
 * succeed is recorded; anything else records `permit: null` and investors approve, then subscribe.
 */
import { Contract, getAddress, Signature, TypedDataEncoder, Wallet, type Provider } from "ethers";
import {
  EIP2612_PERMIT_TYPES,
  MAX_PAYMENT_DECIMALS,
  erc20Abi,
  erc2612Abi,
  erc5267Abi,
  type PaymentTokenRecord,
} from "@freehold/deployments";

/** USDC and others expose their EIP-712 version this way (not part of any ERC). */
const VERSION_ABI = ["function version() view returns (string)"];

async function attempt<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/** The EIP-712 domain `DOMAIN_SEPARATOR()` was built from, among the candidates the token tells about. */
async function permitDomain(
  token: Contract,
  provider: Provider,
  name: string,
): Promise<{ name: string; version: string } | null> {
  const separator = await attempt(() => token.getFunction("DOMAIN_SEPARATOR")() as Promise<string>);
  const nonce = await attempt(() => token.getFunction("nonces")(Wallet.createRandom().address) as Promise<bigint>);
  if (separator === undefined || nonce === undefined) return null;
  const chainId = (await provider.getNetwork()).chainId;
  const verifyingContract = await token.getAddress();
  const eip5267 = await attempt(() => token.getFunction("eip712Domain")() as Promise<[string, string, string]>);
  const declared = await attempt(() => token.getFunction("version")() as Promise<string>);
  const candidates = [
    ...(eip5267 ? [{ name: eip5267[1], version: eip5267[2] }] : []),
    ...[declared, "1", "2"].filter((v): v is string => v !== undefined).map((version) => ({ name, version })),
  ];
  return (
    candidates.find((d) => TypedDataEncoder.hashDomain({ ...d, chainId, verifyingContract }) === separator) ?? null
  );
}

/** Signs a permit with a throwaway key and simulates it: true only when the token would accept it. */
async function permitWorks(
  token: Contract,
  provider: Provider,
  domain: { name: string; version: string },
): Promise<boolean> {
  const owner = Wallet.createRandom();
  const spender = Wallet.createRandom().address;
  const latest = await provider.getBlock("latest");
  const deadline = BigInt((latest?.timestamp ?? Math.floor(Date.now() / 1000)) + 3_600);
  const chainId = (await provider.getNetwork()).chainId;
  const types = { Permit: [...EIP2612_PERMIT_TYPES.Permit] };
  const message = { owner: owner.address, spender, value: 1n, nonce: 0n, deadline };
  const signature = await owner.signTypedData(
    { ...domain, chainId, verifyingContract: await token.getAddress() },
    types,
    message,
  );
  const { v, r, s } = Signature.from(signature);
  const accepted = await attempt(async () => {
    await token.getFunction("permit").staticCall(owner.address, spender, 1n, deadline, v, r, s);
    return true;
  });
  return accepted === true;
}

/**
 * Reads the stablecoin at `address`; refuses (throws, nothing sent) when there is no contract, it does not answer
 * as an ERC-20 with metadata, or it has more than `MAX_PAYMENT_DECIMALS` (8) decimals.
 */
export async function probePaymentToken(
  provider: Provider,
  address: string,
  source: PaymentTokenRecord["source"],
): Promise<PaymentTokenRecord> {
  const at = getAddress(address) as `0x${string}`;
  if ((await provider.getCode(at)) === "0x")
    throw new Error(`payment token ${at}: no contract at this address on this chain`);
  const token = new Contract(at, [...erc20Abi, ...erc2612Abi, ...erc5267Abi, ...VERSION_ABI], provider);
  const read = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const value = await attempt(() => token.getFunction(method)(...args) as Promise<T>);
    if (value === undefined)
      throw new Error(
        `payment token ${at}: ${method}() failed, so it is not an ERC-20 stablecoin the platform can use`,
      );
    return value;
  };
  const [name, symbol, decimals] = await Promise.all([
    read<string>("name"),
    read<string>("symbol"),
    read<bigint>("decimals"),
  ]);
  await read<bigint>("totalSupply");
  await read<bigint>("balanceOf", at);
  if (decimals > BigInt(MAX_PAYMENT_DECIMALS)) {
    throw new Error(
      `payment token ${at}: ${decimals} decimals; the platform accepts 0 to ${MAX_PAYMENT_DECIMALS} (a holder's rent is bounded at 2^55 base units)`,
    );
  }
  const domain = await permitDomain(token, provider, name);
  const permit = domain && (await permitWorks(token, provider, domain)) ? domain : null;
  return { address: at, name, symbol, decimals: Number(decimals), permit, source };
}

/** One line for the summary: `USDC 0x… (6 decimals, EIP-2612 permit "USD Coin" v2)`. */
export function describePaymentToken(p: PaymentTokenRecord): string {
  const permit = p.permit
    ? `EIP-2612 permit "${p.permit.name}" v${p.permit.version}`
    : "no permit: approve, then subscribe";
  return `${p.symbol} ${p.address} (${p.decimals} decimals, ${permit})`;
}

/** Whether two records of the payment token say the same thing. */
export function samePaymentToken(a: PaymentTokenRecord | undefined, b: PaymentTokenRecord): boolean {
  return (
    a !== undefined &&
    getAddress(a.address) === getAddress(b.address) &&
    a.name === b.name &&
    a.symbol === b.symbol &&
    a.decimals === b.decimals &&
    a.source === b.source &&
    a.permit?.name === b.permit?.name &&
    a.permit?.version === b.permit?.version
  );
}
