import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, type Rendered } from "../../test/render";
import { STANDARD_INVESTOR_REASONS } from "./amlDecision";
import { StandardReasonPicker } from "./StandardReasonPicker";

let shown: Rendered | undefined;
afterEach(() => shown?.unmount());

describe("StandardReasonPicker (an ordinary rejection can give the standard reasons a confirmed match must give)", () => {
  it("offers exactly the standard reasons and hands the one chosen to the reason field", () => {
    const onPick = vi.fn();
    shown = render(<StandardReasonPicker onPick={onPick} />);
    const select = shown.container.querySelector("select")!;
    expect([...select.options].map((o) => o.value).filter(Boolean)).toEqual([...STANDARD_INVESTOR_REASONS]);
    for (const reason of STANDARD_INVESTOR_REASONS) {
      act(() => {
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!.call(select, reason);
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      expect(onPick).toHaveBeenLastCalledWith(reason);
    }
  });
});
