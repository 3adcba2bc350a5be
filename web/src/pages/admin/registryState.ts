/**
 * The identity registry's word on an applicant's wallet, in an officer's terms (review 2026-12-06 H6: after a new
 * sanctions hit froze an approved investor, the review page said "Not yet on chain: the compliance agent writes your
 * approval"). Officers only: investors read the neutral wording of kyc/labels.ts (no tipping-off).
 */
import type { BadgeTone } from "../../ui/Badge";

export interface RegistryFacts {
  /** `contains(wallet)`: registered and not removed. */
  registered: boolean;
  /** `isFrozen(wallet)`: the wallet or its identity is frozen. */
  frozen: boolean;
  /** `isVerified(wallet)`: registered, not frozen, KYC not expired. */
  verified: boolean;
}

export function registryState(f: RegistryFacts): { label: string; tone: BadgeTone; text: string } {
  if (f.frozen)
    return {
      label: "Frozen on chain",
      tone: "bad",
      text: "The wallet's identity is frozen in the registry: it can neither receive nor move units until unfrozen.",
    };
  if (f.verified) return { label: "Verified on chain", tone: "ok", text: "" };
  if (f.registered)
    return {
      label: "Registered, not verified",
      tone: "warn",
      text: "The registry lists the wallet, but its KYC expiry has passed: renew the approval.",
    };
  return {
    label: "Not in the registry",
    tone: "neutral",
    text: "The compliance agent writes the approval to the registry; the writes below say where it stands.",
  };
}
