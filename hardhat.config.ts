import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, type HardhatUserConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// The npm `solc` package's WASM build: no native compiler download (works offline).
const solc = {
  version: "0.8.37",
  path: require.resolve("solc/soljson.js"),
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: solc,
      production: solc,
    },
  },
  paths: {
    sources: "./contracts",
    tests: { mocha: "./test" },
  },
  typechain: {
    outDir: "types/ethers-contracts",
  },
  test: {
    mocha: { timeout: 600_000 },
  },
  networks: {
    // In-process simulated chain used by `hardhat test` and `hardhat run`.
    default: { type: "edr-simulated", chainType: "l1" },
    // A `hardhat node` (or anvil) on this machine: the local stack.
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.FREEHOLD_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // A public test network; keys come from the environment or Hardhat's keystore, never the repo.
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_DEPLOYER_KEY")],
    },
  },
};

export default config;
