import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KycStatus, KycStatusChange } from "../../api/kyc";
import { historyLine, KYC_STATUS } from "./labels";

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
