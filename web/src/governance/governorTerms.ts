/**
 * The manager's governor terms, typed in days, percentages and units, as the factory's `GovernorTerms` struct, refused
 * here with the bounds `launchGovernor` checks (`GovernorInvalidTerms(field)`): 1..90 days, a quorum of
 * 0.01 %..100 %, an approval above 50 % up to 100 %, a proposer threshold that fits a uint64.
 */
export interface GovernorTermsInput {
  days: string;
  quorum: string;
  approval: string;
  threshold: string;
}

export interface FactoryGovernorTerms {
  votingPeriod: number;
  quorumBps: number;
  approvalBps: number;
  proposerThreshold: bigint;
}

export type TermsResult =
  { ok: true; value: FactoryGovernorTerms } | { ok: false; field: keyof GovernorTermsInput; error: string };

/** A percentage with at most two decimals as basis points; undefined when it is not one. */
function bpsOf(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function parseGovernorTerms(input: GovernorTermsInput): TermsResult {
  const days = input.days.trim();
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 90)
    return { ok: false, field: "days", error: "A vote lasts 1 to 90 whole days." };
  const quorumBps = bpsOf(input.quorum);
  if (quorumBps === undefined || quorumBps < 1 || quorumBps > 10_000)
    return { ok: false, field: "quorum", error: "Enter a quorum from 0.01 to 100 (percent, two decimals at most)." };
  const approvalBps = bpsOf(input.approval);
  if (approvalBps === undefined || approvalBps < 5_001 || approvalBps > 10_000)
    return {
      ok: false,
      field: "approval",
      error: "Approval must be above 50 and at most 100 (percent): a tie never approves.",
    };
  const threshold = input.threshold.trim().replace(/,/g, "");
  if (!/^\d+$/.test(threshold) || BigInt(threshold) >= 2n ** 64n)
    return { ok: false, field: "threshold", error: "Enter a whole number of units (0: only you may propose)." };
  return {
    ok: true,
    value: { votingPeriod: Number(days) * 86_400, quorumBps, approvalBps, proposerThreshold: BigInt(threshold) },
  };
}

/** How long a vote lasts, for the terms line: "1 day", "7 days", "1 day 12 hours" (a governor launched elsewhere). */
export function votingPeriodText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (hours === 0) return plural(days, "day");
  return days === 0 ? plural(hours, "hour") : `${plural(days, "day")} ${plural(hours, "hour")}`;
}
