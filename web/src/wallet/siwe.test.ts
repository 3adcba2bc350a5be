import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import { describe, expect, it } from "vitest";
import { buildSiweMessage, SIWE_STATEMENT } from "./siwe";

describe("buildSiweMessage", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  const message = buildSiweMessage({
    address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    chainId: 31337,
    nonce: "a1b2c3d4e5f6g7h8",
    origin: "http://127.0.0.1:5173/portfolio",
    now,
  });

  it("binds the domain, chain, nonce and a 10-minute expiry", () => {
    const parsed = parseSiweMessage(message);
    expect(parsed).toMatchObject({
      domain: "127.0.0.1:5173",
      uri: "http://127.0.0.1:5173",
      chainId: 31337,
      nonce: "a1b2c3d4e5f6g7h8",
      statement: SIWE_STATEMENT,
      version: "1",
    });
    expect(parsed.expirationTime?.toISOString()).toBe("2026-11-22T10:10:00.000Z");
  });

  it("is valid for the backend's checks while fresh and not after expiry", () => {
    const parsed = parseSiweMessage(message);
    expect(
      validateSiweMessage({
        message: parsed,
        domain: "127.0.0.1:5173",
        nonce: "a1b2c3d4e5f6g7h8",
        time: new Date("2026-11-22T10:05:00Z"),
      }),
    ).toBe(true);
    expect(
      validateSiweMessage({ message: parsed, domain: "127.0.0.1:5173", time: new Date("2026-11-22T10:11:00Z") }),
    ).toBe(false);
    expect(
      validateSiweMessage({ message: parsed, domain: "evil.example", time: new Date("2026-11-22T10:05:00Z") }),
    ).toBe(false);
  });
});
