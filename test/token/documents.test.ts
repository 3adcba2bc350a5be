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

  it("anchors, replaces, lists and removes documents", async function () {
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

  it("refuses an empty name or uri, and removing an unknown document", async function () {
    const asAgent = ctx.token.connect(ctx.agent);
    await expect(asAgent.setDocument(ethers.ZeroHash, "ipfs://x", id("x")))
      .to.be.revertedWithCustomError(ctx.token, "TokenInvalidDocument")
      .withArgs(ethers.ZeroHash);
    await expect(asAgent.setDocument(DEED, "", id("x"))).to.be.revertedWithCustomError(ctx.token, "TokenInvalidDocument").withArgs(DEED);
    await expect(asAgent.removeDocument(DEED)).to.be.revertedWithCustomError(ctx.token, "TokenDocumentNotFound").withArgs(DEED);
    expect(await ctx.token.getAllDocuments()).to.deep.equal([]);
  });
});
