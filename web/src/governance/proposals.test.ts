import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KIND_INDEX,
  isApproved,
  quorumVotes,
  statusOf,
  summaryOf,
  timeLeftText,
  type ChainProposal,
} from "./proposals";

const coin = { symbol: "tUSD", decimals: 6 };
const terms = { quorumBps: 3_000, approvalBps: 6_000 };

function proposal(over: Partial<ChainProposal> = {}): ChainProposal {
  return {
    kind: 0,
    amount: 100_000_000n,
    account: "0x0000000000000000000000000000000000000000",
    endTime: 1_000,
    outcome: 0,
    supplyAtSnapshot: 100n,
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    ...over,
  };
}

describe("19 holder votes: what the page says about a proposal", () => {
  it("kinds follow the governor's ProposalKind order", () => {
    expect(KIND_INDEX).toEqual({ sale: 0, refinance: 1, managerChange: 2, capitalExpenditure: 3, decision: 4 });
  });

  it("a summary names what is decided, with the amount in the payment token or the new manager", () => {
    expect(summaryOf({ kind: "sale", amount: 125_000_500_000n, account: null }, coin)).toBe(
      "Sell the property for at least 125,000.50 tUSD",
    );
    expect(summaryOf({ kind: "refinance", amount: 5_000_000n, account: null }, coin)).toBe("Refinance: 5.00 tUSD");
    expect(
      summaryOf({ kind: "managerChange", amount: 0n, account: "0x00000000000000000000000000000000000000aa" }, coin),
    ).toBe("Hand the property to a new manager (wallet in the proposal)");
    expect(summaryOf({ kind: "decision", amount: 0n, account: null }, coin)).toBe(
      "A decision described in the proposal's document",
    );
  });

  it("the quorum in votes is the contract's: rounded up, so reaching it on screen reaches it on chain", () => {
    expect(quorumVotes(100n, 3_000)).toBe(30n);
    expect(quorumVotes(101n, 3_000)).toBe(31n);
    expect(quorumVotes(7n, 10_000)).toBe(7n);
  });

  it("approval mirrors PropertyGovernor._approved: quorum, one vote for, for >= approvalBps of for + against", () => {
    expect(isApproved(proposal({ forVotes: 30n }), terms)).toBe(true);
    expect(isApproved(proposal({ forVotes: 29n }), terms)).toBe(false); // below quorum
    expect(isApproved(proposal({ abstainVotes: 40n }), terms)).toBe(false); // nobody for
    expect(isApproved(proposal({ forVotes: 30n, againstVotes: 20n }), terms)).toBe(true); // exactly 60 %
    expect(isApproved(proposal({ forVotes: 29n, againstVotes: 20n, abstainVotes: 5n }), terms)).toBe(false);
    // A tie never approves (approvalBps > 5,000).
    expect(isApproved(proposal({ forVotes: 25n, againstVotes: 25n }), { quorumBps: 1, approvalBps: 5_001 })).toBe(
      false,
    );
  });

  it("the status follows the chain's clock: an ended vote awaits finalization until the outcome is recorded", () => {
    expect(statusOf(proposal({ endTime: 1_000 }), 999)).toBe("active");
    expect(statusOf(proposal({ endTime: 1_000 }), 1_000)).toBe("awaitingFinalization");
    expect(statusOf(proposal({ endTime: 1_000, outcome: 1 }), 2_000)).toBe("approved");
    expect(statusOf(proposal({ endTime: 1_000, outcome: 2 }), 2_000)).toBe("rejected");
  });

  it("time left is said in days and hours, then hours and minutes, then that the vote ended", () => {
    expect(timeLeftText(1_000 + 2 * 86_400 + 3 * 3_600 + 59, 1_000)).toBe("2 days 3 hours left");
    expect(timeLeftText(1_000 + 3_600 + 60, 1_000)).toBe("1 hour 1 minute left");
    expect(timeLeftText(1_030, 1_000)).toBe("less than a minute left");
    expect(timeLeftText(1_000, 1_000)).toBe("Voting ended");
  });

  it("a zero second part is left out: '1 day left', not '1 day 0 hours left'", () => {
    expect(timeLeftText(1_000 + 86_400 + 59, 1_000)).toBe("1 day left");
    expect(timeLeftText(1_000 + 2 * 3_600, 1_000)).toBe("2 hours left");
  });

  it("any time left reads as one or two parts, largest first, each a whole count of at least 1 with its noun agreeing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 86_400 }), (left) => {
        const text = timeLeftText(1_000 + left, 1_000);
        if (left < 60) {
          expect(text).toBe("less than a minute left");
          return;
        }
        const parts = [...text.replace(/ left$/, "").matchAll(/(\d+) (day|hour|minute)(s?)/g)];
        expect(parts.map((p) => p[0]).join(" ")).toBe(text.replace(/ left$/, ""));
        expect(parts.length).toBeGreaterThanOrEqual(1);
        expect(parts.length).toBeLessThanOrEqual(2);
        for (const [, n, , s] of parts) {
          expect(Number(n)).toBeGreaterThanOrEqual(1);
          expect(s).toBe(Number(n) === 1 ? "" : "s");
        }
        const seconds = { day: 86_400, hour: 3_600, minute: 60 } as const;
        const [first] = parts;
        const unit = seconds[first![2] as keyof typeof seconds];
        expect(Number(first![1])).toBe(Math.floor(left / unit));
      }),
    );
  });
});
