import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { complianceFlags, freezeWords, type IdentityFreeze } from "./queueFlags";

const STATES: IdentityFreeze[] = [null, "FROZEN", "FREEZING", "FREEZE_FAILED", "UNFREEZING", "UNFREEZE_FAILED"];

describe("the queue's compliance flags (finding H6)", () => {
  it("regression: an approved investor hit by a list reload, frozen on chain, is flagged, not 'None'", () => {
    expect(complianceFlags({ openScreenings: 1, identityFreeze: "FROZEN" }).map((f) => f.label)).toEqual([
      "Possible sanctions match: your decision is needed",
      "Identity frozen on chain",
    ]);
  });

  it("property: an open match is always the first flag, and every hold other than none is said", () => {
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.constantFrom(...STATES), (open, state) => {
        const flags = complianceFlags({ openScreenings: open, identityFreeze: state });
        if (open > 0) expect(flags[0]!.label).toMatch(/sanctions match.*decision is needed/);
        if (state !== null) expect(flags.map((f) => f.label)).toContain(freezeWords(state)!.label);
        if (open > 0) expect(flags.some((f) => /frozen|freeze|Not frozen/i.test(f.label))).toBe(true);
        if (open === 0 && state === null) expect(flags).toEqual([]);
      }),
    );
  });
});
