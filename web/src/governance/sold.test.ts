import { describe, expect, it } from "vitest";
import { isSold } from "./sold";

describe("19 a sold property says so", () => {
  it("EXITED from the backend, or the proceeds deposited on chain, is sold", () => {
    expect(isSold("EXITED", false)).toBe(true);
    expect(isSold("FUNDED", true)).toBe(true);
    expect(isSold("FUNDED", false)).toBe(false);
  });
});
