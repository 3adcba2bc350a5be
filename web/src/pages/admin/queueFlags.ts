/**
 * What a queue row flags for the officer (finding H6 of the browser review 2026-12-06): a possible sanctions match
 * awaiting their decision, and how the identity's hold stands on chain (from the compliance agent's writes). Officers
 * only: the API sends these fields to reviewers alone.
 */
import type { BadgeTone } from "../../ui/Badge";

export type IdentityFreeze = "FROZEN" | "FREEZING" | "FREEZE_FAILED" | "UNFREEZING" | "UNFREEZE_FAILED" | null;

export interface QueueFlagInput {
  openScreenings?: number | undefined;
  identityFreeze?: IdentityFreeze | undefined;
}

export interface QueueFlag {
  label: string;
  tone: BadgeTone;
}

/** The identity's hold on chain, in officers' words; null when it is not frozen and nothing is on its way. */
export function freezeWords(state: IdentityFreeze | undefined): QueueFlag | null {
  switch (state) {
    case "FROZEN":
      return { label: "Identity frozen on chain", tone: "bad" };
    case "FREEZING":
      return { label: "Freeze on its way to the chain", tone: "warn" };
    case "FREEZE_FAILED":
      return { label: "Freeze failed: see the registry writes", tone: "bad" };
    case "UNFREEZING":
      return { label: "Unfreeze on its way to the chain", tone: "info" };
    case "UNFREEZE_FAILED":
      return { label: "Still frozen: the unfreeze failed", tone: "bad" };
    default:
      return null;
  }
}

/** The row's compliance flags, most urgent first: the open match, then the hold. */
export function complianceFlags(item: QueueFlagInput): QueueFlag[] {
  const flags: QueueFlag[] = [];
  const open = item.openScreenings ?? 0;
  if (open > 0)
    flags.push({
      label:
        open === 1
          ? "Possible sanctions match: your decision is needed"
          : `${open} possible sanctions matches: your decision is needed`,
      tone: "bad",
    });
  const hold = freezeWords(item.identityFreeze);
  if (hold) flags.push(hold);
  else if (open > 0) flags.push({ label: "Not frozen: the wallet is not on chain", tone: "neutral" });
  return flags;
}
