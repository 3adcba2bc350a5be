import { describe, expect, it, vi } from "vitest";
import { isDeployed, loadDeployments, NotDeployedError, platformAddress } from "./addresses";

const record = {
  chainId: 31337,
  network: "localhost",
  updatedAt: "2026-11-22T00:00:00Z",
  contracts: {
    Settlement: {
      address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      blockNumber: 1,
      transactionHash: `0x${"1".repeat(64)}`,
    },
  },
};

describe("deployment records", () => {
  it("finds a platform contract by name and chain", () => {
    const records = loadDeployments({ "/addresses/31337.json": record });
    expect(platformAddress(31337, "Settlement", records)).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(isDeployed(31337, "Settlement", records)).toBe(true);
    expect(isDeployed(1, "Settlement", records)).toBe(false);
  });

  it("throws a named error for a contract missing on that chain", () => {
    const records = loadDeployments({ "/addresses/31337.json": record });
    expect(() => platformAddress(31337, "RentDistributor", records)).toThrow(NotDeployedError);
    expect(() => platformAddress(11155111, "Settlement", records)).toThrow(/not deployed on chain 11155111/);
  });

  it("skips and reports a malformed record", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const records = loadDeployments({ "/addresses/bad.json": { chainId: "x" }, "/addresses/31337.json": record });
    expect([...records.keys()]).toEqual([31337]);
    expect(spy).toHaveBeenCalledOnce();
  });
});
