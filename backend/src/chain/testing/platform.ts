/** Deploys the platform on a test chain with the very code admins run (`deployPlatform` of @freehold/dev-kit/deploy). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import type { DeploymentRecord } from "@freehold/deployments";
import { deployPlatform } from "@freehold/dev-kit/deploy";
import { TEST_KEYS } from "./anvil.ts";

export interface DeployedPlatform {
  record: DeploymentRecord;
  recordDir: string;
  address(key: string): `0x${string}`;
}

export async function deployTestPlatform(
  rpcUrl: string,
  params: { complianceAgent?: string; propertyManagers?: string[]; feeBps?: number; feeRecipient?: string } = {},
): Promise<DeployedPlatform> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  const signer = new Wallet(TEST_KEYS[0], provider);
  const recordDir = mkdtempSync(join(tmpdir(), "freehold-chain-test-"));
  try {
    const { record } = await deployPlatform({
      ethers: { getSigners: async () => [signer] },
      signer,
      params,
      networkName: "test",
      recordDir,
      log: () => {},
    });
    return {
      record,
      recordDir,
      address: (key) => {
        const entry = record.contracts[key];
        if (!entry) throw new Error(`${key} not deployed`);
        return entry.address;
      },
    };
  } finally {
    provider.destroy();
  }
}
