import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("uses same-origin API and a local chain by default", () => {
    expect(parseConfig({})).toEqual({
      apiBaseUrl: "/api/v1",
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
      explorerUrl: undefined,
    });
  });

  it("accepts explicit values and trims trailing slashes", () => {
    const config = parseConfig({
      VITE_API_URL: "https://api.freehold.example/api/v1/",
      VITE_CHAIN_ID: "11155111",
      VITE_RPC_URL: "https://rpc.sepolia.example",
      VITE_EXPLORER_URL: "https://sepolia.etherscan.io/",
    });
    expect(config.apiBaseUrl).toBe("https://api.freehold.example/api/v1");
    expect(config.chainId).toBe(11155111);
    expect(config.explorerUrl).toBe("https://sepolia.etherscan.io");
  });

  it("lists every problem at once", () => {
    let caught: unknown;
    try {
      parseConfig({ VITE_API_URL: "ftp://x", VITE_CHAIN_ID: "1.5", VITE_RPC_URL: "localhost:8545" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/VITE_API_URL/);
    expect(problems[1]).toMatch(/VITE_CHAIN_ID/);
    expect(problems[2]).toMatch(/VITE_RPC_URL/);
  });

  it.each(["0", "-1", "abc", "99999999999999999999"])("refuses chain id %s", (value) => {
    expect(() => parseConfig({ VITE_CHAIN_ID: value })).toThrow(/VITE_CHAIN_ID/);
  });
});
