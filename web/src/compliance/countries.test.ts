import { describe, expect, it } from "vitest";
import { COUNTRIES, countryByNumeric, countryNameByNumeric } from "./countries";

describe("countries", () => {
  it("maps ISO numeric codes to names", () => {
    expect(countryByNumeric(620)?.alpha2).toBe("PT");
    expect(countryNameByNumeric(250)).toBe("France");
    expect(countryNameByNumeric(999)).toBe("country 999");
    expect(countryNameByNumeric(null)).toBe("—");
  });
  it("has unique codes, sorted by name", () => {
    expect(new Set(COUNTRIES.map((c) => c.numeric)).size).toBe(COUNTRIES.length);
    expect(new Set(COUNTRIES.map((c) => c.alpha2)).size).toBe(COUNTRIES.length);
    const names = COUNTRIES.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
