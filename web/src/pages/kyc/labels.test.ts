import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KycStatus, KycStatusChange } from "../../api/kyc";
import { historyLine, investorOnChainStatus, KYC_STATUS } from "./labels";

const change = (toStatus: KycStatus, note: string | null): KycStatusChange => ({
  id: "h1",
  fromStatus: null,
  actorId: null,
  toStatus,
  note,
  at: "2026-12-02T03:35:51.824Z",
});

describe("15 the investor's KYC history in sentences", () => {
  it("15 an approval reads as a sentence, not 'country 620, accredited false, expires 2027-12-02T03:35:51.824Z'", () => {
    const line = historyLine(change("APPROVED", "country 620, accredited false, expires 2027-12-02T03:35:51.824Z"));
    expect(line).toBe("Approved: your identity is verified.");
    expect(line).not.toMatch(/country \d|accredited (true|false)|\d{4}-\d{2}-\d{2}T/);
  });

  it("15 the compliance team's request for more information is addressed to the investor and shown", () => {
    expect(historyLine(change("MORE_INFO_REQUESTED", "Please upload a recent utility bill."))).toBe(
      "More information needed: Please upload a recent utility bill.",
    );
  });

  it("15 (class) whatever an officer wrote, only a request for information reaches the investor (no tipping-off)", () => {
    const statuses = Object.keys(KYC_STATUS) as KycStatus[];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.string({ minLength: 1, maxLength: 80 }).map((s) => `SECRET ${s}`),
        (status, note) => {
          const line = historyLine(change(status, note));
          if (status === "MORE_INFO_REQUESTED") expect(line).toContain(note);
          else expect(line).not.toContain("SECRET");
          expect(line.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe("the investor's on-chain status (browser test 2026-12-06, M5)", () => {
  it("finding M5: an approved wallet the registry does not verify (frozen, removed, lapsed or not yet written) reads one neutral, true sentence: never 'updates by itself', never a freeze", () => {
    const { label, text } = investorOnChainStatus(false);
    expect(`${label} ${text}`).not.toMatch(/updates by itself|frozen|freez|compliance|sanction|screening/i);
    expect(text).toMatch(/contact support/i);
  });
});

describe("a rejection's page and history agree (browser test 2026-12-06, H2 reviewer's note)", () => {
  it("finding: the history of a rejection or revocation points to the reason on the page, not to support instead of it", () => {
    for (const toStatus of ["REJECTED", "REVOKED"] as const) {
      const line = historyLine(change(toStatus, "We could not complete your verification"));
      expect(line, toStatus).not.toMatch(/contact support to learn more/);
      expect(line, toStatus).not.toContain("We could not complete your verification");
    }
  });
});
