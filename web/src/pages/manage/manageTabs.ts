/**
 * Which sections the manager's page of a property offers, and where a link's `?tab=` lands: the one rule, so a link
 * (a notification's, the overview's next action, a bookmark) never silently shows another section than it named
 * (outside browser review: a sold property's `?tab=tokenization` fell back to Details without a word).
 *
 * A section that still tells something in the property's state is offered as it is now: a sold (EXITED) or archived
 * property that was launched keeps its Tokenization tab, read-only, as the record of its token and offering. A
 * section the state has nothing for lands on the nearest one that does, with a note saying why.
 */
import type { PropertyDetail } from "../../api/types";
import { formatDate } from "../../format/dates";
import type { ManageTab } from "./nextActions";

type Facts = Pick<PropertyDetail, "status" | "chain" | "statusChangedAt">;

/** Every section, in the page's order. */
export const MANAGE_TABS = [
  "details",
  "documents",
  "title",
  "valuations",
  "leases",
  "financials",
  "tokenization",
  "governance",
] as const satisfies readonly ManageTab[];

export const TAB_LABELS: Record<ManageTab, string> = {
  details: "Details",
  documents: "Photos & documents",
  title: "Land title",
  valuations: "Valuations",
  leases: "Leases & rent",
  financials: "Financials",
  tokenization: "Tokenization",
  governance: "Votes & exit",
};

/** The states before a launch is possible, and after the token's offering closed for good. */
const OFF_CHAIN: ReadonlySet<PropertyDetail["status"]> = new Set([
  "DRAFT",
  "SUBMITTED",
  "REJECTED",
  "ARCHIVED",
  "EXITED",
] as const);

/** Whether the record follows a launch on chain (the launch form or the offering's controls: VERIFIED to FUNDED). */
export const followsChain = (status: PropertyDetail["status"]): boolean => !OFF_CHAIN.has(status);

export interface OfferedTab {
  key: ManageTab;
  label: string;
  /** Shown as a record: nothing more can be done there (a sold or archived property's tokenization). */
  readOnly?: true;
}

export function offeredTabs(p: Facts): OfferedTab[] {
  const tab = (key: ManageTab, readOnly = false): OfferedTab => ({
    key,
    label: TAB_LABELS[key],
    ...(readOnly ? { readOnly: true as const } : {}),
  });
  const tabs = [tab("details"), tab("documents"), tab("title"), tab("valuations")];
  if (p.status !== "ARCHIVED") tabs.push(tab("leases"));
  tabs.push(tab("financials"));
  if (followsChain(p.status)) tabs.push(tab("tokenization"));
  else if (p.chain) tabs.push(tab("tokenization", true));
  if (p.chain) tabs.push(tab("governance"));
  return tabs;
}

/** Why the page shows another section than the link asked for. */
export type TabNotice =
  | { kind: "not-verified"; status: "DRAFT" | "SUBMITTED" | "REJECTED" }
  | { kind: "archived"; asked: "tokenization" | "leases"; on: string }
  | { kind: "not-launched"; asked: "tokenization" | "governance" }
  | { kind: "unknown"; asked: string };

export interface TabLanding {
  tab: ManageTab;
  notice?: TabNotice;
}

/** Where `?tab=<asked>` lands on this property's page; a note whenever it is not the section asked for. */
export function landingTab(p: Facts, asked: string | null): TabLanding {
  const offered = offeredTabs(p);
  const first = offered[0]!.key;
  if (asked === null || asked === "") return { tab: first };
  if (offered.some((t) => t.key === asked)) return { tab: asked as ManageTab };
  const has = (key: ManageTab) => offered.some((t) => t.key === key);
  if (asked === "tokenization" && (p.status === "DRAFT" || p.status === "SUBMITTED" || p.status === "REJECTED"))
    return { tab: first, notice: { kind: "not-verified", status: p.status } };
  if ((asked === "tokenization" || asked === "leases") && p.status === "ARCHIVED")
    // Its rent stays in its books: Financials is the nearest section to its leases.
    return {
      tab: asked === "leases" ? "financials" : first,
      notice: { kind: "archived", asked, on: p.statusChangedAt },
    };
  if (asked === "governance")
    // Votes need a token: the launch is where it starts, when the property may launch.
    return { tab: has("tokenization") ? "tokenization" : first, notice: { kind: "not-launched", asked } };
  // A sold property whose token this network does not know (the record names the configured chain's offering).
  if (asked === "tokenization") return { tab: first, notice: { kind: "not-launched", asked } };
  return { tab: first, notice: { kind: "unknown", asked } };
}

const STATE_WORDS = { DRAFT: "a draft", SUBMITTED: "in review", REJECTED: "rejected" } as const;

/** The note's sentence; `shown` is the label of the section shown instead. */
export function noticeText(notice: TabNotice, shown: { label: string }): string {
  const instead = `Showing ${shown.label} instead.`;
  switch (notice.kind) {
    case "not-verified":
      return `Tokenization opens once the registry has verified this property (it is ${STATE_WORDS[notice.status]}). ${instead}`;
    case "archived":
      return notice.asked === "leases"
        ? `This property was archived on ${formatDate(notice.on)}: its leases are closed, its rent stays in its books. ${instead}`
        : `This property was archived on ${formatDate(notice.on)} without being tokenized. ${instead}`;
    case "not-launched":
      return notice.asked === "governance"
        ? `Votes & exit open once the property's token is launched. ${instead}`
        : `This property's token is not on this network. ${instead}`;
    case "unknown":
      return `This property has no section “${notice.asked}”. ${instead}`;
  }
}
