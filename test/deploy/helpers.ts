/** Shared by the deploy and operations tests: temporary record folders, captured output, real child processes. */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_CHAIN_ID, stopProcess, waitForChain } from "@freehold/dev-kit/chain";
import { REPO_ROOT } from "@freehold/dev-kit/deploy";
import { freePort } from "@freehold/dev-kit/ports";
import { ZeroHash, type Signer } from "ethers";
import type { network } from "hardhat";
import type { DeploymentRecord } from "@freehold/deployments";

export const PLATFORM_KEYS = [
  "TestStablecoin",
  "IdentityRegistry",
  "FreeholdForwarder",
  "RentDistributor",
  "Settlement",
  "PropertyTokenImplementation",
  "PropertyOfferingImplementation",
  "PropertyGovernorImplementation",
  "PropertyExitImplementation",
  "PlatformFees",
  "PropertyTokenFactory",
];

/** A fresh folder for deployment records, so tests never touch deployments/addresses. */
export function recordDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "freehold-deploy-test-"));
  chmodSync(dir, 0o755);
  return dir;
}

/** Progress lines captured instead of printed. */
export function captureLog(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the repository's TypeScript commands as an operator would (same Node, through tsx). */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningNode {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A real `hardhat node` process on an ephemeral port of 127.0.0.1 (the deploy command's own target in these tests). */
export async function startHardhatNode(): Promise<RunningNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js"),
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const stop = () => stopProcess(child);
  try {
    await waitForChain(url, LOCAL_CHAIN_ID, { timeoutMs: 60_000, process: { child, recentOutput: () => output } });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, stop };
}

type HardhatEthers = Awaited<ReturnType<typeof network.create>>["ethers"];

/**
 * Launches a small property through a deployed record's factory as `manager` (a 10-unit offering at 1.00 opening in a
 * minute, open an hour), for the operations tests that need a token and an offering to act on.
 */
export async function launchSmallProperty(
  ethers: HardhatEthers,
  record: DeploymentRecord,
  manager: Signer,
  propertyId: string,
): Promise<{ token: string; offering: string }> {
  const factory = await ethers.getContractAt("PropertyTokenFactory", record.contracts["PropertyTokenFactory"]!.address);
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const params = {
    propertyId,
    name: "Quai 3",
    symbol: "QUAI3",
    partition: ZeroHash,
    paymentToken: record.contracts["TestStablecoin"]!.address,
    pricePerUnit: 1_000_000n,
    softCap: 1n,
    hardCap: 10n,
    minTicket: 1n,
    maxTicket: 10n,
    startTime: BigInt(now + 60),
    endTime: BigInt(now + 3_600),
    treasury: await manager.getAddress(),
  };
  const [token, offering] = (await factory.connect(manager).launch.staticCall(params)) as unknown as [string, string];
  await (await factory.connect(manager).launch(params)).wait();
  return { token, offering };
}
