import { describe, expect, it } from "vitest";
import { bytes32ToPropertyId, propertyIdToBytes32 } from "@freehold/deployments/property-id";

describe("property ids on chain", () => {
  const uuid = "3f2b8c1e-7d4a-4e9b-9a61-0c5d2e8f1a7b";
  it("round-trips a registry UUID through bytes32", () => {
    const id = propertyIdToBytes32(uuid);
    expect(id).toBe("0x3f2b8c1e7d4a4e9b9a610c5d2e8f1a7b00000000000000000000000000000000");
    expect(bytes32ToPropertyId(id)).toBe(uuid);
  });
  it("refuses what is not a UUID, and bytes32 values the platform never writes", () => {
    expect(() => propertyIdToBytes32("not-a-uuid")).toThrow(/not a property id/);
    expect(bytes32ToPropertyId(`0x${"ab".repeat(32)}`)).toBeUndefined();
  });
});
