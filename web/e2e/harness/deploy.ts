/** The platform deployed to the test chain by the real deploy script (`npm run deploy`), into a private record. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { privateKeyToAccount } from "viem/accounts";
import { DEV_KEYS } from "./wallet";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

async function npm(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn("npm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr.on("data", (c: Buffer) => (log += c.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`npm ${args.join(" ")} failed (${code}):\n${log.slice(-3000)}`);
}

/**
 * Compiles (a no-op when the artifacts are current; it also replaces coverage-instrumented artifacts, which are
 * too large to deploy), deploys, and returns the folder holding `<chainId>.json` (never the repository's records).
 */
export async function deployPlatform(rpcUrl: string): Promise<string> {
  await npm(["run", "compile"]);
  const recordsDir = mkdtempSync(join(tmpdir(), "freehold-web-e2e-deployments-"));
  const args = [
    "run", "deploy", "--", "--network", "localhost",
    "--compliance-agent", privateKeyToAccount(DEV_KEYS.agent).address,
    "--property-manager", privateKeyToAccount(DEV_KEYS.manager).address,
  ];
  await npm(args, { ...process.env, FREEHOLD_RPC_URL: rpcUrl, FREEHOLD_DEPLOYMENTS_DIR: recordsDir });
  return recordsDir;
}
