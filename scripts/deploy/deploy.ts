/**
 * `npm run deploy -- --network <name>`: a thin command-line wrapper around `deployPlatform` (see platform.ts).
 * Exit code 0 when the platform is complete, 1 when a step failed (the message names it), 2 for bad usage.
 */
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { deploymentPath } from "@freehold/deployments/node";
import { recordsDir } from "../lib/cli.js";
import { describeError, OperatorError, deployPlatform, DeployStepError } from "@freehold/dev-kit/deploy";
import { openNetwork } from "../lib/network.js";
import { DEPLOY_USAGE, parseDeployCommand, type DeployCommand } from "./params.js";

const LOCAL_CHAINS = new Set([31337, 1337]);

async function main(command: DeployCommand): Promise<void> {
  const opened = await openNetwork(network, command.network, { dryRun: command.dryRun, from: command.from });
  try {
    if (opened.simulated && !command.dryRun) {
      throw new OperatorError(
        `network ${command.network} is simulated inside this command and vanishes when it exits: nothing would remain at ` +
          `the recorded addresses. Deploy to a running node (--network localhost) or a real network.`,
      );
    }
    let recordDir = recordsDir();
    if (command.dryRun) {
      // Rehearse against a copy of the real record, so the rehearsal also shows what a re-run would keep.
      recordDir = mkdtempSync(join(tmpdir(), "freehold-dry-run-"));
      const real = deploymentPath(opened.chainId, recordsDir());
      if (existsSync(real)) cpSync(real, deploymentPath(opened.chainId, recordDir));
    }
    console.log(
      `Deploying the Freehold platform to ${opened.networkName} (chain ${opened.chainId}) as ${opened.signer.address}`,
    );
    const { summary } = await deployPlatform({
      ethers: opened.ethers,
      signer: opened.signer,
      params: command.params,
      networkName: command.network,
      recordDir,
      confirmations: command.confirmations ?? (LOCAL_CHAINS.has(opened.chainId) || command.dryRun ? 1 : 2),
      redeploy: command.redeploy,
    });
    console.log(`\n${summary}\n`);
    console.log(
      command.dryRun
        ? `Dry run complete: nothing was sent to ${command.network}. Rehearsal record: ${deploymentPath(opened.chainId, recordDir)}`
        : `Recorded in ${deploymentPath(opened.chainId, recordDir)}`,
    );
  } finally {
    await opened.close();
  }
}

let command: DeployCommand;
try {
  command = parseDeployCommand(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${DEPLOY_USAGE}`);
  process.exit(2);
}
if (command.help) {
  console.log(DEPLOY_USAGE);
} else {
  try {
    await main(command);
  } catch (error) {
    const message =
      error instanceof DeployStepError || error instanceof OperatorError ? error.message : describeError(error);
    console.error(`\nDeploy failed: ${message}`);
    process.exitCode = 1;
  }
}
