import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { registryState } from "./registryState";

describe("the registry's state in an officer's words", () => {
  it("a frozen approved investor reads 'Frozen on chain' (review 2026-12-06 H6: it read 'Not yet on chain: the compliance agent writes your approval')", () => {
    const s = registryState({ registered: true, frozen: true, verified: false });
    expect(s.label).toBe("Frozen on chain");
    expect(s.text).not.toMatch(/\byour\b/i);
  });

  it("class: every combination the registry can answer gets one state, frozen first, in words for officers", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (registered, frozen, rawVerified) => {
        // The registry's own rule: verified implies registered (an unexpired record) and not frozen.
        const verified = rawVerified && registered && !frozen;
        const s = registryState({ registered, frozen, verified });
        expect(s.label).toBe(
          frozen
            ? "Frozen on chain"
            : verified
              ? "Verified on chain"
              : registered
                ? "Registered, not verified"
                : "Not in the registry",
        );
        expect(`${s.label} ${s.text}`).not.toMatch(/\byour\b/i);
      }),
    );
  });
});
