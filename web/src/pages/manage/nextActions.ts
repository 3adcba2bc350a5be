/** What the manager of a property should do next, from its registry record and its rent figures. */
import type { RentSummary } from "../../api/leases";
import type { PropertyDetail } from "../../api/types";
import { monthName, type Dashboard } from "./dashboard";

export type ManageTab =
  "details" | "documents" | "title" | "valuations" | "leases" | "financials" | "tokenization" | "governance";

export interface NextAction {
  text: string;
  /** The tab where it is done; none when it is done on the overview itself or by someone else. */
  tab?: ManageTab;
}

export function nextActions(
  p: Pick<PropertyDetail, "status" | "documents" | "title" | "recentValuations" | "units" | "chain">,
  rent: Pick<RentSummary, "overdueEntries"> | undefined,
  books?: Pick<Dashboard, "asOf" | "noiTrend" | "nextDistribution">,
): NextAction[] {
  const actions: NextAction[] = [];
  const has = (kind: string) => p.documents.some((d) => d.kind === kind);
  if (p.status === "DRAFT" || p.status === "REJECTED") {
    if (p.status === "REJECTED") actions.push({ text: "Fix what the review asks, then move it back to draft" });
    if (!has("IMAGE")) actions.push({ text: "Upload photos", tab: "documents" });
    if (!has("TITLE_DEED")) actions.push({ text: "Upload the title deed", tab: "documents" });
    if (!p.title && has("TITLE_DEED")) actions.push({ text: "Record the land title", tab: "title" });
    if (p.recentValuations.length === 0) actions.push({ text: "Add a valuation", tab: "valuations" });
    if (p.status === "DRAFT" && p.title) actions.push({ text: "Submit it for verification" });
  } else if (p.status === "SUBMITTED") {
    actions.push({ text: "Wait for the compliance review (withdraw the submission to change the details)" });
  } else if (p.status === "VERIFIED" && !p.chain) {
    actions.push({ text: "Launch the token and its offering", tab: "tokenization" });
  } else if (p.status === "VERIFIED" || p.status === "REFUNDING") {
    actions.push({ text: "The last offering did not complete: launch a new one", tab: "tokenization" });
  } else if (p.status === "CLOSED") {
    actions.push({ text: "Finalize the offering so subscribers receive their units", tab: "tokenization" });
  } else if (p.status === "FUNDED" && books) {
    // Rent is distributed per closed month: point at the month waiting, else at last month's books if still open.
    const lastMonth = previousMonth(books.asOf);
    const latestClosed = books.noiTrend.at(-1)?.month;
    if (books.nextDistribution)
      actions.push({
        text: `Distribute the net rent of ${monthName(books.nextDistribution.month)} to holders`,
        tab: "tokenization",
      });
    else if (latestClosed === undefined || latestClosed < lastMonth)
      actions.push({ text: `Close the books of ${monthName(lastMonth)}`, tab: "financials" });
  }
  if (p.status === "EXITED")
    // Sold by its holders (review 2026-12-06 L2: it was asked to "Add the units you let"): only payouts remain.
    actions.push({ text: "Follow the holders' redemptions of the sale's proceeds", tab: "governance" });
  if (p.status !== "ARCHIVED" && p.status !== "EXITED" && p.units.length === 0)
    actions.push({ text: "Add the units you let", tab: "leases" });
  if (rent && rent.overdueEntries > 0)
    actions.push({
      text: `Record or chase ${rent.overdueEntries} overdue rent instalment${rent.overdueEntries === 1 ? "" : "s"}`,
      tab: "leases",
    });
  if (p.status === "TOKENIZED" || p.status === "OFFERING")
    actions.push({ text: "Follow the offering", tab: "tokenization" });
  return actions;
}

/** The `YYYY-MM` of the month before the one `asOf` falls in (UTC, as the books are kept). */
function previousMonth(asOf: string): string {
  const d = new Date(asOf);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}
