/**
 * The deploy admins run (`deployPlatform`), on an in-process chain: a full deploy, an idempotent re-run, crashes
 * at every kind of point (before sending, after sending, a node that refuses), a chain reset, foreign code at a
 * recorded address, bad parameters, and the admin handover.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { readFileSync, existsSync } from "node:fs";
import { Contract, id, ZeroHash } from "ethers";
import { deploymentPath, readDeployment, writeDeployment } from "@freehold/deployments/node";
import { deployPlatform, DeployStepError } from "@freehold/dev-kit/deploy";
import { captureLog, PLATFORM_KEYS, recordDir } from "./helpers.js";

const COMPLIANCE_AGENT_ROLE = id("COMPLIANCE_AGENT_ROLE");
const PROPERTY_MANAGER_ROLE = id("PROPERTY_MANAGER_ROLE");
const REGISTRAR_ROLE = id("REGISTRAR_ROLE");
const DOCUMENTS_ROLE = id("DOCUMENTS_ROLE");

describe("deployPlatform", function () {
  it("deploys and wires the whole platform, records every contract and grants the roles", async function () {
    const { ethers } = await network.create();
    const [deployer, agent, manager] = await ethers.getSigners();
    const dir = recordDir();
    const { lines, log } = captureLog();

    const { record, summary, results } = await deployPlatform({
      ethers,
      params: { complianceAgent: agent!.address, propertyManagers: [manager!.address], feeBps: 150 },
      networkName: "test",
      recordDir: dir,
      log,
    });

    expect(Object.keys(record.contracts).sort()).to.deep.equal([...PLATFORM_KEYS].sort());
    const onDisk = readDeployment(31337, dir)!;
    expect(onDisk.contracts).to.deep.equal(record.contracts);
    expect(onDisk.pending).to.equal(undefined);
    expect(onDisk.network).to.equal("test");
    for (const key of PLATFORM_KEYS) {
      const entry = record.contracts[key]!;
      expect(await ethers.provider.getCode(entry.address), key).to.not.equal("0x");
      const receipt = await ethers.provider.getTransactionReceipt(entry.transactionHash);
      expect(receipt?.contractAddress, key).to.equal(entry.address);
      expect(receipt?.blockNumber, key).to.equal(entry.blockNumber);
      expect(entry.deployer).to.equal(deployer!.address);
    }
    expect(record.contracts["PropertyTokenImplementation"]!.contract).to.equal("PropertyToken");

    const at = (key: string): string => record.contracts[key]!.address;
    const registry = await ethers.getContractAt("IdentityRegistry", at("IdentityRegistry"));
    const factory = await ethers.getContractAt("PropertyTokenFactory", at("PropertyTokenFactory"));
    const distributor = await ethers.getContractAt("RentDistributor", at("RentDistributor"));
    expect(await registry.hasRole(COMPLIANCE_AGENT_ROLE, agent!.address)).to.equal(true);
    expect(await factory.hasRole(PROPERTY_MANAGER_ROLE, manager!.address)).to.equal(true);
    expect(await distributor.hasRole(REGISTRAR_ROLE, at("PropertyTokenFactory"))).to.equal(true);
    expect(await factory.tokenImplementation()).to.equal(at("PropertyTokenImplementation"));
    expect(await factory.offeringImplementation()).to.equal(at("PropertyOfferingImplementation"));
    expect(await factory.governorImplementation()).to.equal(at("PropertyGovernorImplementation"));
    expect(await factory.exitImplementation()).to.equal(at("PropertyExitImplementation"));
    expect(await factory.identityRegistry()).to.equal(at("IdentityRegistry"));
    // The fee schedule: the primary fee given, the other kinds zero, every kind collected by the admin (here the
    // deployer); the factory reads it at launch.
    const fees = await ethers.getContractAt("PlatformFees", at("PlatformFees"));
    expect(await factory.platformFees()).to.equal(at("PlatformFees"));
    for (const [kind, bps] of [150n, 0n, 0n, 0n].entries()) {
      expect(await fees.platformFeeOf(kind)).to.deep.equal([bps, deployer!.address]);
    }
    expect(await factory.documentAgent(), "the backend's signer anchors documents").to.equal(agent!.address);
    // Issue 20: the factory binds launch discounts; every contract investors call trusts the recorded forwarder.
    expect(await fees.hasRole(id("LAUNCHER_ROLE"), at("PropertyTokenFactory"))).to.equal(true);
    const trusting = ["function trustedForwarder() view returns (address)"];
    for (const key of [
      "RentDistributor",
      "Settlement",
      "PropertyTokenImplementation",
      "PropertyOfferingImplementation",
      "PropertyGovernorImplementation",
      "PropertyExitImplementation",
    ]) {
      const contract = new Contract(at(key), trusting, ethers.provider);
      expect(await contract.getFunction("trustedForwarder")(), key).to.equal(at("FreeholdForwarder"));
    }

    // The wiring works: the manager launches a property through the deployed factory.
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const launchParams = {
      propertyId: id("p1"),
      name: "Rue de Rivoli 12",
      symbol: "RIV12",
      partition: ZeroHash,
      paymentToken: at("TestStablecoin"),
      pricePerUnit: 100_000_000n,
      softCap: 10n,
      hardCap: 100n,
      minTicket: 1n,
      maxTicket: 100n,
      startTime: BigInt(now + 60),
      endTime: BigInt(now + 86_400),
      treasury: manager!.address,
    };
    const [tokenAddress] = await factory.connect(manager!).launch.staticCall(launchParams);
    await (await factory.connect(manager!).launch(launchParams)).wait();
    const token = await ethers.getContractAt("PropertyToken", tokenAddress!);
    const offering = await ethers.getContractAt("PropertyOffering", await factory.offeringOf(tokenAddress!));
    expect((await offering.terms()).feeBps).to.equal(150n);
    expect(await token.hasRole(DOCUMENTS_ROLE, agent!.address)).to.equal(true);
    expect(await token.hasRole(id("AGENT_ROLE"), agent!.address)).to.equal(false);
    // Issue 19: the manager attaches holder votes to the new token with the recorded governor implementation.
    const terms = { votingPeriod: 7 * 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 10n };
    const governorAddress = await factory.connect(manager!).launchGovernor.staticCall(tokenAddress!, terms);
    await expect(factory.connect(manager!).launchGovernor(tokenAddress!, terms))
      .to.emit(factory, "GovernorLaunched")
      .withArgs(tokenAddress, governorAddress, terms.votingPeriod, terms.quorumBps, terms.approvalBps, 10n);
    expect(await factory.governorOf(tokenAddress!)).to.equal(governorAddress);
    const governor = await ethers.getContractAt("PropertyGovernor", governorAddress);
    expect(await governor.token()).to.equal(tokenAddress);
    expect(await governor.trustedForwarder()).to.equal(at("FreeholdForwarder"));
    // Issue 19: and its exit, with the recorded exit implementation, naming that governor.
    const exitAddress = await factory.connect(manager!).launchExit.staticCall(tokenAddress!);
    await expect(factory.connect(manager!).launchExit(tokenAddress!))
      .to.emit(factory, "ExitLaunched")
      .withArgs(tokenAddress, exitAddress, governorAddress, await offering.terms().then((t) => t.paymentToken));
    const exit = await ethers.getContractAt("PropertyExit", exitAddress);
    expect(await exit.governor()).to.equal(governorAddress);
    expect(await exit.trustedForwarder()).to.equal(at("FreeholdForwarder"));

    // Progress: a start and an end line per step; the summary lists every step.
    expect(lines.filter((l) => l.endsWith(" ..."))).to.have.length(results.length);
    for (const key of PLATFORM_KEYS) expect(summary).to.contain(`deploy ${key}`);
    expect(results.filter((r) => r.outcome === "deployed")).to.have.length(PLATFORM_KEYS.length);
  });

  it("deploys nothing on a re-run: every contract is kept and every role left as it is", async function () {
    const { ethers } = await network.create();
    const [, agent, manager] = await ethers.getSigners();
    const dir = recordDir();
    const params = { complianceAgent: agent!.address, propertyManagers: [manager!.address] };
    const first = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    const block = await ethers.provider.getBlockNumber();

    const second = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    expect(await ethers.provider.getBlockNumber(), "no transaction was sent").to.equal(block);
    expect(second.results.map((r) => r.outcome)).to.satisfy((all: string[]) =>
      all.every((o) => o === "kept" || o === "unchanged"),
    );
    expect(second.record.contracts).to.deep.equal(first.record.contracts);

    // A re-run with a new manager only grants that role.
    const [, , , newManager] = await ethers.getSigners();
    const third = await deployPlatform({
      ethers,
      params: { ...params, propertyManagers: [manager!.address, newManager!.address] },
      recordDir: dir,
      log: () => {},
    });
    expect(
      third.results.filter((r) => r.outcome !== "kept" && r.outcome !== "unchanged").map((r) => r.step),
    ).to.deep.equal([`grant PROPERTY_MANAGER_ROLE on PropertyTokenFactory to ${newManager!.address}`]);
    expect(await ethers.provider.getBlockNumber()).to.equal(block + 1);
  });

  it("sets the factory's document agent only with a compliance agent; a re-run with one adds exactly it and its role", async function () {
    const { ethers } = await network.create();
    const [, agent, manager, newAgent] = await ethers.getSigners();
    const dir = recordDir();
    const first = await deployPlatform({
      ethers,
      params: { propertyManagers: [manager!.address] },
      recordDir: dir,
      log: () => {},
    });
    expect(first.results.some((r) => r.step.includes("document agent"))).to.equal(false);
    const factory = await ethers.getContractAt(
      "PropertyTokenFactory",
      first.record.contracts["PropertyTokenFactory"]!.address,
    );
    expect(await factory.documentAgent()).to.equal(ethers.ZeroAddress);

    const params = { complianceAgent: agent!.address, propertyManagers: [manager!.address] };
    const second = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    expect(
      second.results.filter((r) => r.outcome !== "kept" && r.outcome !== "unchanged").map((r) => [r.step, r.outcome]),
    ).to.deep.equal([
      [`PropertyTokenFactory: document agent ${agent!.address}`, "configured"],
      [`grant COMPLIANCE_AGENT_ROLE on IdentityRegistry to ${agent!.address}`, "granted"],
    ]);
    expect(await factory.documentAgent()).to.equal(agent!.address);
    const block = await ethers.provider.getBlockNumber();
    const third = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    expect(third.results.find((r) => r.step.includes("document agent"))?.outcome).to.equal("unchanged");
    expect(await ethers.provider.getBlockNumber(), "nothing sent").to.equal(block);

    // A new backend signer: the factory follows the chain's state, not the record (someone changed it meanwhile).
    await (await factory.setDocumentAgent(newAgent!.address)).wait();
    const fourth = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    expect(fourth.results.find((r) => r.step.includes("document agent"))?.outcome).to.equal("configured");
    expect(await factory.documentAgent()).to.equal(agent!.address);
  });

  it("a crash before sending leaves the record of what was confirmed, and a re-run completes", async function () {
    const { ethers } = await network.create();
    const dir = recordDir();
    let error: unknown;
    try {
      await deployPlatform({
        ethers,
        recordDir: dir,
        log: () => {},
        beforeSend: (step) => {
          if (step === "deploy Settlement") throw new Error("simulated crash");
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DeployStepError);
    expect((error as DeployStepError).step).to.equal("deploy Settlement");
    // Step 2 records the payment token (the TestStablecoin of step 1).
    expect((error as DeployStepError).stepNumber).to.equal(7);
    expect((error as Error).message).to.match(/^Step 7 \(deploy Settlement\) failed: simulated crash\./);

    const partial = readDeployment(31337, dir)!;
    expect(Object.keys(partial.contracts)).to.deep.equal([
      "TestStablecoin",
      "IdentityRegistry",
      "FreeholdForwarder",
      "PlatformFees",
      "RentDistributor",
    ]);
    for (const entry of Object.values(partial.contracts))
      expect(await ethers.provider.getCode(entry!.address)).to.not.equal("0x");
    expect(partial.pending?.key, "the step in flight is noted").to.equal("Settlement");
    expect(await ethers.provider.getCode(partial.pending!.address)).to.equal("0x");

    const { results, record } = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
    expect(results.slice(0, 6).map((r) => r.outcome)).to.deep.equal([
      "kept",
      "unchanged",
      "kept",
      "kept",
      "kept",
      "kept",
    ]);
    expect(results.filter((r) => r.outcome === "deployed")).to.have.length(PLATFORM_KEYS.length - 5);
    expect(record.contracts["Settlement"]!.address).to.equal(partial.pending!.address);
    expect(readDeployment(31337, dir)!.pending).to.equal(undefined);
  });

  it("a crash after sending adopts the contract on the next run instead of deploying a duplicate", async function () {
    const { ethers } = await network.create();
    const dir = recordDir();
    let sentHash = "";
    await deployPlatform({
      ethers,
      recordDir: dir,
      log: () => {},
      afterSend: (step, hash) => {
        if (step === "deploy RentDistributor") {
          sentHash = hash;
          throw new Error("simulated crash after sending");
        }
      },
    }).then(
      () => expect.fail("the deploy should have stopped"),
      (e: unknown) => expect((e as DeployStepError).step).to.equal("deploy RentDistributor"),
    );
    const partial = readDeployment(31337, dir)!;
    expect(partial.contracts["RentDistributor"]).to.equal(undefined);
    expect(await ethers.provider.getCode(partial.pending!.address), "the transaction did land").to.not.equal("0x");
    const nonceBefore = await ethers.provider.getTransactionCount(partial.pending!.deployer);

    const { results, record } = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
    expect(results[5]!.outcome).to.equal("adopted");
    const adopted = record.contracts["RentDistributor"]!;
    expect(adopted.address).to.equal(partial.pending!.address);
    expect(adopted.transactionHash).to.equal(sentHash);
    expect(adopted.blockNumber).to.equal((await ethers.provider.getTransactionReceipt(sentHash))!.blockNumber);
    // One deployment per remaining contract, plus wiring and roles: no second RentDistributor.
    const deployed = results.filter((r) => r.outcome === "deployed").length;
    expect(deployed).to.equal(PLATFORM_KEYS.length - 5);
    const txs = results.filter((r) => r.gasUsed !== undefined).length;
    expect(await ethers.provider.getTransactionCount(partial.pending!.deployer)).to.equal(nonceBefore + txs);
  });

  it("a transaction the node refuses (no funds) names the step, keeps the record consistent, and a re-run completes", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [funder] = await ethers.getSigners();
    const deployer = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(deployer.address, 10n ** 20n);
    const dir = recordDir();
    const error = await deployPlatform({
      ethers,
      signer: deployer,
      recordDir: dir,
      log: () => {},
      beforeSend: async (step) => {
        if (step === "deploy PropertyTokenImplementation") await networkHelpers.setBalance(deployer.address, 0n);
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DeployStepError);
    expect((error as Error).message).to.contain("Step 8 (deploy PropertyTokenImplementation) failed:");
    expect((error as Error).message.toLowerCase()).to.match(/fund|balance/);
    const partial = readDeployment(31337, dir)!;
    expect(Object.keys(partial.contracts)).to.deep.equal([
      "TestStablecoin",
      "IdentityRegistry",
      "FreeholdForwarder",
      "PlatformFees",
      "RentDistributor",
      "Settlement",
    ]);
    expect(partial.pending, "nothing was sent, so nothing is pending").to.equal(undefined);

    await (await funder!.sendTransaction({ to: deployer.address, value: 10n ** 20n })).wait();
    const { record } = await deployPlatform({ ethers, signer: deployer, recordDir: dir, log: () => {} });
    expect(Object.keys(record.contracts).sort()).to.deep.equal([...PLATFORM_KEYS].sort());
    expect(record.contracts["Settlement"]).to.deep.equal(partial.contracts["Settlement"]);
  });

  it("redeploys what a reset chain lost (same chain id, no code at the recorded addresses)", async function () {
    const dir = recordDir();
    const first = await network.create();
    await deployPlatform({ ethers: first.ethers, recordDir: dir, log: () => {} });
    await first.close();

    const fresh = await network.create();
    await fresh.networkHelpers.mine(3); // different blocks: the new addresses' records must be the new ones
    const { results, record } = await deployPlatform({ ethers: fresh.ethers, recordDir: dir, log: () => {} });
    const deployed = results.filter((r) => r.outcome === "deployed");
    expect(deployed).to.have.length(PLATFORM_KEYS.length);
    expect(deployed[0]!.detail).to.contain("no code at recorded");
    for (const entry of Object.values(record.contracts)) {
      expect(await fresh.ethers.provider.getCode(entry!.address)).to.not.equal("0x");
      expect((await fresh.ethers.provider.getTransactionReceipt(entry!.transactionHash))?.blockNumber).to.equal(
        entry!.blockNumber,
      );
    }
  });

  // Implementations added after a platform's first deploy: a re-run deploys the missing one, points the factory at
  // it, and leaves every other recorded contract as it was.
  const added = [
    {
      key: "PropertyGovernorImplementation",
      before: "holder votes",
      what: "governor",
      getter: "governorImplementation",
    },
    {
      key: "PropertyExitImplementation",
      before: "the exit",
      what: "exit",
      getter: "exitImplementation",
    },
  ] as const;
  for (const { key: missing, before: era, what, getter } of added)
    it(`19 a platform recorded before ${era} gets the ${what} implementation on a re-run, nothing else changes`, async function () {
      const { ethers } = await network.create();
      const dir = recordDir();
      const { record: before } = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
      const factory = await ethers.getContractAt(
        "PropertyTokenFactory",
        before.contracts["PropertyTokenFactory"]!.address,
      );
      // The record as a deployment made before then left it (the factory still names the first implementation).
      const { [missing]: first, ...older } = before.contracts;
      writeDeployment({ ...before, contracts: older }, dir);
      const { results, record } = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
      expect(results.filter((r) => r.outcome === "deployed").map((r) => r.step)).to.deep.equal([`deploy ${missing}`]);
      const deployed = record.contracts[missing]!.address;
      expect(deployed).to.not.equal(first!.address);
      expect(await factory.getFunction(getter)()).to.equal(deployed);
      expect(results.filter((r) => r.outcome === "configured").map((r) => r.step)).to.deep.equal([
        `PropertyTokenFactory: clone the recorded ${what} implementation`,
      ]);
      for (const key of PLATFORM_KEYS.filter((k) => k !== missing))
        expect(record.contracts[key], key).to.deep.equal(before.contracts[key]);
    });

  it("refuses to go on when a recorded address holds other code, and changes nothing", async function () {
    const { ethers } = await network.create();
    const dir = recordDir();
    const { record } = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
    record.contracts["IdentityRegistry"] = { ...record.contracts["TestStablecoin"]! };
    writeDeployment(record, dir);
    const before = readFileSync(deploymentPath(31337, dir), "utf8");
    const block = await ethers.provider.getBlockNumber();

    const error = await deployPlatform({ ethers, recordDir: dir, log: () => {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).to.contain("Step 3 (deploy IdentityRegistry) failed");
    expect((error as Error).message).to.contain("--redeploy IdentityRegistry");
    expect(readFileSync(deploymentPath(31337, dir), "utf8")).to.equal(before);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);

    // With --redeploy the registry is replaced, and everything wired to it follows.
    const { results } = await deployPlatform({ ethers, recordDir: dir, redeploy: ["IdentityRegistry"], log: () => {} });
    expect(results.filter((r) => r.outcome === "deployed").map((r) => r.step)).to.deep.equal([
      "deploy IdentityRegistry",
      "deploy PropertyTokenImplementation",
      "deploy PropertyTokenFactory",
    ]);
  });

  it("20 a re-run with another primary fee decreases it at once, or announces an increase once (in effect 12 weeks later)", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [, , , , collector] = await ethers.getSigners();
    const dir = recordDir();
    const run = (params: { feeBps: number; feeRecipient?: string }) =>
      deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    const changed = (results: { outcome: string; step: string }[]) =>
      results.filter((r) => r.outcome !== "kept" && r.outcome !== "unchanged").map((r) => r.step);
    const { record } = await run({ feeBps: 200 });
    const fees = await ethers.getContractAt("PlatformFees", record.contracts["PlatformFees"]!.address);

    expect(changed((await run({ feeBps: 120 })).results)).to.deep.equal(["PlatformFees: primary fee 120 bps"]);
    expect((await fees.platformFeeOf(0))[0]).to.equal(120n);

    expect(changed((await run({ feeBps: 300 })).results)).to.deep.equal(["PlatformFees: primary fee 300 bps"]);
    expect((await fees.platformFeeOf(0))[0], "an increase waits for its 12 weeks").to.equal(120n);
    const [pendingBps, effectiveAt] = await fees.pendingIncrease(0);
    expect(pendingBps).to.equal(300n);
    // The same parameters again: the announcement stands, nothing is sent (its delay does not restart).
    expect(changed((await run({ feeBps: 300 })).results)).to.deep.equal([]);
    expect((await fees.pendingIncrease(0))[1]).to.equal(effectiveAt);
    await networkHelpers.time.increaseTo(effectiveAt);
    expect((await fees.platformFeeOf(0))[0]).to.equal(300n);
    expect(changed((await run({ feeBps: 300 })).results)).to.deep.equal([]);

    // A new collector takes every kind at once.
    expect(changed((await run({ feeBps: 300, feeRecipient: collector!.address })).results)).to.have.length(4);
    for (const kind of [0, 1, 2, 3]) expect((await fees.platformFeeOf(kind))[1]).to.equal(collector!.address);
  });

  it("refuses bad parameters before sending anything", async function () {
    const { ethers } = await network.create();
    const dir = recordDir();
    for (const params of [
      { complianceAgent: "0x1234" },
      { admin: "0x0000000000000000000000000000000000000000" },
      { propertyManagers: ["bob"] },
      { feeBps: 5_000 },
      { feeBps: 501 },
      { feeBps: 1.5 },
    ]) {
      const error = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message, JSON.stringify(params)).to.match(/not a valid non-zero address|feeBps must be/);
    }
    expect(existsSync(deploymentPath(31337, dir))).to.equal(false);
    expect(await ethers.provider.getBlockNumber()).to.equal(0);
  });

  it("hands the admin role over and, when asked, the deployer renounces its own", async function () {
    const { ethers } = await network.create();
    const [deployer, , , , admin] = await ethers.getSigners();
    const dir = recordDir();
    const params = { admin: admin!.address, renounceDeployer: true };
    const { record } = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    for (const key of [
      "TestStablecoin",
      "IdentityRegistry",
      "RentDistributor",
      "PlatformFees",
      "PropertyTokenFactory",
    ]) {
      const contract = await ethers.getContractAt("IdentityRegistry", record.contracts[key]!.address);
      expect(await contract.hasRole(ZeroHash, admin!.address), key).to.equal(true);
      expect(await contract.hasRole(ZeroHash, deployer!.address), key).to.equal(false);
    }
    const fees = await ethers.getContractAt("PlatformFees", record.contracts["PlatformFees"]!.address);
    for (const kind of [0, 1, 2, 3]) expect((await fees.platformFeeOf(kind))[1]).to.equal(admin!.address);
    // The deployer no longer administers anything, yet a re-run has nothing to do and succeeds.
    const { results } = await deployPlatform({ ethers, params, recordDir: dir, log: () => {} });
    expect(results.every((r) => r.outcome === "kept" || r.outcome === "unchanged")).to.equal(true);
  });

  it("says where controller and pauser go when no platform contract declares those roles", async function () {
    const { ethers } = await network.create();
    const [, , , , , controller] = await ethers.getSigners();
    const { lines, log } = captureLog();
    await deployPlatform({
      ethers,
      params: { controller: controller!.address, pauser: controller!.address },
      recordDir: recordDir(),
      log,
    });
    expect(lines.filter((l) => l.startsWith("note: no platform contract declares"))).to.have.length(2);
    expect(lines.join("\n")).to.contain(
      `npm run ops:roles -- grant CONTROLLER_ROLE ${controller!.address} --token <address>`,
    );
  });

  it("refuses a production chain without a payment token", async function () {
    const { ethers } = await network.create({ override: { chainId: 1 } });
    const error = await deployPlatform({ ethers, recordDir: recordDir(), log: () => {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).to.contain("chain 1 is not a test network");
  });
});
