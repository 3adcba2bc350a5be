import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invitationStatusValues } from "../api/generated/openapi";
import { AHEAD_SENTENCE, chainStatusOf, displayOf, standing, type ChainInvitationStatus } from "./standing";
import { STATUS_DISPLAY } from "./status";

const NOW = Date.UTC(2027, 2, 1, 12, 0);
const LATER = new Date(NOW + 86_400_000).toISOString();
const CHAIN: (ChainInvitationStatus | undefined)[] = ["open", "redeemed", "revoked", undefined];

describe("where an invitation stands: the platform's record and the offering's", () => {
  it("20 used on chain while the platform still lists it open: shown redeemed, no Accept", () => {
    const shown = standing({ status: "open", expiry: LATER }, "redeemed", NOW);
    expect(shown).toEqual({ status: "redeemed", ahead: true, acceptable: false, revocable: false });
  });

  it("20 revoked on chain while the platform still lists it open: shown revoked, no Accept", () => {
    expect(standing({ status: "open", expiry: LATER }, "revoked", NOW)).toEqual({
      status: "revoked",
      ahead: true,
      acceptable: false,
      revocable: false,
    });
  });

  it("20 Accept is offered exactly when the platform, the chain and the clock all say it can be used", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...invitationStatusValues),
        fc.constantFrom(...CHAIN),
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        (listed, chain, offset) => {
          const expiry = new Date(NOW + offset).toISOString();
          const shown = standing({ status: listed, expiry }, chain, NOW);
          const usable = listed === "open" && chain === "open" && offset > 0;
          expect(shown.acceptable).toBe(usable);
          // The manager's Revoke: only what the chain would still revoke (not redeemed, not revoked, not expired).
          expect(shown.revocable).toBe(usable);
          // A settled invitation is never shown open, whichever side knows first.
          if (chain === "redeemed" || chain === "revoked" || listed !== "open") expect(shown.status).not.toBe("open");
          // The chain's word shows only where the platform's record still says open.
          if (listed === "open" && (chain === "redeemed" || chain === "revoked"))
            expect(shown).toMatchObject({ status: chain, ahead: true });
          else expect(shown.ahead).toBe(false);
        },
      ),
    );
  });

  it("20 the manager sees a redemption the platform has not synced yet: no Revoke (the chain would refuse it)", () => {
    expect(standing({ status: "open", expiry: LATER }, "redeemed", NOW).revocable).toBe(false);
    expect(standing({ status: "open", expiry: LATER }, undefined, NOW).revocable).toBe(false);
    expect(standing({ status: "open", expiry: LATER }, "open", NOW).revocable).toBe(true);
  });

  it("20 the offering's codes read as its constants say (0 neither, 1 redeemed, 2 revoked); others are unknown", () => {
    expect([0, 1, 2, 3, undefined].map(chainStatusOf)).toEqual(["open", "redeemed", "revoked", undefined, undefined]);
  });

  it("20 a settlement ahead of the record says so; the words offer Accept only when acceptable", () => {
    const used = displayOf(standing({ status: "open", expiry: LATER }, "redeemed", NOW));
    expect(used).toMatchObject({ label: "Redeemed", redeemable: false, sentence: AHEAD_SENTENCE.redeemed });
    expect(used.sentence).toMatch(/^Used just now/);
    const unread = displayOf(standing({ status: "open", expiry: LATER }, undefined, NOW));
    expect(unread).toMatchObject({ label: "Open", redeemable: false, sentence: STATUS_DISPLAY.open.sentence });
    expect(displayOf(standing({ status: "open", expiry: LATER }, "open", NOW)).redeemable).toBe(true);
  });
});
