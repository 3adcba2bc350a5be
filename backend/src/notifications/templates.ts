/**
 * One template per event: a subject, paragraphs and the page of the web app it links to. `renderEmail` lays them
 * out as plain text and as HTML in which every value is escaped (the data comes from producers, and property names
 * from managers: markup in them is shown as text, never interpreted). Each email ends with its unsubscribe link.
 */
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import type { EventData, NotificationOf } from "./events.ts";

interface Template<E extends NotificationEvent> {
  subject(data: EventData<E>): string;
  paragraphs(data: EventData<E>): string[];
  /** Path in the web app (under WEB_ORIGIN) where the person acts on it. */
  link(data: EventData<E>): string;
}

const property = (d: { propertyId: string }): string => `/properties/${d.propertyId}`;
/** The manager console's page of the property (its leases, periods, tokenization). */
const managedProperty = (d: { propertyId: string }): string => `/manage/properties/${d.propertyId}`;

const STATEMENT_KIND_LABELS = {
  MONTHLY: "monthly statement",
  QUARTERLY: "quarterly statement",
  ANNUAL: "annual statement",
  TAX_ANNUAL: "annual tax summary",
} as const;

const PROPOSAL_KIND_LABELS = {
  sale: "a sale of the property",
  refinance: "a refinance",
  managerChange: "a change of manager",
  capitalExpenditure: "a capital expenditure",
  decision: "a decision",
  unknown: "a proposal",
} as const;

/** The words of a deposit of the rent distributor that the holders claim, one per kind (rent, capital returned). */
/** A sell order's fill that left units for sale (notices stored before `remaining` was recorded read as filled). */
const partlyFilled = (d: { remaining?: string | undefined }): boolean =>
  d.remaining !== undefined && d.remaining !== "0";

interface DepositWords<E extends "RENT_CLAIMABLE" | "CAPITAL_RETURNED"> {
  subject: string;
  /** What was deposited, as a sentence without its end. */
  what(data: EventData<E>): string;
  /** What more the holder should know. */
  note: string[];
}

/** A deposit the holders claim from their portfolio: what it is, its total, where to claim a share. */
function deposited<E extends "RENT_CLAIMABLE" | "CAPITAL_RETURNED">(words: DepositWords<E>): Template<E> {
  return {
    subject: (d) => `${words.subject}: ${d.propertyName}`,
    paragraphs: (d) => [
      `${words.what(d)} (${d.amount} ${d.currency} in total, shared among its holders).`,
      ["Your share can be claimed from your portfolio.", ...words.note].join(" "),
    ],
    link: () => "/portfolio",
  };
}

export const TEMPLATES: { [E in NotificationEvent]: Template<E> } = {
  KYC_DECIDED: {
    subject: (d) =>
      d.decision === "APPROVED" ? "Your verification is approved" : "Your verification was not approved",
    paragraphs: (d) =>
      d.decision === "APPROVED"
        ? ["Your identity verification is approved: you can now invest in offerings open to you."]
        : ["Your identity verification was not approved. The reason is shown on your verification page."],
    link: () => "/kyc",
  },
  KYC_MORE_INFO_REQUESTED: {
    subject: () => "Your verification needs more information",
    paragraphs: () => ["A compliance officer asked for more information. Their request is on your verification page."],
    link: () => "/kyc",
  },
  OFFERING_OPENED: {
    subject: (d) => `Offering open: ${d.propertyName}`,
    paragraphs: (d) => [`The offering of ${d.propertyName}, a property you follow, is open for subscriptions.`],
    link: property,
  },
  OFFERING_CLOSING_SOON: {
    subject: (d) => `Closing soon: ${d.propertyName}`,
    paragraphs: (d) => [
      `The offering of ${d.propertyName} closes on ${d.closesAt.slice(0, 16).replace("T", " at ")} UTC.`,
    ],
    link: property,
  },
  OFFERING_FUNDED: {
    subject: (d) => `Funded: ${d.propertyName}`,
    paragraphs: (d) => [`The offering of ${d.propertyName} reached its target.`],
    link: property,
  },
  OFFERING_FAILED: {
    subject: (d) => `Offering did not fund: ${d.propertyName}`,
    paragraphs: (d) => [
      `The offering of ${d.propertyName} did not reach its target. Your refund is available to claim.`,
    ],
    link: property,
  },
  UNITS_CLAIMABLE: {
    subject: (d) => `Your units are ready to claim: ${d.propertyName}`,
    paragraphs: (d) => [`The units you subscribed to in ${d.propertyName} can now be claimed.`],
    link: property,
  },
  RENT_CLAIMABLE: deposited({
    subject: "Rent to claim",
    what: (d) => `A rent distribution of ${d.propertyName}${d.period ? ` for ${d.period}` : ""} was deposited`,
    note: [],
  }),
  CAPITAL_RETURNED: deposited({
    subject: "Capital returned",
    what: (d) => `Capital of ${d.propertyName} was returned to its holders after the refinance they approved`,
    note: ["It is a return of your investment, not income."],
  }),
  ORDER_FILLED: {
    // A fill of part of the order says so, and what is still for sale (review 2026-12-06 L6).
    subject: (d) =>
      d.side === "BUY"
        ? `Units bought: ${d.propertyName}`
        : partlyFilled(d)
          ? `Sell order partly filled: ${d.propertyName}`
          : `Sell order filled: ${d.propertyName}`,
    paragraphs: (d) => [
      d.side === "BUY"
        ? `You bought ${d.units} units of ${d.propertyName} on the market.`
        : partlyFilled(d)
          ? `${d.units} units of your sell order of ${d.propertyName} were bought; the payment is in your wallet. ${d.remaining} units are still for sale.`
          : `Your sell order of ${d.propertyName} was filled for ${d.units} units; the payment is in your wallet.`,
    ],
    link: () => "/portfolio",
  },
  STATEMENT_READY: {
    subject: (d) => `Your ${STATEMENT_KIND_LABELS[d.kind]} for ${d.period} is ready`,
    paragraphs: (d) => [`Your ${STATEMENT_KIND_LABELS[d.kind]} for ${d.period} can be downloaded from your portfolio.`],
    link: () => "/portfolio#statements",
  },
  RENT_OVERDUE: {
    subject: (d) => `Rent overdue: ${d.propertyName}`,
    paragraphs: (d) => [
      `Rent of ${d.propertyName} due on ${d.dueDate} is overdue: ${d.outstanding} ${d.currency} outstanding.`,
    ],
    link: managedProperty,
  },
  // Tipping off and privacy: the same words whatever the cause (a rejection, an expiry, a compliance hold), no who,
  // no why; nothing for the manager to do.
  INVESTOR_KYC_BLOCKED: {
    subject: (d) => `A subscriber can no longer take part: ${d.propertyName}`,
    paragraphs: (d) => [
      `One subscriber to the offering of ${d.propertyName} can no longer take part in it.`,
      "No action is needed from you: the platform handles their subscription.",
    ],
    link: managedProperty,
  },
  PERIOD_TO_CLOSE: {
    subject: (d) => `Period ${d.period} to close: ${d.propertyName}`,
    paragraphs: (d) => [
      `The month ${d.period} of ${d.propertyName} has ended and its financial period is not closed yet.`,
      "Enter its income and expenses and close it, so its rent can be distributed.",
    ],
    link: managedProperty,
  },
  VOTE_OPENED: {
    subject: (d) => `Holder vote open: ${d.propertyName}`,
    paragraphs: (d) => [
      `The holders of ${d.propertyName} are voting on a proposal (${PROPOSAL_KIND_LABELS[d.proposalKind]}).`,
      `Votes are taken until ${d.endsAt.slice(0, 16).replace("T", " at ")} UTC.`,
    ],
    link: property,
  },
  VOTE_DECIDED: {
    subject: (d) => `Holder vote ${d.approved ? "approved" : "rejected"}: ${d.propertyName}`,
    paragraphs: (d) => [
      `The holders' vote on ${d.propertyName} (${PROPOSAL_KIND_LABELS[d.proposalKind]}) is ${d.approved ? "approved" : "rejected"}.`,
    ],
    link: property,
  },
  PROCEEDS_DEPOSITED: {
    subject: (d) => `Sold: ${d.propertyName}`,
    paragraphs: (d) => [
      `${d.propertyName} was sold as its holders approved, and the proceeds were deposited.`,
      `You can redeem your ${d.units} units for ${d.amount} ${d.currency} from your portfolio.`,
    ],
    link: () => "/portfolio",
  },
  REDEMPTION_PAID: {
    subject: (d) => `Redemption paid: ${d.propertyName}`,
    paragraphs: (d) => [`Your ${d.units} units of ${d.propertyName} were redeemed: ${d.amount} ${d.currency} paid.`],
    link: () => "/portfolio",
  },
};

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Subject lines are one line: a line break in data would start new headers in some clients' eyes. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ");
}

function layout(subject: string, paragraphs: string[], action: { label: string; url: string }, footer: string[]) {
  const text = [...paragraphs, "", `${action.label}: ${action.url}`, "", "--", ...footer].join("\n");
  const html = [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`,
    `<hr><p style="font-size:small">${footer.map(escapeHtml).join("<br>")}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: oneLine(subject), text, html };
}

export interface Links {
  webOrigin: string;
  /** The signed unsubscribe link of this user and event. */
  unsubscribeUrl: string;
}

/** The subject and the web path of a notification: what the inbox shows, the same words and page as its email. */
export function notificationHeadline(notification: NotificationOf): { subject: string; link: string } {
  const template = TEMPLATES[notification.event] as Template<typeof notification.event>;
  const data = notification.data as never;
  return { subject: oneLine(template.subject(data)), link: template.link(data) };
}

export function renderNotificationEmail(notification: NotificationOf, links: Links): RenderedEmail {
  // The pair is typed together (NotificationOf); TypeScript cannot follow that correlation through the index.
  const template = TEMPLATES[notification.event] as Template<typeof notification.event>;
  const data = notification.data as never;
  return layout(
    template.subject(data),
    template.paragraphs(data),
    { label: "Open Freehold", url: links.webOrigin + template.link(data) },
    [
      "You receive this email because of your notification preferences on Freehold.",
      `Stop emails of this kind: ${links.unsubscribeUrl}`,
    ],
  );
}

export function renderVerificationEmail(verifyUrl: string): RenderedEmail {
  return layout(
    "Confirm your email address for Freehold",
    [
      "Someone (hopefully you) asked Freehold to send notifications to this address.",
      "Confirm it with the link below while signed in; it expires in 24 hours. If it was not you, ignore this email.",
    ],
    { label: "Confirm this address", url: verifyUrl },
    ["Freehold sends no other email to an address until it is confirmed."],
  );
}
