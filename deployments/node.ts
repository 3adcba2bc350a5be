/** Node-only access to deployment records on disk (the web app bundles them at build time instead). */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDeploymentRecord, type DeploymentRecord } from "./index.js";

export const ADDRESSES_DIR = join(dirname(fileURLToPath(import.meta.url)), "addresses");

export function deploymentPath(chainId: number, dir = ADDRESSES_DIR): string {
  return join(dir, `${chainId}.json`);
}

/** The deployment record of a chain, or `undefined` when nothing was deployed there yet. */
export function readDeployment(chainId: number, dir = ADDRESSES_DIR): DeploymentRecord | undefined {
  const path = deploymentPath(chainId, dir);
  if (!existsSync(path)) return undefined;
  return parseDeploymentRecord(JSON.parse(readFileSync(path, "utf8")));
}

/** Writes a record atomically (temp file + rename), so a crash never leaves half a record. */
export function writeDeployment(record: DeploymentRecord, dir = ADDRESSES_DIR): void {
  const path = deploymentPath(record.chainId, dir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(parseDeploymentRecord(record), null, 2) + "\n");
  renameSync(tmp, path);
}
