/** What the Tokenization tab shows, from what the chain says about the property's launches. */
import type { PropertyDetail } from "../../api/types";

export type LaunchView = "reading" | "unreadable" | "controls" | "form";

/**
 * The launch form only once the chain has answered that there is nothing to control: while the launches are being
 * read, or when they could not be read (a slow or failing node), a form would invite a second launch of a property
 * that sells already. A launch behind a VERIFIED or REFUNDING property failed or was cancelled (issue 12.14): the
 * form is offered again, unless it was launched from this page just now.
 */
export function launchView(
  launched: { data?: unknown; isPending: boolean; isError: boolean; fetchStatus: "fetching" | "paused" | "idle" },
  status: PropertyDetail["status"],
  launchedHere: boolean,
): LaunchView {
  if (launched.data) {
    const relaunch = !launchedHere && (status === "VERIFIED" || status === "REFUNDING");
    return relaunch ? "form" : "controls";
  }
  if (launched.isError) return "unreadable";
  // Pending and not fetching: the query is disabled (no chain client or no factory on this network).
  if (launched.isPending && launched.fetchStatus !== "idle") return "reading";
  return "form";
}
