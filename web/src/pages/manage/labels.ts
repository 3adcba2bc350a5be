/** Words and badge tones for lease and rent states on the manager's screens. */
import type { LeaseStatus, PaymentMethod, ScheduleStatus } from "../../api/leases";
import type { BadgeTone } from "../../ui/Badge";

export const LEASE_STATUS: Record<LeaseStatus, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "Draft", tone: "warn" },
  ACTIVE: { label: "Active", tone: "ok" },
  TERMINATED: { label: "Terminated", tone: "neutral" },
  EXPIRED: { label: "Expired", tone: "neutral" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

export const ENTRY_STATUS: Record<ScheduleStatus, { label: string; tone: BadgeTone }> = {
  PAID: { label: "Paid", tone: "ok" },
  PARTIAL: { label: "Part paid", tone: "warn" },
  OVERDUE: { label: "Overdue", tone: "bad" },
  DUE: { label: "Due", tone: "info" },
  UPCOMING: { label: "Upcoming", tone: "neutral" },
};

export const METHOD_LABEL: Record<PaymentMethod, string> = {
  BANK_TRANSFER: "Bank transfer",
  CARD: "Card",
  CHEQUE: "Cheque",
  CASH: "Cash",
  STABLECOIN: "Stablecoin",
};

export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** An enum value in words: "TITLE_DEED" -> "Title deed". */
export const kindLabel = (s: string): string => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, " ");
