import { describe, expect, it } from "vitest";
import { marketplaceQuery, sha256Hex } from "./properties";

describe("sha256Hex", () => {
  it("hashes a file in the browser as the registry records it", async () => {
    // SHA-256("test"), a known vector.
    expect(await sha256Hex(new Blob(["test"]))).toBe(
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    );
  });
});

describe("12.15 marketplaceQuery", () => {
  it("asks for public properties only, whatever the filters say (a signed-in manager's drafts stay in the console)", () => {
    expect(marketplaceQuery({ q: "loft", status: "OFFERING" })).toEqual({
      q: "loft",
      status: "OFFERING",
      scope: "public",
      limit: 24,
    });
    expect(marketplaceQuery({ scope: "mine" }).scope).toBe("public");
    expect(marketplaceQuery({ scope: "all", status: "DRAFT" }).scope).toBe("public");
  });
});
