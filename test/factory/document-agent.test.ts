/**
 * The factory's document agent: the platform's key (the backend's) that anchors verified property documents on every
 * launched token. It receives DOCUMENTS_ROLE at launch, and nothing else; only the factory admin chooses it; a change
 * applies to new launches only.
 */
import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress } from "ethers";
import { network } from "hardhat";
import type { PropertyToken } from "../../types/ethers-contracts/index.js";
import { deployPlatform, issueTo, launch, type Platform } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();

const DEED = encodeBytes32String("TITLE_DEED");

/** Every RoleGranted of `token` with its role (the launch is the only granter of a fresh token). */
async function grantsOf(token: PropertyToken, role: string): Promise<string[]> {
  const logs = await token.queryFilter(token.filters.RoleGranted(role));
  return logs.map((l) => l.args.account);
}

describe("PropertyTokenFactory document agent", function () {
  async function fixture(): Promise<Platform> {
    return deployPlatform(ethers, networkHelpers);
  }

  it("lets the document agent write the launched token's documents and nothing else", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const { token } = await launch(p);
    await issueTo(p, token, [p.investors[0]!], 10n);
    const holder = p.investors[0]!.address;
    const asDocumentAgent = token.connect(p.complianceAgent);

    await expect(asDocumentAgent.setDocument(DEED, "ipfs://deed", id("deed")))
      .to.emit(token, "DocumentUpdated")
      .withArgs(DEED, "ipfs://deed", id("deed"));
    expect((await token.getDocument(DEED)).slice(0, 2)).to.deep.equal(["ipfs://deed", id("deed")]);

    const [agentRole, pauserRole, issuerRole, controllerRole, adminRole, documentsRole] = await Promise.all([
      token.AGENT_ROLE(),
      token.PAUSER_ROLE(),
      token.ISSUER_ROLE(),
      token.CONTROLLER_ROLE(),
      token.DEFAULT_ADMIN_ROLE(),
      token.DOCUMENTS_ROLE(),
    ]);
    const refused: [() => Promise<unknown>, string][] = [
      [() => asDocumentAgent.setAddressFrozen(holder, true), agentRole],
      [() => asDocumentAgent.freezePartialTokens(holder, 1n), agentRole],
      [() => asDocumentAgent.unfreezePartialTokens(holder, 1n), agentRole],
      [() => asDocumentAgent.setMaxHolders(1), agentRole],
      [() => asDocumentAgent.setMaxBalancePerIdentity(1n), agentRole],
      [() => asDocumentAgent.setCountryRestrictions([250], true), agentRole],
      [() => asDocumentAgent.setCountryMode(true), agentRole],
      [() => asDocumentAgent.setPartitionRules(ethers.ZeroHash, 1, true), agentRole],
      [() => asDocumentAgent.pause(), pauserRole],
      [() => asDocumentAgent.issue(holder, 1n, "0x"), issuerRole],
      [() => asDocumentAgent.controllerTransfer(holder, p.investors[1]!.address, 1n, "0x", "0x"), controllerRole],
      // It cannot widen its own rights, nor hand its role to anyone.
      [() => asDocumentAgent.grantRole(agentRole, p.complianceAgent.address), adminRole],
      [() => asDocumentAgent.grantRole(documentsRole, p.outsider.address), adminRole],
    ];
    for (const [call, role] of refused) {
      await expect(call())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(p.complianceAgent.address, role);
    }
    expect(await token.isFrozen(holder)).to.equal(false);
    expect(await token.maxHolders()).to.equal(0n);
    expect(await token.paused()).to.equal(false);
    expect(await token.balanceOf(holder)).to.equal(10n);
    expect(await token.hasRole(documentsRole, p.outsider.address)).to.equal(false);

    await expect(asDocumentAgent.removeDocument(DEED))
      .to.emit(token, "DocumentRemoved")
      .withArgs(DEED, "ipfs://deed", id("deed"));
    expect(await token.getAllDocuments()).to.deep.equal([]);
  });

  it("refuses documents from an outsider, naming DOCUMENTS_ROLE, and keeps them for the manager (AGENT_ROLE)", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const { token } = await launch(p);
    const documentsRole = await token.DOCUMENTS_ROLE();
    for (const caller of [p.outsider, p.investors[0]!]) {
      await expect(token.connect(caller).setDocument(DEED, "ipfs://forged", id("forged")))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, documentsRole);
    }
    expect(await token.getAllDocuments()).to.deep.equal([]);

    const asManager = token.connect(p.manager);
    await expect(asManager.setDocument(DEED, "ipfs://deed", id("deed"))).to.emit(token, "DocumentUpdated");
    await expect(token.connect(p.outsider).removeDocument(DEED))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(p.outsider.address, documentsRole);
    expect(await token.getAllDocuments()).to.deep.equal([DEED]);
    await expect(asManager.removeDocument(DEED)).to.emit(token, "DocumentRemoved");
    expect(await token.getAllDocuments()).to.deep.equal([]);

    // The token's admin (the manager) can take the platform's right away; the key is refused from then on.
    await asManager.revokeRole(documentsRole, p.complianceAgent.address);
    await expect(token.connect(p.complianceAgent).setDocument(DEED, "ipfs://deed", id("deed")))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(p.complianceAgent.address, documentsRole);
  });

  it("is set by the factory admin only; outsiders and managers are refused and nothing changes", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    for (const caller of [p.outsider, p.manager, p.complianceAgent]) {
      await expect(p.factory.connect(caller).setDocumentAgent(caller.address))
        .to.be.revertedWithCustomError(p.factory, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, ethers.ZeroHash);
    }
    expect(await p.factory.documentAgent()).to.equal(p.complianceAgent.address);
    await expect(p.factory.connect(p.admin).setDocumentAgent(p.outsider.address))
      .to.emit(p.factory, "DocumentAgentUpdated")
      .withArgs(p.outsider.address);
    expect(await p.factory.documentAgent()).to.equal(p.outsider.address);
  });

  it("applies a new document agent to new launches only", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const before = await launch(p, { propertyId: id("before") });
    const newAgent = p.investors[9]!;
    await p.factory.connect(p.admin).setDocumentAgent(newAgent.address);
    const after = await launch(p, { propertyId: id("after") });
    const role = await before.token.DOCUMENTS_ROLE();

    expect(await grantsOf(after.token, role)).to.deep.equal([newAgent.address]);
    expect(await after.token.hasRole(role, p.complianceAgent.address)).to.equal(false);
    // The earlier token is untouched: its agent keeps the role, the new agent never got it.
    expect(await grantsOf(before.token, role)).to.deep.equal([p.complianceAgent.address]);
    expect(await before.token.hasRole(role, p.complianceAgent.address)).to.equal(true);
    expect(await before.token.hasRole(role, newAgent.address)).to.equal(false);
    await expect(before.token.connect(newAgent).setDocument(DEED, "ipfs://deed", id("deed")))
      .to.be.revertedWithCustomError(before.token, "AccessControlUnauthorizedAccount")
      .withArgs(newAgent.address, role);
    await before.token.connect(p.complianceAgent).setDocument(DEED, "ipfs://deed", id("deed"));
    await after.token.connect(newAgent).setDocument(DEED, "ipfs://deed", id("deed"));
  });

  it("with no document agent (zero), launches grant DOCUMENTS_ROLE to nobody", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await expect(p.factory.connect(p.admin).setDocumentAgent(ZeroAddress))
      .to.emit(p.factory, "DocumentAgentUpdated")
      .withArgs(ZeroAddress);
    const { token, offering } = await launch(p);
    const role = await token.DOCUMENTS_ROLE();
    expect(await grantsOf(token, role)).to.deep.equal([]);
    expect(await token.hasRole(role, ZeroAddress)).to.equal(false);
    // The other grants are as before.
    const all = (await token.queryFilter(token.filters.RoleGranted())).map((l) => l.args.account);
    expect(all).to.deep.equal([
      p.manager.address,
      await offering.getAddress(),
      p.manager.address,
      p.manager.address,
      p.manager.address,
    ]);
    await expect(token.connect(p.complianceAgent).setDocument(DEED, "ipfs://deed", id("deed")))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(p.complianceAgent.address, role);
    await token.connect(p.manager).setDocument(DEED, "ipfs://deed", id("deed"));
    expect(await token.getAllDocuments()).to.deep.equal([DEED]);
  });
});
