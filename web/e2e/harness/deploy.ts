/** The platform deployed to the test chain by the real deploy script (`npm run deploy`), into a private record. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT as ROOT } from "@freehold/dev-kit/repo";
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { DEV_KEYS } from "./wallet";

async function npm(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn("npm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr.on("data", (c: Buffer) => (log += c.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`npm ${args.join(" ")} failed (${code}):\n${log.slice(-3000)}`);
}

/**
 * `E2E_STABLECOIN=no-permit`: before the platform, a stablecoin issuer (not the platform's deploy) deploys a
 * 6-decimal coin without EIP-2612 permit (USDT-like, `contracts/mocks/MockStablecoin.sol`, mintable for the tests),
 * and the deploy is given it with `--payment-token`, as on a public network. Default: the deploy's own
 * TestStablecoin (6 decimals, permit).
 */
async function separateStablecoin(rpcUrl: string): Promise<Address | undefined> {
  const kind = process.env.E2E_STABLECOIN ?? "test";
  if (kind === "test") return undefined;
  if (kind !== "no-permit")
    throw new Error(`E2E_STABLECOIN must be "test" or "no-permit", not ${JSON.stringify(kind)}`);
  const artifact = JSON.parse(
    readFileSync(join(ROOT, "artifacts/contracts/mocks/MockStablecoin.sol/MockStablecoin.json"), "utf8"),
  ) as { abi: Abi; bytecode: Hex };
  const issuer = createWalletClient({ account: privateKeyToAccount(generatePrivateKey()), transport: http(rpcUrl) });
  const client = createPublicClient({ transport: http(rpcUrl) });
  // The issuer pays its own gas: fund it from the deployer first.
  const funder = createWalletClient({ account: privateKeyToAccount(DEV_KEYS.deployer), transport: http(rpcUrl) });
  await client.waitForTransactionReceipt({
    hash: await funder.sendTransaction({ to: issuer.account.address, value: 10n ** 18n, chain: null }),
  });
  const hash = await issuer.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: ["Tether USD", "USDT", 6],
    chain: null,
  });
  const { contractAddress } = await client.waitForTransactionReceipt({ hash });
  if (!contractAddress) throw new Error("the separate stablecoin was not deployed");
  return contractAddress;
}

/**
 * Compiles (a no-op when the artifacts are current; it also replaces coverage-instrumented artifacts, which are
 * too large to deploy), deploys, and returns the folder holding `<chainId>.json` (never the repository's records).
 */
export async function deployPlatform(rpcUrl: string): Promise<string> {
  await npm(["run", "compile"]);
  const recordsDir = mkdtempSync(join(tmpdir(), "freehold-web-e2e-deployments-"));
  const stablecoin = await separateStablecoin(rpcUrl);
  const args = [
    "run",
    "deploy",
    "--",
    "--network",
    "localhost",
    "--compliance-agent",
    privateKeyToAccount(DEV_KEYS.agent).address,
    "--property-manager",
    privateKeyToAccount(DEV_KEYS.manager).address,
    ...(stablecoin ? ["--payment-token", stablecoin] : []),
  ];
  await npm(args, { ...process.env, FREEHOLD_RPC_URL: rpcUrl, FREEHOLD_DEPLOYMENTS_DIR: recordsDir });
  return recordsDir;
}
