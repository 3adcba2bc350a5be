import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invitationStatusValues } from "../api/generated/openapi";
import { STATUS_DISPLAY, statusAt, unitRange } from "./status";

const NOW = Date.UTC(2027, 2, 1, 12, 0);

describe("an invitation's status as shown", () => {
  it("20 only an open invitation can be accepted or revoked; every status the API knows has words", () => {
    for (const status of invitationStatusValues) {
      const shown = STATUS_DISPLAY[status];
      expect(shown.label.length).toBeGreaterThan(0);
      expect(shown.redeemable).toBe(status === "open");
      expect(shown.revocable).toBe(status === "open");
    }
    expect(STATUS_DISPLAY.revoked.sentence).toMatch(/no longer be accepted/);
    expect(STATUS_DISPLAY.expired.sentence).toMatch(/expired/);
  });

  it("20 an open invitation turns expired from its expiry on (strictly before is open); others keep their status", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...invitationStatusValues),
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        (status, offset) => {
          const expiry = new Date(NOW + offset).toISOString();
          const shown = statusAt({ status, expiry }, NOW);
          if (status === "open") expect(shown).toBe(offset > 0 ? "open" : "expired");
          else expect(shown).toBe(status);
        },
      ),
    );
  });

  it("20 a range reads as one figure when fixed, from-to otherwise", () => {
    expect(unitRange({ minUnits: "4", maxUnits: "4" })).toBe("4 units");
    expect(unitRange({ minUnits: "1", maxUnits: "1" })).toBe("1 unit");
    expect(unitRange({ minUnits: "1", maxUnits: "1200" })).toBe("1–1,200 units");
  });
});
