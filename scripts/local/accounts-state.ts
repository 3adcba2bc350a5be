/**
 * The demo accounts as they are when the banner is printed, not as the first start's seed left them: roles and
 * the latest KYC decision from the backend's database (read through its API as the platform admin, the backend's
 * first admin), whitelisting and test USD from the chain. After an officer approves Erin, the next start says so.
 */
import type { DemoAccount } from "@freehold/dev-kit/accounts";
import { DemoChain } from "@freehold/dev-kit/demo-chain";
import { ApiSession } from "./seed/api.js";

export interface AccountState {
  /** The backend's roles; undefined while the account has never signed in. */
  roles: string[] | undefined;
  /** Status of the account's latest KYC application; undefined when it never applied. */
  kyc: string | undefined;
  /** Listed as verified by the identity registry. */
  whitelisted: boolean;
  /** Payment-token balance, in base units. */
  balance: bigint;
}

export interface Coin {
  symbol: string;
  decimals: number;
}

const KYC_WORDS: Record<string, string> = {
  SUBMITTED: "KYC submitted, waiting for review",
  UNDER_REVIEW: "KYC under review",
  MORE_INFO_REQUESTED: "KYC: more information requested",
  APPROVED: "KYC approved",
  REJECTED: "KYC rejected",
  EXPIRED: "KYC expired",
  REVOKED: "KYC revoked",
};

/** One line: `roles investor · KYC approved · whitelisted · 8,500.00 tUSD`. */
export function describeAccount(state: AccountState, coin: Coin): string {
  const roles = state.roles ? `roles ${state.roles.map((r) => r.toLowerCase().replace(/_/g, " ")).join(", ")}` : "";
  // Exact, rounded down to the cent: never more than the account holds.
  const cents =
    coin.decimals >= 2
      ? state.balance / 10n ** BigInt(coin.decimals - 2)
      : state.balance * 10n ** BigInt(2 - coin.decimals);
  const amount = `${(cents / 100n).toLocaleString("en-GB")}.${(cents % 100n).toString().padStart(2, "0")}`;
  return [
    roles || "has not signed in yet",
    state.kyc ? (KYC_WORDS[state.kyc] ?? `KYC ${state.kyc.toLowerCase()}`) : "no KYC yet",
    state.whitelisted ? "whitelisted on chain" : "not whitelisted",
    `${amount} ${coin.symbol}`,
  ].join(" · ");
}

/** Every page of a cursor-paged list. */
async function all<T>(admin: ApiSession, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { body } = await admin.request<{ items: T[]; nextCursor: string | null }>("GET", query);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

export async function readAccountStates(
  input: { apiUrl: string; appOrigin: string; rpcUrl: string; chainId: number; recordDir: string; adminKey: string },
  accounts: readonly DemoAccount[],
): Promise<{ coin: Coin; states: Map<string, AccountState> }> {
  const admin = await ApiSession.signIn(input.apiUrl, input.appOrigin, input.chainId, input.adminKey);
  const users = await all<{ address: string; roles: string[] }>(admin, "/users");
  // Oldest first: the last one seen per wallet is its latest.
  const applications = await all<{ wallet: string; status: string }>(admin, "/kyc/applications");
  const chain = new DemoChain(input.rpcUrl, input.chainId, input.recordDir);
  const token = chain.paymentToken();
  const key = (address: string) => address.toLowerCase();
  const roles = new Map(users.map((u) => [key(u.address), u.roles]));
  const kyc = new Map(applications.map((a) => [key(a.wallet), a.status]));
  const states = new Map<string, AccountState>();
  try {
    for (const account of accounts) {
      states.set(key(account.address), {
        roles: roles.get(key(account.address)),
        kyc: kyc.get(key(account.address)),
        whitelisted: await chain.isVerified(account.address),
        balance: await chain.usdBalance(account.address),
      });
    }
  } finally {
    chain.provider.destroy();
  }
  return { coin: { symbol: token.symbol, decimals: token.decimals }, states };
}
