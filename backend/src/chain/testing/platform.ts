/**
 * Deploys the platform on a test chain with the very code admins run (`deployPlatform` of @freehold/dev-kit/deploy).
 *
 * Under the backend's test runner (test/run.ts names a run-wide folder in FREEHOLD_TEST_CHAIN_STATES), a deploy is
 * done once per run for each set of parameters that fixes the contracts (everything but the property managers): the
 * first test file to need it deploys on its own fresh chain and saves that chain's state (anvil_dumpState) and the
 * deploy script's record; later files load the state into their own fresh anvil (anvil_loadState: same blocks,
 * transactions, logs and hashes) and copy the record. The property managers (usually wallets a file made up) are then
 * granted by running `deployPlatform` again over that record with the file's full parameters: the re-run path admins
 * use to add a manager, which keeps every contract and grants what is missing. Each file still has its own chain.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import type { DeploymentRecord } from "@freehold/deployments";
import { deployPlatform } from "@freehold/dev-kit/deploy";
import { rpc } from "@freehold/dev-kit/chain";
import { TEST_KEYS } from "./anvil.ts";
import { CHAIN_STATES_ENV } from "./chain-states.ts";

export interface DeployedPlatform {
  record: DeploymentRecord;
  recordDir: string;
  address(key: string): `0x${string}`;
}

export interface TestPlatformParams {
  complianceAgent?: string;
  propertyManagers?: string[];
  feeBps?: number;
  feeRecipient?: string;
}

async function deploy(rpcUrl: string, params: TestPlatformParams, recordDir: string): Promise<DeploymentRecord> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  const signer = new Wallet(TEST_KEYS[0], provider);
  try {
    const { record } = await deployPlatform({
      ethers: { getSigners: async () => [signer] },
      signer,
      params,
      networkName: "test",
      recordDir,
      log: () => {},
    });
    return record;
  } finally {
    provider.destroy();
  }
}

/** The saved deployment's folder for the parameters that fix the contracts (all but the property managers). */
export function savedDeploymentKey(params: TestPlatformParams): string {
  const { complianceAgent, feeBps, feeRecipient } = params;
  const fixed = { complianceAgent: complianceAgent?.toLowerCase(), feeBps, feeRecipient: feeRecipient?.toLowerCase() };
  return createHash("sha256").update(JSON.stringify(fixed)).digest("hex").slice(0, 16);
}

/**
 * The record of the platform on the chain at `rpcUrl`: loaded from the run's saved deployment when there is one,
 * else deployed (and saved when this file is the first to need it). A chain that is not fresh is always deployed on.
 */
async function deployOrLoad(rpcUrl: string, params: TestPlatformParams, recordDir: string): Promise<DeploymentRecord> {
  const states = process.env[CHAIN_STATES_ENV];
  if (!states || Number(await rpc<string>(rpcUrl, "eth_blockNumber")) !== 0) return deploy(rpcUrl, params, recordDir);
  const saved = join(states, savedDeploymentKey(params));
  const state = join(saved, "state.hex");
  if (existsSync(state)) {
    await rpc(rpcUrl, "anvil_loadState", [readFileSync(state, "utf8")]);
    cpSync(join(saved, "record"), recordDir, { recursive: true });
    // The managers: the admins' re-run over the record (every contract kept, the missing roles granted).
    return deploy(rpcUrl, params, recordDir);
  }
  const { propertyManagers, ...fixed } = params;
  let first = true;
  try {
    mkdirSync(saved); // only the first file to need these parameters saves them; another one meanwhile just deploys
  } catch {
    first = false;
  }
  if (!first) return deploy(rpcUrl, params, recordDir);
  const record = await deploy(rpcUrl, fixed, recordDir);
  cpSync(recordDir, join(saved, "record"), { recursive: true });
  // Written whole, then renamed into place: a reader finds either no state or all of it.
  writeFileSync(`${state}.part`, await rpc<string>(rpcUrl, "anvil_dumpState"));
  renameSync(`${state}.part`, state);
  return propertyManagers?.length ? deploy(rpcUrl, params, recordDir) : record;
}

export async function deployTestPlatform(rpcUrl: string, params: TestPlatformParams = {}): Promise<DeployedPlatform> {
  const recordDir = mkdtempSync(join(tmpdir(), "freehold-chain-test-"));
  const record = await deployOrLoad(rpcUrl, params, recordDir);
  return {
    record,
    recordDir,
    address: (key) => {
      const entry = record.contracts[key];
      if (!entry) throw new Error(`${key} not deployed`);
      return entry.address;
    },
  };
}
