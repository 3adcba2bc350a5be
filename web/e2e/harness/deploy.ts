/** The platform deployed to the test chain by the real deploy script (`npm run deploy`), into a private record. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT as ROOT } from "@freehold/dev-kit/repo";
import { abis } from "@freehold/deployments";
import { rpc } from "@freehold/dev-kit/chain";
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
 * Builds the contracts only when their sources changed (`npm run codegen`, the rule `npm start` uses), deploys, and
 * returns the folder holding `<chainId>.json` (never the repository's records). Never `npm run compile` here: even
 * with nothing to build it rewrites the ABIs and types that suites in other lanes are importing (the test
 * aggregator's generated-files guard fails the run when a suite does). `npm run coverage` puts the uninstrumented
 * artifacts back itself.
 */
export async function deployPlatform(rpcUrl: string): Promise<string> {
  await npm(["run", "codegen"]);
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
    "--fee-bps",
    String(TEST_FEES.primaryBps),
    ...(stablecoin ? ["--payment-token", stablecoin] : []),
  ];
  await npm(args, { ...process.env, FREEHOLD_RPC_URL: rpcUrl, FREEHOLD_DEPLOYMENTS_DIR: recordsDir });
  return recordsDir;
}

/**
 * The test world's platform fees (issue 20), small and not zero, so the journeys show and check every fee line:
 * in effect, primary 1 % (the deploy's `--fee-bps`), rent 1 % and trade 0.5 %; announced, not yet in effect, primary
 * 1.5 % and trade 0.75 %. Every journey's money figures count them (the fee is read from the chain where it matters).
 */
export const TEST_FEES = {
  primaryBps: 100,
  rentBps: 100,
  tradeBps: 50,
  announced: { primaryBps: 150, tradeBps: 75 },
} as const;

/** `PlatformFees.FEE_INCREASE_DELAY` (12 weeks), plus an hour for the deploy to run before the clock catches up. */
export const FEE_HISTORY_SECONDS = 12 * 7 * 86_400 + 3_600;

/**
 * Rent and trade fees can only rise by an announcement that takes 12 weeks (the deploy sets only the primary fee):
 * the chain starts `FEE_HISTORY_SECONDS` in the past (`startAnvil({ genesisTimestamp })`), the admin announces them
 * right after the deploy, and the clock then moves to now, when they are in effect. Nothing else exists yet, so no
 * offering or order sees the jump. Then the increases that stay pending are announced (due 12 weeks from now).
 */
export async function scheduleTestFees(rpcUrl: string, recordsDir: string, chainId: number): Promise<void> {
  const record = JSON.parse(readFileSync(join(recordsDir, `${chainId}.json`), "utf8")) as {
    contracts: Record<string, { address: Address }>;
  };
  const fees = record.contracts["PlatformFees"]!.address;
  const admin = createWalletClient({ account: privateKeyToAccount(DEV_KEYS.deployer), transport: http(rpcUrl) });
  const client = createPublicClient({ transport: http(rpcUrl) });
  const announce = async (kind: number, bps: number) =>
    client.waitForTransactionReceipt({
      hash: await admin.writeContract({
        abi: abis.PlatformFees,
        address: fees,
        functionName: "announceIncrease",
        args: [kind, bps],
        chain: null,
      }),
    });
  await announce(1, TEST_FEES.rentBps);
  await announce(2, TEST_FEES.tradeBps);
  const now = Math.floor(Date.now() / 1000);
  await rpc(rpcUrl, "evm_setNextBlockTimestamp", [now]);
  await rpc(rpcUrl, "evm_mine", []);
  const [rent] = await client.readContract({
    abi: abis.PlatformFees,
    address: fees,
    functionName: "platformFeeOf",
    args: [1],
  });
  if (rent !== TEST_FEES.rentBps)
    throw new Error(`the rent fee is ${rent} bps after the clock moved, not ${TEST_FEES.rentBps}`);
  await announce(0, TEST_FEES.announced.primaryBps);
  await announce(2, TEST_FEES.announced.tradeBps);
}
