import { expect } from "chai";
import { encodeBytes32String, id } from "ethers";
import { network } from "hardhat";
import { deployToken, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken documents (ERC-1643)", function () {
  let ctx: TokenContext;
  async function fixture(): Promise<TokenContext> {
    return deployToken(ethers, networkHelpers, 0);
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
  });
  const DEED = encodeBytes32String("TITLE_DEED");
  const VALUATION = encodeBytes32String("VALUATION");

  it("anchors, replaces, lists and removes documents (AGENT_ROLE, the manager)", async function () {
    const asAgent = ctx.token.connect(ctx.agent);
    await expect(asAgent.setDocument(DEED, "ipfs://deed-v1", id("deed-v1")))
      .to.emit(ctx.token, "DocumentUpdated")
      .withArgs(DEED, "ipfs://deed-v1", id("deed-v1"));
    const [uri, hash, modified] = await ctx.token.getDocument(DEED);
    expect([uri, hash]).to.deep.equal(["ipfs://deed-v1", id("deed-v1")]);
    expect(modified).to.equal(BigInt(await networkHelpers.time.latest()));
    await asAgent.setDocument(VALUATION, "https://example.org/valuation.pdf", id("valuation"));
    await asAgent.setDocument(DEED, "ipfs://deed-v2", id("deed-v2"));
    expect(await ctx.token.getAllDocuments()).to.deep.equal([DEED, VALUATION]);
    expect((await ctx.token.getDocument(DEED))[0]).to.equal("ipfs://deed-v2");
    await expect(asAgent.removeDocument(DEED))
      .to.emit(ctx.token, "DocumentRemoved")
      .withArgs(DEED, "ipfs://deed-v2", id("deed-v2"));
    expect(await ctx.token.getAllDocuments()).to.deep.equal([VALUATION]);
    expect(await ctx.token.getDocument(DEED)).to.deep.equal(["", ethers.ZeroHash, 0n]);
  });

  it("lets the document agent (DOCUMENTS_ROLE) write documents, and nothing else", async function () {
    const asDocs = ctx.token.connect(ctx.documentAgent);
    await expect(asDocs.setDocument(DEED, "ipfs://deed-v1", id("deed-v1")))
      .to.emit(ctx.token, "DocumentUpdated")
      .withArgs(DEED, "ipfs://deed-v1", id("deed-v1"));
    await asDocs.setDocument(DEED, "ipfs://deed-v2", id("deed-v2"));
    expect((await ctx.token.getDocument(DEED)).slice(0, 2)).to.deep.equal(["ipfs://deed-v2", id("deed-v2")]);
    // The manager's documents and the agent's are one set: each may replace or remove the other's.
    await ctx.token.connect(ctx.agent).setDocument(VALUATION, "ipfs://valuation", id("valuation"));
    await expect(asDocs.removeDocument(VALUATION))
      .to.emit(ctx.token, "DocumentRemoved")
      .withArgs(VALUATION, "ipfs://valuation", id("valuation"));
    await expect(ctx.token.connect(ctx.agent).removeDocument(DEED)).to.emit(ctx.token, "DocumentRemoved");
    expect(await ctx.token.getAllDocuments()).to.deep.equal([]);
    // Same validation as for the agent.
    await expect(asDocs.removeDocument(DEED))
      .to.be.revertedWithCustomError(ctx.token, "TokenDocumentNotFound")
      .withArgs(DEED);
    await expect(asDocs.setDocument(DEED, "", id("x")))
      .to.be.revertedWithCustomError(ctx.token, "TokenInvalidDocument")
      .withArgs(DEED);

    const agentRole = await ctx.token.AGENT_ROLE();
    const wallet = ctx.outsider.address;
    for (const call of [
      () => asDocs.setAddressFrozen(wallet, true),
      () => asDocs.freezePartialTokens(wallet, 0n),
      () => asDocs.unfreezePartialTokens(wallet, 0n),
      () => asDocs.setMaxHolders(1),
      () => asDocs.setMaxBalancePerIdentity(1n),
      () => asDocs.setCountryRestrictions([250], true),
      () => asDocs.setCountryMode(true),
      () => asDocs.setPartitionRules(DEED, 1, true),
    ]) {
      await expect(call())
        .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.documentAgent.address, agentRole);
    }
    expect(await ctx.token.isFrozen(wallet)).to.equal(false);
    expect(await ctx.token.isCountryAllowList()).to.equal(false);
  });

  it("refuses outsiders and a revoked document agent, naming DOCUMENTS_ROLE, changing nothing", async function () {
    await ctx.token.connect(ctx.agent).setDocument(DEED, "ipfs://deed", id("deed"));
    const role = await ctx.token.DOCUMENTS_ROLE();
    expect(await ctx.token.getRoleAdmin(role)).to.equal(await ctx.token.DEFAULT_ADMIN_ROLE());
    await ctx.token.connect(ctx.admin).revokeRole(role, ctx.documentAgent.address);
    for (const caller of [ctx.outsider, ctx.documentAgent, ctx.issuer, ctx.controller, ctx.pauser]) {
      const t = ctx.token.connect(caller);
      await expect(t.setDocument(DEED, "ipfs://forged", id("forged")))
        .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, role);
      await expect(t.removeDocument(DEED))
        .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, role);
    }
    expect(await ctx.token.getAllDocuments()).to.deep.equal([DEED]);
    expect((await ctx.token.getDocument(DEED)).slice(0, 2)).to.deep.equal(["ipfs://deed", id("deed")]);
  });

  it("refuses an empty name or uri, and removing an unknown document", async function () {
    const asAgent = ctx.token.connect(ctx.agent);
    await expect(asAgent.setDocument(ethers.ZeroHash, "ipfs://x", id("x")))
      .to.be.revertedWithCustomError(ctx.token, "TokenInvalidDocument")
      .withArgs(ethers.ZeroHash);
    await expect(asAgent.setDocument(DEED, "", id("x")))
      .to.be.revertedWithCustomError(ctx.token, "TokenInvalidDocument")
      .withArgs(DEED);
    await expect(asAgent.removeDocument(DEED))
      .to.be.revertedWithCustomError(ctx.token, "TokenDocumentNotFound")
      .withArgs(DEED);
    expect(await ctx.token.getAllDocuments()).to.deep.equal([]);
  });
});
