import type { NotificationEvent } from "../../api/notifications";

/** What each event is called in the preferences, and who it concerns. The inbox shows each row's own subject. */
export const EVENT_LABELS: Record<NotificationEvent, { label: string; audience: "investors" | "managers" }> = {
  KYC_DECIDED: { label: "Your identity verification is decided", audience: "investors" },
  KYC_MORE_INFO_REQUESTED: { label: "Your verification needs more information", audience: "investors" },
  OFFERING_OPENED: { label: "An offering opens for a property you follow", audience: "investors" },
  OFFERING_CLOSING_SOON: { label: "An offering closes soon", audience: "investors" },
  OFFERING_FUNDED: { label: "An offering you subscribed to is funded", audience: "investors" },
  OFFERING_FAILED: { label: "An offering did not fund (refund available)", audience: "investors" },
  UNITS_CLAIMABLE: { label: "Your units can be claimed", audience: "investors" },
  RENT_CLAIMABLE: { label: "Rent can be claimed", audience: "investors" },
  CAPITAL_RETURNED: { label: "Capital returned by a refinance can be claimed", audience: "investors" },
  ORDER_FILLED: { label: "Your sell order is filled", audience: "investors" },
  VOTE_OPENED: { label: "Holders vote on a property you hold", audience: "investors" },
  VOTE_DECIDED: { label: "A holders' vote is decided", audience: "investors" },
  PROCEEDS_DEPOSITED: { label: "A property you hold is sold: redeem your units", audience: "investors" },
  REDEMPTION_PAID: { label: "Your redemption is paid", audience: "investors" },
  STATEMENT_READY: { label: "Your statement is ready", audience: "investors" },
  RENT_OVERDUE: { label: "Rent is overdue at a property you manage", audience: "managers" },
  INVESTOR_KYC_BLOCKED: { label: "An investor verification in your offering is on hold", audience: "managers" },
  PERIOD_TO_CLOSE: { label: "A financial period is ready to close", audience: "managers" },
};
