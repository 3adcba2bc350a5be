/**
 * The commands as an admin runs them, against a real `hardhat node` process: a dry run on a fork first (nothing
 * reaches the node), the deploy, an idempotent re-run, the operations commands, and an outsider's key refused.
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { ContractFactory, JsonRpcProvider } from "ethers";
import { artifactsOnDisk } from "@freehold/dev-kit/deploy";
import { deploymentPath, readDeployment } from "@freehold/deployments/node";
import { PLATFORM_KEYS, recordDir, runScript, startHardhatNode, type RunningNode } from "./helpers.js";

// Accounts of `hardhat node` (its well-known test mnemonic): #0 deploys, #1 the agent, #3 a manager, #5 an outsider.
const AGENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const MANAGER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const OUTSIDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

describe("deploy and operations commands against a hardhat node", function () {
  let node: RunningNode;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(async function () {
    node = await startHardhatNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    dir = recordDir();
    env = { FREEHOLD_RPC_URL: node.url, FREEHOLD_DEPLOYMENTS_DIR: dir };
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
  });

  it("rehearses on a fork: the summary shows every deployment, the node and the record are untouched", async function () {
    const run = await runScript("scripts/deploy/deploy.ts", ["--network", "localhost", "--dry-run"], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain("(dry run on a fork)");
    for (const key of PLATFORM_KEYS) expect(run.stdout).to.match(new RegExp(`deploy ${key}\\s+deployed`));
    expect(run.stdout).to.contain("Dry run complete: nothing was sent to localhost");
    expect(await provider.getBlockNumber()).to.equal(0);
    expect(existsSync(deploymentPath(31337, dir))).to.equal(false);
  });

  it("deploys with progress and a summary, then a re-run keeps everything", async function () {
    const run = await runScript(
      "scripts/deploy/deploy.ts",
      ["--network", "localhost", "--compliance-agent", AGENT],
      env,
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/\[ 1\/\d+\] deploy TestStablecoin \.\.\./);
    expect(run.stdout).to.match(
      /grant COMPLIANCE_AGENT_ROLE on IdentityRegistry to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\s+granted/,
    );
    expect(run.stdout).to.match(
      /PropertyTokenFactory: document agent 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\s+configured/,
    );
    const record = readDeployment(31337, dir)!;
    expect(record.network).to.equal("localhost");
    for (const key of PLATFORM_KEYS)
      expect(await provider.getCode(record.contracts[key]!.address), key).to.not.equal("0x");
    const block = await provider.getBlockNumber();

    const again = await runScript(
      "scripts/deploy/deploy.ts",
      ["--network", "localhost", "--compliance-agent", AGENT],
      env,
    );
    expect(again.code, again.stderr).to.equal(0);
    for (const key of PLATFORM_KEYS) expect(again.stdout).to.match(new RegExp(`deploy ${key}\\s+kept`));
    expect(again.stdout).to.match(
      /PropertyTokenFactory: document agent 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\s+unchanged/,
    );
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("13.7 deploys with --payment-token naming a 6-decimal stablecoin someone else deployed: recorded with its decimals and permit, no TestStablecoin", async function () {
    const issuer = await provider.getSigner(7);
    const artifact = await artifactsOnDisk().readArtifact("MockStablecoin");
    const coin = await new ContractFactory(artifact.abi as never[], artifact.bytecode, issuer).deploy(
      "Tether USD",
      "USDT",
      6,
    );
    await coin.waitForDeployment();
    const own = { ...env, FREEHOLD_DEPLOYMENTS_DIR: recordDir() };
    const run = await runScript(
      "scripts/deploy/deploy.ts",
      ["--network", "localhost", "--payment-token", await coin.getAddress()],
      own,
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/\[ 1\/\d+\] record the payment token \.\.\./);
    expect(run.stdout).to.match(
      /record the payment token\s+recorded\s+USDT 0x[0-9a-fA-F]{40} \(6 decimals, no permit: approve, then subscribe\)/,
    );
    const record = readDeployment(31337, own.FREEHOLD_DEPLOYMENTS_DIR)!;
    expect(record.paymentToken).to.deep.equal({
      address: await coin.getAddress(),
      name: "Tether USD",
      symbol: "USDT",
      decimals: 6,
      permit: null,
      source: "existing",
    });
    expect(record.contracts["TestStablecoin"]).to.equal(undefined);

    const notACoin = await runScript(
      "scripts/deploy/deploy.ts",
      ["--network", "localhost", "--payment-token", OUTSIDER],
      { ...env, FREEHOLD_DEPLOYMENTS_DIR: recordDir() },
    );
    expect(notACoin.code).to.equal(1);
    expect(notACoin.stderr).to.contain(
      `Deploy failed: payment token ${OUTSIDER}: no contract at this address on this chain`,
    );
  });

  it("refuses to record a deployment on the in-process network, which vanishes when the command exits", async function () {
    const run = await runScript("scripts/deploy/deploy.ts", ["--network", "default"], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain("Deploy failed: network default is simulated inside this command");
    expect(readDeployment(31337, dir)?.network).to.equal("localhost", "the localhost record is untouched");
  });

  it("runs the operations commands; an outsider's key is refused and nothing is sent", async function () {
    const grant = await runScript(
      "scripts/ops/roles.ts",
      ["grant", "PROPERTY_MANAGER_ROLE", MANAGER, "--contract", "PropertyTokenFactory", "--network", "localhost"],
      env,
    );
    expect(grant.code, grant.stderr).to.equal(0);
    expect(grant.stdout).to.match(/^granted: PROPERTY_MANAGER_ROLE on PropertyTokenFactory/m);

    const block = await provider.getBlockNumber();
    const refused = await runScript(
      "scripts/ops/roles.ts",
      [
        "revoke",
        "PROPERTY_MANAGER_ROLE",
        MANAGER,
        "--contract",
        "PropertyTokenFactory",
        "--network",
        "localhost",
        "--from",
        OUTSIDER,
      ],
      env,
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain(
      `Refused: ${OUTSIDER} cannot revoke PROPERTY_MANAGER_ROLE on PropertyTokenFactory`,
    );
    expect(await provider.getBlockNumber()).to.equal(block);

    const usage = await runScript("scripts/ops/roles.ts", ["promote", "X"], env);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.contain("Usage: npm run ops:roles");

    const list = await runScript("scripts/ops/deployments.ts", ["--network", "localhost"], env);
    expect(list.code, list.stderr).to.equal(0);
    for (const key of PLATFORM_KEYS)
      expect(list.stdout).to.match(new RegExp(`${key}\\s+0x[0-9a-fA-F]{40}\\s+\\d+\\s+match`));
  });
});
