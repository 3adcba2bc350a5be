/**
 * Browser tests: starts a local chain, deploys the platform with the real deploy script, builds the production bundle for it, serves the bundle like a CDN, starts
 * the real backend (embedded PostgreSQL, with its compliance agent and chain sync) behind the bundle's `/api`, then runs every `e2e/**\/*.e2e.ts` with node's test runner in headless
 * Chromium. Ends with `N passed, N failed` and a non-zero exit code on any failure.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { startBackend, type RunningBackend } from "../e2e/harness/backend";
import { rpc, startAnvil } from "@freehold/dev-kit/chain";
import { deployPlatform, FEE_HISTORY_SECONDS, scheduleTestFees } from "../e2e/harness/deploy";
import { DEV_KEYS, RELAYER_KEY } from "../e2e/harness/wallet";
import { privateKeyToAccount } from "viem/accounts";
import { serveBuild } from "../e2e/harness/staticServer";

export interface Counts {
  passed: number;
  failed: number;
}

/** Reads node's TAP summary (`# pass N`, `# fail N`). */
export function tapCounts(output: string): Counts | undefined {
  const pass = [...output.matchAll(/^# pass (\d+)/gm)].at(-1);
  const fail = [...output.matchAll(/^# fail (\d+)/gm)].at(-1);
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : undefined;
}

/** Builds the production bundle configured for this run's chain and API, into a fresh folder. */
export async function buildApp(env: { rpcUrl: string; chainId: number }): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "freehold-web-e2e-"));
  process.env.VITE_RPC_URL = env.rpcUrl;
  process.env.VITE_CHAIN_ID = String(env.chainId);
  process.env.VITE_API_URL = "/api/v1";
  // The caught-mail page is built in, as under `npm start` (app/devTools.ts): the walk visits it too.
  process.env.VITE_DEV_TOOLS = "true";
  await build({
    root: join(import.meta.dirname, ".."),
    logLevel: "warn",
    // The manifest lets the every-page walk measure the marketplace's initial JS (scripts/bundle.ts).
    build: { outDir, emptyOutDir: true, sourcemap: false, manifest: true },
  });
  return outDir;
}

export async function runE2e(files: string[] = []): Promise<Counts> {
  // The chain starts in the past so that the test fees announced at its start are in effect now (scheduleTestFees).
  const chain = await startAnvil({ genesisTimestamp: Math.floor(Date.now() / 1000) - FEE_HISTORY_SECONDS });
  let outDir: string | undefined;
  let server: Awaited<ReturnType<typeof serveBuild>> | undefined;
  let backend: RunningBackend | undefined;
  try {
    const deployments = await deployPlatform(chain.url);
    await scheduleTestFees(chain.url, deployments, chain.chainId);
    // The backend's relayer pays investors' network fees (issue 20): 100 ETH, like a journey's own wallet.
    await rpc(chain.url, "anvil_setBalance", [privateKeyToAccount(RELAYER_KEY).address, "0x56BC75E2D63100000"]);
    process.env.FREEHOLD_DEPLOYMENTS_DIR = deployments;
    outDir = await buildApp({ rpcUrl: chain.url, chainId: chain.chainId });
    server = await serveBuild(outDir, () => backend?.url, { connectSrc: [chain.url] });
    backend = await startBackend({
      appUrl: server.url,
      rpcUrl: chain.url,
      chainId: chain.chainId,
      firstAdmin: privateKeyToAccount(DEV_KEYS.officer).address,
      // The compliance agent and the chain sync run as in production: approved investors are whitelisted by the backend.
      chain: { deploymentsDir: deployments, agentKey: DEV_KEYS.agent, relayerKey: RELAYER_KEY },
    });
    const targets = files.length > 0 ? files : ["e2e/**/*.e2e.ts"];
    // Under `npm test` also a JUnit report, from which scripts/ci/test-all.ts takes the counts.
    const reportDir = process.env["FREEHOLD_TEST_REPORT_DIR"];
    const junit = reportDir
      ? ["--test-reporter=junit", `--test-reporter-destination=${join(reportDir, "web-e2e.junit.xml")}`]
      : [];
    // Then the slowest journeys (scripts/ci/file-times-reporter.ts): where the suite's time goes.
    const fileTimes = ["--test-reporter=../scripts/ci/file-times-reporter.ts", "--test-reporter-destination=stdout"];
    const child = spawn(
      "tsx",
      [
        "--test",
        "--test-reporter=tap",
        "--test-reporter-destination=stdout",
        ...junit,
        ...fileTimes,
        "--test-concurrency=1",
        // A journey that never returns (CI found one: axe inside a script-less frame) fails after 20 minutes,
        // named, instead of holding the run. The limit bounds each journey FILE as a whole (the runner runs each file
        // as one test): every-page.e2e.ts takes about 8 minutes on CI's 2 cores, so 8 was too tight under load.
        // Then the file's process exits even if the hung step left something running.
        "--test-timeout=1200000",
        "--test-force-exit",
        ...targets,
      ],
      {
        cwd: join(import.meta.dirname, ".."),
        env: {
          ...process.env,
          E2E_APP_URL: server.url,
          E2E_RPC_URL: chain.url,
          E2E_CHAIN_ID: String(chain.chainId),
          E2E_API_URL: backend.url,
          E2E_MAIL_URL: backend.mailUrl,
          E2E_DEPLOYMENTS_DIR: deployments,
          E2E_BUILD_DIR: outDir,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    const counts = tapCounts(output) ?? { passed: 0, failed: 1 };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  } finally {
    await backend?.stop();
    await server?.close();
    await chain.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = await runE2e(process.argv.slice(2));
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}
