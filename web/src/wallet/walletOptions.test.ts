import { describe, expect, it } from "vitest";
import { walletOptions } from "./walletOptions";

describe("walletOptions", () => {
  const injected = { id: "injected", name: "Injected", type: "injected" };
  const rabby = { id: "io.rabby", name: "Rabby", type: "injected", icon: "data:image/svg+xml,..." };
  const metamask = { id: "io.metamask", name: "MetaMask", type: "injected" };

  it("lists announced wallets and hides the generic duplicate", () => {
    expect(walletOptions([injected, rabby, metamask]).map((w) => w.name)).toEqual(["Rabby", "MetaMask"]);
  });
  it("falls back to the injected provider when nothing was announced", () => {
    expect(walletOptions([injected])).toEqual([injected]);
    expect(walletOptions([])).toEqual([]);
  });
});
