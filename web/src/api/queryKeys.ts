/**
 * Every TanStack Query key of the web app, in one place (issue 15). A key is built by a factory, never written as
 * an array literal at a call site (an ESLint rule in eslint.config.js refuses that outside this module), so a
 * page's query and the mutation that invalidates it cannot drift apart. Each family starts with its `all` prefix:
 * invalidating `xKeys.all` refreshes every query of the family.
 *
 * Server state from the backend (session, users, audit, properties, KYC, leases) and state read from the chain
 * (portfolio, positions, activity, launched contracts, order book) both live here.
 */
import type { KycStatus } from "./kyc";
import type { PropertyFilters } from "./types";

type Hex = `0x${string}`;

export const sessionKeys = {
  all: ["auth"] as const,
  /** `GET /auth/session`: the signed-in user, or null. */
  session: ["auth", "session"] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => ["users", "list"] as const,
};

export const auditKeys = {
  all: ["audit"] as const,
  entries: () => ["audit", "entries"] as const,
  /** A filtered view of the trail, newest first, paged (web/src/api/admin.ts). */
  page: (filters: Record<string, string>) => ["audit", "entries", filters] as const,
  verify: () => ["audit", "verify"] as const,
};

export const feeKeys = {
  all: ["fees"] as const,
  /** `GET /fees`: the platform's fee schedule. */
  schedule: () => ["fees", "schedule"] as const,
  /** `GET /admin/fees/revenue` for a window of whole UTC days (empty strings: unbounded). */
  revenue: (from: string, to: string) => ["fees", "revenue", from, to] as const,
};

export const propertyKeys = {
  all: ["properties"] as const,
  list: (filters: PropertyFilters) => ["properties", "list", filters] as const,
  detail: (id: string) => ["properties", "detail", id] as const,
  /** The signed-in manager's own properties, every status (scope "mine"). */
  mine: (userId: string | undefined) => ["properties", "mine", userId ?? null] as const,
  /** The officers' queue of properties submitted for verification. */
  reviewQueue: () => ["properties", "review-queue"] as const,
};

export const kycKeys = {
  all: ["kyc"] as const,
  list: (status?: KycStatus) => ["kyc", "list", status ?? "all"] as const,
  /** The reviewers' queue in one order, paged (web/src/api/admin.ts). */
  queue: (status: KycStatus | undefined, sort: string, view = "all") =>
    ["kyc", "list", status ?? "all", sort, view] as const,
  detail: (id: string) => ["kyc", "detail", id] as const,
  history: (id: string) => ["kyc", "history", id] as const,
  screenings: (id: string) => ["kyc", "screenings", id] as const,
  onchain: (id: string) => ["kyc", "onchain", id] as const,
};

export const leaseKeys = {
  all: ["leases"] as const,
  summary: (propertyId: string) => ["leases", "summary", propertyId] as const,
  list: (propertyId: string) => ["leases", "list", propertyId] as const,
  schedule: (leaseId: string) => ["leases", "schedule", leaseId] as const,
  overdue: (propertyId: string) => ["leases", "overdue", propertyId] as const,
};

/** A property's financial periods (issue 16) and one period with its lines. */
export const financialKeys = {
  all: ["financials"] as const,
  periods: (propertyId: string) => ["financials", "periods", propertyId] as const,
  period: (periodId: string) => ["financials", "period", periodId] as const,
  /** The manager dashboard: its figures move with periods, payments and deposits. */
  dashboard: (propertyId: string) => ["financials", "dashboard", propertyId] as const,
};

/** Valuation histories (issue 16) and the compliance officers' queue of recorded valuations. */
export const valuationKeys = {
  all: ["valuations"] as const,
  history: (propertyId: string) => ["valuations", "history", propertyId] as const,
  queue: () => ["valuations", "queue"] as const,
};

/** Reads from the chain, per chain id: what the contracts say, polled or refreshed after a transaction. */
export const chainKeys = {
  all: ["chain"] as const,
  portfolio: (chainId: number, account: Hex | undefined) => ["chain", chainId, "portfolio", account ?? null] as const,
  /** A wallet's unsettled subscription in one offering. */
  position: (chainId: number, offering: Hex, account: Hex | undefined) =>
    ["chain", chainId, "position", offering, account ?? null] as const,
  /** A tokenized property's rent distributions and recent events. */
  activity: (chainId: number, token: Hex | undefined) => ["chain", chainId, "activity", token ?? null] as const,
  /** The token and offering a property launched, checked against the factory. */
  launched: (chainId: number, propertyId: string | undefined, offering: string | null, account: Hex | null) =>
    ["chain", chainId, "launched", propertyId ?? null, offering, account] as const,
  /** What a subscriber can do once the offering closed (claim, refund, on hold), for the state they saw. */
  investOutcome: (
    chainId: number,
    offering: Hex,
    account: Hex | undefined,
    state: string | null,
    subscribed: bigint,
    settled: boolean,
  ) => ["chain", chainId, "invest-outcome", offering, account ?? null, state, subscribed.toString(), settled] as const,
  orders: (chainId: number) => ["chain", chainId, "orders"] as const,
  /** The latest block's time: the clock votes end by. */
  now: (chainId: number) => ["chain", chainId, "now"] as const,
  /** A token's exit: the sale's proceeds and the redemptions (issue 19). */
  exit: (chainId: number, token: Hex | undefined) => ["chain", chainId, "exit", token ?? null] as const,
  /** An offering's subscribers whose units are neither delivered nor refunded, and whether each can be delivered now. */
  undelivered: (chainId: number, offering: Hex, settled: bigint) =>
    ["chain", chainId, "undelivered", offering, settled.toString()] as const,
  /** What an offering's sold units paid, each at its own price: held in escrow plus released to the treasury. */
  proceeds: (chainId: number, offering: Hex) => ["chain", chainId, "proceeds", offering] as const,
};

/** A property's holder votes as the backend's sync serves them (issue 19). */
export const governanceKeys = {
  all: ["governance"] as const,
  proposals: (propertyId: string) => ["governance", propertyId, "proposals"] as const,
};

/** A property's financial periods (closed ones for the public) and its valuation history and NAV per unit. */
export const propertyFinanceKeys = {
  all: ["financials"] as const,
  periods: (propertyId: string) => ["financials", "periods", propertyId] as const,
  valuations: (propertyId: string) => ["financials", "valuations", propertyId] as const,
  nav: (propertyId: string) => ["financials", "nav", propertyId] as const,
};

/** The signed-in person's notifications, email address, preferences and followed properties. */
export const notificationKeys = {
  all: ["notifications"] as const,
  unreadCount: () => ["notifications", "unread-count"] as const,
  inbox: (unreadOnly: boolean) => ["notifications", "inbox", unreadOnly] as const,
  preferences: () => ["notifications", "preferences"] as const,
  email: () => ["notifications", "email"] as const,
  follows: () => ["notifications", "follows"] as const,
  /** What an email's unsubscribe link turns off (no sign-in: the token names the user). */
  unsubscribeLink: (token: string) => ["notifications", "unsubscribe-link", token] as const,
};

/** Development only: what the local SMTP sink caught. */
export const devKeys = {
  all: ["dev"] as const,
  mail: () => ["dev", "mail"] as const,
};

/** The signed-in investor's position performance and statements (backend portfolio and statements domains). */
export const performanceKeys = {
  all: ["performance"] as const,
  mine: () => ["performance", "mine"] as const,
  statements: () => ["performance", "statements"] as const,
};

/** The backend's relayer: whether it pays the signed-in user's network fees, and the daily allowance left. */
export const relayKeys = {
  all: ["relay"] as const,
  status: () => ["relay", "status"] as const,
};

export const placementKeys = {
  all: ["placements"] as const,
  /** `GET /properties/:id/invitations`: the property's invitations (its manager's view). */
  ofProperty: (propertyId: string) => ["placements", "property", propertyId] as const,
  /** `GET /me/invitations`: the signed-in investor's invitations. */
  mine: () => ["placements", "mine"] as const,
};
