/**
 * Every page of the app, who sees it and how to reach a real instance of it: the catalogue the every-page walk
 * (`e2e/journeys/every-page.e2e.ts`, `npm run screenshots -w web`) visits. `pages.test.ts` checks that it names every
 * route of `src/app/routes.tsx` and of the pages' own nested `<Routes>`, so a new page cannot be forgotten.
 */
import { join } from "node:path";

/** Where the walk writes its screenshots (`<page>-<role>-<width>.png`); the harness's `test-results/pages`. */
export const PAGES_DIR = join(import.meta.dirname, "..", "..", "test-results", "pages");

/** The people who use the app, as the walk signs them in. */
export const ROLES = [
  "anonymous",
  /** KYC approved and whitelisted; holds units of the funded property and has money in the open offering's escrow. */
  "verified-investor",
  /** Signed in, no KYC application yet. */
  "unverified-investor",
  "manager",
  /** Compliance officer only (no admin role). */
  "officer",
  /** Admin and compliance officer. */
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

/** The real instances the walk creates once, through the harness, before visiting. */
export interface PageData {
  /** Launched; its offering is open (the verified investor has units in escrow). */
  openProperty: string;
  /** Sold out, finalized, units claimed, rent deposited, a unit with an active lease. */
  fundedProperty: string;
  /** A KYC application submitted with its document, waiting for review. */
  pendingApplication: string;
}

export interface PageVisit {
  /** The route as routes.tsx writes it, nested routes joined to their parent (`/admin/kyc/:id`); `*` is not found. */
  route: string;
  /** The state shown, when a route is visited in more than one. */
  variant?: string;
  /** Who uses the page: the walk visits it as each. */
  roles: readonly Role[];
  /** Who is turned away (sign in, or no access): visited too, the refusal is a page people see. */
  refused?: readonly Role[];
  path: (data: PageData) => string;
}

export const PAGES: readonly PageVisit[] = [
  { route: "/", roles: ["anonymous", "verified-investor"], path: () => "/" },
  {
    route: "/properties/:id",
    variant: "open",
    roles: ["anonymous", "verified-investor", "unverified-investor"],
    path: (d) => `/properties/${d.openProperty}`,
  },
  {
    route: "/properties/:id",
    variant: "funded",
    roles: ["anonymous", "verified-investor"],
    path: (d) => `/properties/${d.fundedProperty}`,
  },
  {
    route: "/properties/:id/invest",
    variant: "open",
    roles: ["verified-investor", "unverified-investor"],
    refused: ["anonymous"],
    path: (d) => `/properties/${d.openProperty}/invest`,
  },
  {
    route: "/properties/:id/invest",
    variant: "funded",
    roles: ["verified-investor"],
    path: (d) => `/properties/${d.fundedProperty}/invest`,
  },
  {
    route: "/portfolio",
    roles: ["verified-investor", "unverified-investor"],
    refused: ["anonymous"],
    path: () => "/portfolio",
  },
  { route: "/market", roles: ["anonymous", "verified-investor"], path: () => "/market" },
  {
    route: "/kyc",
    roles: ["verified-investor", "unverified-investor"],
    refused: ["anonymous"],
    path: () => "/kyc",
  },
  { route: "/manage", roles: ["manager"], refused: ["verified-investor"], path: () => "/manage" },
  { route: "/manage/new", roles: ["manager"], path: () => "/manage/new" },
  {
    route: "/manage/properties/:id",
    variant: "open",
    roles: ["manager"],
    path: (d) => `/manage/properties/${d.openProperty}`,
  },
  {
    route: "/manage/properties/:id",
    variant: "funded",
    roles: ["manager"],
    path: (d) => `/manage/properties/${d.fundedProperty}`,
  },
  // The console's long sections, each behind its tab: documents, valuations, leases with their rent schedule and
  // overdue rent, financial periods (a closed month), the offering's controls (their tables at phone width).
  ...(["documents", "valuations", "leases", "financials", "tokenization"] as const).map((tab) => ({
    route: "/manage/properties/:id",
    variant: `funded-${tab}`,
    roles: ["manager" as const],
    path: (d: PageData) => `/manage/properties/${d.fundedProperty}?tab=${tab}`,
  })),
  { route: "/admin", roles: ["officer", "admin"], refused: ["verified-investor"], path: () => "/admin" },
  { route: "/admin/kyc/:id", roles: ["officer"], path: (d) => `/admin/kyc/${d.pendingApplication}` },
  { route: "/admin/properties", roles: ["officer"], path: () => "/admin/properties" },
  { route: "/admin/valuations", roles: ["officer", "admin"], path: () => "/admin/valuations" },
  { route: "/admin/audit", roles: ["officer", "admin"], path: () => "/admin/audit" },
  { route: "/admin/roles", roles: ["admin"], path: () => "/admin/roles" },
  { route: "/admin/fees", roles: ["admin"], path: () => "/admin/fees" },
  {
    route: "/notifications",
    roles: ["verified-investor", "manager"],
    refused: ["anonymous"],
    path: () => "/notifications",
  },
  {
    route: "/settings/notifications",
    roles: ["verified-investor", "manager"],
    refused: ["anonymous"],
    path: () => "/settings/notifications",
  },
  // The address verification email's link (its token is checked only when the person confirms).
  {
    route: "/settings/email/verify",
    roles: ["verified-investor"],
    refused: ["anonymous"],
    path: () => "/settings/email/verify?token=n1.example",
  },
  // Each notification email's "stop emails of this kind" link; no sign-in. A real token is the notifications
  // journey's: here the incomplete link, which asks nothing of the backend.
  {
    route: "/settings/email/unsubscribe",
    roles: ["anonymous"],
    variant: "incomplete link",
    path: () => "/settings/email/unsubscribe",
  },
  // Development builds only (`npm start`, and the walk's build): what the local SMTP sink caught.
  { route: "/dev/mail", roles: ["anonymous"], path: () => "/dev/mail" },
  { route: "*", roles: ["anonymous"], path: () => "/no-such-page" },
];

/** `/properties/:id/invest` (variant open) → `properties-id-invest-open`; `/` → `marketplace`; `*` → `not-found`. */
export function pageSlug(visit: Pick<PageVisit, "route" | "variant">): string {
  const base =
    visit.route === "/"
      ? "marketplace"
      : visit.route === "*"
        ? "not-found"
        : visit.route.replace(/^\//, "").replace(/:/g, "").replace(/\//g, "-");
  return visit.variant ? `${base}-${visit.variant}` : base;
}

/** The visits a role makes, in catalogue order, each with whether the role is turned away. */
export function visitsOf(role: Role): { visit: PageVisit; refused: boolean }[] {
  return PAGES.flatMap((visit): { visit: PageVisit; refused: boolean }[] =>
    visit.roles.includes(role)
      ? [{ visit, refused: false }]
      : visit.refused?.includes(role)
        ? [{ visit, refused: true }]
        : [],
  );
}
