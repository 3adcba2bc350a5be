/** Shared shape of the operator commands: parse, run, print one clear line on failure, exit code 1 (2 for usage). */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { network } from "hardhat";
import { ADDRESSES_DIR } from "@freehold/deployments/node";
import { artifactsOnDisk, describeError, OperatorError } from "@freehold/dev-kit/deploy";
import { openNetwork, type OpenedNetwork } from "./network.js";
import type { OpsContext } from "../ops/operations.js";

/**
 * Folder of the deployment records the commands read and write: deployments/addresses, or
 * FREEHOLD_DEPLOYMENTS_DIR (tests and rehearsals keep their records away from the committed ones).
 */
export function recordsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env["FREEHOLD_DEPLOYMENTS_DIR"] || ADDRESSES_DIR;
}

export const COMMON_OPTIONS = {
  network: { type: "string" },
  from: { type: "string" },
  confirmations: { type: "string" },
  help: { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseCommand<O extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Opens `--network` (default localhost) with the `--from` account, as an operations context. */
export async function openOps(values: {
  network?: string;
  from?: string;
  confirmations?: string;
}): Promise<{ opened: OpenedNetwork; ctx: OpsContext }> {
  const opened = await openNetwork(network, values.network ?? "localhost", { from: values.from });
  const confirmations = values.confirmations === undefined ? undefined : Number(values.confirmations);
  if (confirmations !== undefined && (!Number.isInteger(confirmations) || confirmations < 1)) {
    await opened.close();
    throw new UsageError(`--confirmations must be a whole number >= 1`);
  }
  return {
    opened,
    ctx: { signer: opened.signer, artifacts: artifactsOnDisk(), confirmations, recordDir: recordsDir() },
  };
}

export async function runCommand(usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exitCode = 2;
      return;
    }
    console.error(`Refused: ${error instanceof OperatorError ? error.message : describeError(error)}`);
    process.exitCode = 1;
  }
}
