/** The operations scripts' functions: roles, pause, compliance-agent rotation, listing; outsiders are refused. */
import { expect } from "chai";
import { network } from "hardhat";
import { id, type Signer } from "ethers";
import type { DeploymentRecord } from "@freehold/deployments";
import { deployPlatform, artifactsOnDisk, OperatorError } from "@freehold/dev-kit/deploy";
import {
  changeRole,
  checkRecordedCode,
  cloneImplementation,
  formatRecords,
  listRecords,
  rotateComplianceAgent,
  setPaused,
  type OpsContext,
} from "../../scripts/ops/operations.js";
import { launchSmallProperty, PLATFORM_KEYS, recordDir } from "./helpers.js";

const PROPERTY_MANAGER_ROLE = id("PROPERTY_MANAGER_ROLE");
const COMPLIANCE_AGENT_ROLE = id("COMPLIANCE_AGENT_ROLE");

async function refusal(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e as Error,
  );
}

describe("operations scripts", function () {
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let record: DeploymentRecord;
  let dir: string;
  let admin: Signer, agent: Signer, manager: Signer, outsider: Signer, newAgent: Signer;
  let token: string;
  const ctx = (signer: Signer): OpsContext => ({ signer, artifacts: artifactsOnDisk(), recordDir: dir });

  before(async function () {
    ({ ethers } = await network.create());
    [admin, agent, manager, outsider, newAgent] = (await ethers.getSigners()) as Signer[] as [
      Signer,
      Signer,
      Signer,
      Signer,
      Signer,
    ];
    dir = recordDir();
    ({ record } = await deployPlatform({
      ethers,
      params: { complianceAgent: await agent.getAddress(), propertyManagers: [await manager.getAddress()] },
      recordDir: dir,
      log: () => {},
    }));
    ({ token } = await launchSmallProperty(ethers, record, manager, id("p1")));
  });

  it("grants and revokes a role on a recorded contract; repeating changes nothing", async function () {
    const factory = await ethers.getContractAt(
      "PropertyTokenFactory",
      record.contracts["PropertyTokenFactory"]!.address,
    );
    const who = await outsider.getAddress();
    const grant = {
      target: { key: "PropertyTokenFactory" },
      role: "PROPERTY_MANAGER_ROLE",
      account: who,
      action: "grant" as const,
    };
    expect((await changeRole(ctx(admin), grant)).outcome).to.equal("granted");
    expect(await factory.hasRole(PROPERTY_MANAGER_ROLE, who)).to.equal(true);
    const block = await ethers.provider.getBlockNumber();
    expect((await changeRole(ctx(admin), grant)).outcome).to.equal("unchanged");
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect((await changeRole(ctx(admin), { ...grant, action: "revoke" })).outcome).to.equal("revoked");
    expect(await factory.hasRole(PROPERTY_MANAGER_ROLE, who)).to.equal(false);
  });

  it("refuses an outsider's key before sending, and the chain would refuse it too", async function () {
    const who = await outsider.getAddress();
    const block = await ethers.provider.getBlockNumber();
    const error = await refusal(
      changeRole(ctx(outsider), {
        target: { key: "PropertyTokenFactory" },
        role: "PROPERTY_MANAGER_ROLE",
        account: who,
        action: "grant",
      }),
    );
    expect(error).to.be.instanceOf(OperatorError);
    expect(error.message).to.equal(
      `${who} cannot grant PROPERTY_MANAGER_ROLE on PropertyTokenFactory (${record.contracts["PropertyTokenFactory"]!.address}): it does not hold DEFAULT_ADMIN_ROLE`,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    const factory = await ethers.getContractAt(
      "PropertyTokenFactory",
      record.contracts["PropertyTokenFactory"]!.address,
    );
    await expect(factory.connect(outsider).grantRole(PROPERTY_MANAGER_ROLE, who)).to.be.revertedWithCustomError(
      factory,
      "AccessControlUnauthorizedAccount",
    );

    expect((await refusal(setPaused(ctx(outsider), { token, paused: true }))).message).to.contain(
      "does not hold PAUSER_ROLE",
    );
    expect((await refusal(rotateComplianceAgent(ctx(outsider), { newAgent: who }))).message).to.contain(
      "does not hold DEFAULT_ADMIN_ROLE",
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("refuses unknown roles, unknown contracts, bad addresses and self-lockout with a clear message", async function () {
    const me = await admin.getAddress();
    const base = {
      target: { key: "IdentityRegistry" },
      role: "COMPLIANCE_AGENT_ROLE",
      account: me,
      action: "grant" as const,
    };
    expect((await refusal(changeRole(ctx(admin), { ...base, role: "MINTER_ROLE" }))).message).to.match(
      /has no role MINTER_ROLE; its roles are: COMPLIANCE_AGENT_ROLE, DEFAULT_ADMIN_ROLE/,
    );
    expect((await refusal(changeRole(ctx(admin), { ...base, target: { key: "Nope" } }))).message).to.match(
      /Nope is not recorded for chain 31337; recorded: TestStablecoin/,
    );
    expect((await refusal(changeRole(ctx(admin), { ...base, account: "0x12" }))).message).to.contain(
      "account is not a valid non-zero address",
    );
    expect(
      (
        await refusal(
          changeRole(ctx(admin), {
            ...base,
            target: { address: record.contracts["Settlement"]!.address, contract: "PropertyToken" },
          }),
        )
      ).message,
    ).to.contain("is not a PropertyToken");
    expect(
      (await refusal(changeRole(ctx(admin), { ...base, role: "DEFAULT_ADMIN_ROLE", action: "revoke" }))).message,
    ).to.contain("Refusing to revoke your own DEFAULT_ADMIN_ROLE");
  });

  it("manages a role on a property token launched by the factory (a clone)", async function () {
    const code = await ethers.provider.getCode(token);
    expect(cloneImplementation(code)).to.equal(record.contracts["PropertyTokenImplementation"]!.address);
    const result = await changeRole(ctx(manager), {
      target: { address: token, contract: "PropertyToken" },
      role: "AGENT_ROLE",
      account: await agent.getAddress(),
      action: "grant",
    });
    expect(result.outcome).to.equal("granted");
    const contract = await ethers.getContractAt("PropertyToken", token);
    expect(await contract.hasRole(id("AGENT_ROLE"), await agent.getAddress())).to.equal(true);
  });

  it("moves a token's DOCUMENTS_ROLE to a new backend signer (the launch granted it to the deploy's agent)", async function () {
    const contract = await ethers.getContractAt("PropertyToken", token);
    const target = { address: token, contract: "PropertyToken" };
    expect(await contract.hasRole(id("DOCUMENTS_ROLE"), await agent.getAddress())).to.equal(true);
    const account = await newAgent.getAddress();
    expect(
      (await changeRole(ctx(manager), { target, role: "DOCUMENTS_ROLE", account, action: "grant" })).outcome,
    ).to.equal("granted");
    expect(
      (
        await changeRole(ctx(manager), {
          target,
          role: "DOCUMENTS_ROLE",
          account: await agent.getAddress(),
          action: "revoke",
        })
      ).outcome,
    ).to.equal("revoked");
    expect(await contract.hasRole(id("DOCUMENTS_ROLE"), account)).to.equal(true);
    expect(await contract.hasRole(id("DOCUMENTS_ROLE"), await agent.getAddress())).to.equal(false);
  });

  it("pauses and unpauses a token", async function () {
    const contract = await ethers.getContractAt("PropertyToken", token);
    expect((await setPaused(ctx(manager), { token, paused: true })).outcome).to.equal("paused");
    expect(await contract.paused()).to.equal(true);
    expect((await setPaused(ctx(manager), { token, paused: true })).outcome).to.equal("unchanged");
    expect((await setPaused(ctx(manager), { token, paused: false })).outcome).to.equal("unpaused");
    expect(await contract.paused()).to.equal(false);
  });

  it("rotates the compliance agent: the new key holds the role, every old one lost it", async function () {
    const registry = await ethers.getContractAt("IdentityRegistry", record.contracts["IdentityRegistry"]!.address);
    const extra = await outsider.getAddress();
    await (await registry.connect(admin).grantRole(COMPLIANCE_AGENT_ROLE, extra)).wait();
    const factory = await ethers.getContractAt(
      "PropertyTokenFactory",
      record.contracts["PropertyTokenFactory"]!.address,
    );
    expect(await factory.documentAgent()).to.equal(
      await agent.getAddress(),
      "the deploy made the backend key the document agent",
    );
    const result = await rotateComplianceAgent(ctx(admin), { newAgent: await newAgent.getAddress() });
    expect(result.granted).to.equal(true);
    expect(result.documentAgentMoved).to.equal(true);
    expect(await factory.documentAgent()).to.equal(await newAgent.getAddress());
    expect([...result.revoked].sort()).to.deep.equal([await agent.getAddress(), extra].sort());
    expect(await registry.hasRole(COMPLIANCE_AGENT_ROLE, await newAgent.getAddress())).to.equal(true);
    expect(await registry.hasRole(COMPLIANCE_AGENT_ROLE, await agent.getAddress())).to.equal(false);
    expect(await registry.hasRole(COMPLIANCE_AGENT_ROLE, extra)).to.equal(false);
    // The old agent can no longer write identities.
    await expect(
      registry
        .connect(agent)
        .registerIdentity(extra, extra, 250, BigInt(Math.floor(Date.now() / 1000) + 86_400 * 30), false),
    ).to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount");
    const again = await rotateComplianceAgent(ctx(admin), { newAgent: await newAgent.getAddress() });
    expect(again).to.deep.equal({ granted: false, revoked: [], documentAgentMoved: false, transactions: [] });
  });

  it("lists the deployments and checks the code on chain", async function () {
    const records = listRecords(dir);
    expect(records.map((r) => r.chainId)).to.deep.equal([31337]);
    const checks = await checkRecordedCode(ethers.provider, records[0]!, artifactsOnDisk());
    const table = formatRecords(records, checks);
    for (const key of PLATFORM_KEYS)
      expect(table).to.match(new RegExp(`${key}\\s+${record.contracts[key]!.address}\\s+\\d+\\s+match`));
    expect(table).to.contain(
      `chain 31337: payment token tUSD ${record.contracts["TestStablecoin"]!.address} (6 decimals, EIP-2612 permit "Test USD" v1)`,
    );
    expect(listRecords(recordDir())).to.deep.equal([]);
  });
});
