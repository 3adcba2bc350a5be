/**
 * Issue 13 §6: ERC-165 for every interface the token implements, and ERC-7943 on the same verdict as every other
 * path (so ERC-7943 tools read Freehold tokens unchanged); the administration module is reachable only through the
 * token (its functions there have the same signatures, and called directly it acts on nothing).
 */
import { expect } from "chai";
import fc from "fast-check";
import { Interface, ZeroAddress, id, type InterfaceAbi } from "ethers";
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import { deployTokenWithRulesAndHolders, register, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

function abiOf(path: string): InterfaceAbi {
  return (JSON.parse(readFileSync(`artifacts/contracts/${path}`, "utf8")) as { abi: InterfaceAbi }).abi;
}

/** ERC-165 id of the functions an interface declares itself (inherited ones excluded, as Solidity computes it). */
function interfaceId(signatures: string[]): string {
  const xor = signatures.reduce((acc, sig) => acc ^ BigInt(id(sig).slice(0, 10)), 0n);
  return "0x" + xor.toString(16).padStart(8, "0");
}

function ownFunctions(path: string, inherited: string[] = []): string[] {
  const iface = new Interface(abiOf(path));
  const sigs: string[] = [];
  iface.forEachFunction((f) => void sigs.push(f.format("sighash")));
  return sigs.filter((s) => !inherited.includes(s));
}

describe("PropertyToken ERC-165 and ERC-7943 (issue 13 §6)", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"], carol: TokenContext["admin"];
  const fixture = (): Promise<TokenContext> => deployTokenWithRulesAndHolders(ethers, networkHelpers);
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = ctx.investors as [typeof alice, typeof bob, typeof carol];
  });

  it("13.6 supportsInterface answers yes for ERC-165, ERC-20, ERC-20 metadata, AccessControl, ERC-1410/1594/1643/1644, ERC-7943 and no otherwise", async function () {
    const ids: Record<string, string> = {
      "ERC-165": "0x01ffc9a7",
      "ERC-20": "0x36372b07",
      "ERC-20 metadata": interfaceId(["name()", "symbol()", "decimals()"]),
      AccessControl: "0x7965db0b",
      "ERC-1410": interfaceId(ownFunctions("interfaces/IERC1410.sol/IERC1410.json")),
      "ERC-1594": interfaceId(ownFunctions("interfaces/IERC1594.sol/IERC1594.json")),
      "ERC-1643": interfaceId(ownFunctions("interfaces/IERC1643.sol/IERC1643.json")),
      "ERC-1644": interfaceId(ownFunctions("interfaces/IERC1644.sol/IERC1644.json")),
      "ERC-7943": interfaceId([
        "forcedTransfer(address,address,uint256)",
        "setFrozenTokens(address,uint256)",
        "canTransact(address)",
        "getFrozenTokens(address)",
        "canTransfer(address,address,uint256)",
      ]),
    };
    for (const [name, value] of Object.entries(ids))
      expect(await ctx.token.supportsInterface(value), name).to.equal(true);
    expect(await ctx.token.supportsInterface("0xffffffff")).to.equal(false);
    expect(await ctx.token.supportsInterface("0x12345678")).to.equal(false);
  });

  it("13.6 ERC-7943 canTransfer is the same verdict as canTransferFrom and as the transfer itself (property)", async function () {
    this.timeout(300_000);
    await ctx.token.connect(ctx.agent).freezePartialTokens(bob.address, 40n);
    const parties = [alice, bob, carol, ctx.strangers[0]!];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(3),
        fc.nat(3),
        fc.bigInt({ min: 0n, max: 120n }),
        fc.boolean(),
        async (i, j, value, frozen) => {
          const snapshot = await networkHelpers.takeSnapshot();
          if (frozen) await ctx.token.connect(ctx.agent).setAddressFrozen(carol.address, true);
          const from = parties[i]!;
          const to = parties[j]!.address;
          const allowed = await ctx.token["canTransfer(address,address,uint256)"](from.address, to, value);
          const [code] = await ctx.token.connect(from)["canTransfer(address,uint256,bytes)"](to, value, "0x");
          expect(allowed).to.equal(code === "0x51");
          if (allowed) await ctx.token.connect(from).transfer(to, value);
          else await expect(ctx.token.connect(from).transfer(to, value)).to.be.revert(ethers);
          await snapshot.restore();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("13.6 setFrozenTokens sets the frozen amount (AGENT_ROLE), emits Frozen, and refuses more than the balance", async function () {
    const asAgent = ctx.token.connect(ctx.agent);
    await expect(asAgent.setFrozenTokens(alice.address, 60n)).to.emit(ctx.token, "Frozen").withArgs(alice.address, 60n);
    expect(await ctx.token.getFrozenTokens(alice.address)).to.equal(60n);
    await expect(asAgent.setFrozenTokens(alice.address, 10n))
      .to.emit(ctx.token, "TokensUnfrozen")
      .withArgs(alice.address, 50n);
    expect(await ctx.token.frozenTokensOf(alice.address)).to.equal(10n);
    await expect(asAgent.setFrozenTokens(alice.address, 101n))
      .to.be.revertedWithCustomError(ctx.token, "TokenFreezeExceedsBalance")
      .withArgs(alice.address, 100n, 101n);
    await expect(ctx.token.connect(ctx.outsider).setFrozenTokens(alice.address, 1n))
      .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
      .withArgs(ctx.outsider.address, await ctx.token.AGENT_ROLE());
    expect(await ctx.token.getFrozenTokens(alice.address)).to.equal(10n);
  });

  it("13.3 frozen amounts and escrow holds together never lock more than the balance", async function () {
    await ctx.token.connect(ctx.settlement).holdByPartition(alice.address, "0x" + "00".repeat(32), 70n);
    await expect(ctx.token.connect(ctx.agent).freezePartialTokens(alice.address, 31n))
      .to.be.revertedWithCustomError(ctx.token, "TokenFreezeExceedsBalance")
      .withArgs(alice.address, 30n, 31n);
    await ctx.token.connect(ctx.agent).freezePartialTokens(alice.address, 30n);
    await expect(
      ctx.token.connect(ctx.settlement).holdByPartition(alice.address, "0x" + "00".repeat(32), 1n),
    ).to.be.revertedWithCustomError(ctx.token, "TokenInsufficientUnlockedBalance");
  });

  // Audit finding 2026-12 (finding 4): a forced move trimmed the frozen amount to the balance and the hold to its
  // partition's balance, each alone, so frozen + held could end above the balance. Holds come first (as for a new
  // partial freeze, refused above the units not held); the frozen amount is trimmed to the balance minus the holds.
  it("13.3 after a forced move frozen + held still never exceed the balance (the frozen amount yields to holds)", async function () {
    await ctx.token.connect(ctx.settlement).holdByPartition(alice.address, "0x" + "00".repeat(32), 50n);
    await ctx.token.connect(ctx.agent).freezePartialTokens(alice.address, 50n);
    const tx = ctx.token.connect(ctx.controller).forcedTransfer(alice.address, bob.address, 40n);
    await expect(tx).to.emit(ctx.token, "TokensUnfrozen").withArgs(alice.address, 40n);
    await expect(tx).to.emit(ctx.token, "Frozen").withArgs(alice.address, 10n);
    expect(await ctx.token.balanceOf(alice.address)).to.equal(60n);
    expect(await ctx.token.heldBalanceOfByPartition(alice.address, "0x" + "00".repeat(32))).to.equal(50n);
    expect(await ctx.token.getFrozenTokens(alice.address)).to.equal(10n);
  });

  it("13.6 forcedTransfer moves units without the rules (CONTROLLER_ROLE), emits both standards' events and trims frozen units", async function () {
    await ctx.token.connect(ctx.agent).setFrozenTokens(alice.address, 100n);
    const tx = ctx.token.connect(ctx.controller).forcedTransfer(alice.address, bob.address, 30n);
    await expect(tx).to.emit(ctx.token, "ForcedTransfer").withArgs(alice.address, bob.address, 30n);
    await expect(tx)
      .to.emit(ctx.token, "ControllerTransfer")
      .withArgs(ctx.controller.address, alice.address, bob.address, 30n, "0x", "0x");
    await expect(tx).to.emit(ctx.token, "Frozen").withArgs(alice.address, 70n);
    expect(await ctx.token.balanceOf(bob.address)).to.equal(130n);
    expect(await ctx.token.getFrozenTokens(alice.address)).to.equal(70n);
    await expect(ctx.token.connect(ctx.outsider).forcedTransfer(alice.address, bob.address, 1n))
      .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
      .withArgs(ctx.outsider.address, await ctx.token.CONTROLLER_ROLE());
    await expect(
      ctx.token.connect(ctx.controller).forcedTransfer(alice.address, ctx.outsider.address, 1n),
    ).to.be.revertedWithCustomError(ctx.token, "TokenReceiverNotRegistered");
  });

  it("13.5 every administration function is declared on the token with the same signature and mutability", async function () {
    const token = new Interface(abiOf("token/PropertyToken.sol/PropertyToken.json"));
    const admin = new Interface(abiOf("token/PropertyTokenAdmin.sol/PropertyTokenAdmin.json"));
    // Holder votes (issue 19) are reached through the token's fallback, never declared there (no room, and a view
    // stub cannot DELEGATECALL): they must not be on the token, so that the fallback is what serves them.
    const snapshots = new Interface(abiOf("interfaces/IPropertyTokenSnapshots.sol/IPropertyTokenSnapshots.json"));
    // So is the exit's side (issue 19, `IPropertyTokenExit`).
    const exit = new Interface(abiOf("interfaces/IPropertyTokenExit.sol/IPropertyTokenExit.json"));
    const viaFallback: string[] = [];
    snapshots.forEachFunction((f) => viaFallback.push(f.format("sighash")));
    exit.forEachFunction((f) => viaFallback.push(f.format("sighash")));
    expect(viaFallback.length).to.equal(8 + 5);
    const onlyInModule = ["explainRefusal(uint8,uint8,address,address,bytes32,uint256)", ...viaFallback];
    let checked = 0;
    admin.forEachFunction((f) => {
      const sig = f.format("sighash");
      if (viaFallback.includes(sig)) expect(token.getFunction(sig), sig).to.equal(null);
      if (onlyInModule.includes(sig)) return;
      const onToken = token.getFunction(sig);
      expect(onToken, sig).to.not.equal(null);
      expect(onToken!.stateMutability, sig).to.equal(f.stateMutability);
      expect(
        onToken!.outputs.map((o) => o.type),
        sig,
      ).to.deep.equal(f.outputs.map((o) => o.type));
      checked++;
    });
    expect(checked).to.be.greaterThan(20);
  });

  it("13.5 the administration module called directly acts on nothing: no roles there, so every write is refused", async function () {
    const module = await ethers.getContractAt("PropertyTokenAdmin", await ctx.token.ADMIN_MODULE());
    await expect(module.connect(ctx.agent).setMaxHolders(1)).to.be.revertedWithCustomError(
      module,
      "AccessControlUnauthorizedAccount",
    );
    await expect(
      module.connect(ctx.controller).forcedTransfer(alice.address, bob.address, 1n),
    ).to.be.revertedWithCustomError(module, "AccessControlUnauthorizedAccount");
    expect(await ctx.token.maxHolders()).to.equal(1_000n);
    expect(await ctx.token.ADMIN_MODULE()).to.not.equal(ZeroAddress);
  });

  it("13.5 refusals keep their custom errors although they are built in the module (outsider sender, frozen receiver)", async function () {
    const stranger = ctx.strangers[1]!;
    await register(ctx, stranger.address, { country: 392 });
    await expect(ctx.token.connect(alice).transfer(stranger.address, 1n))
      .to.be.revertedWithCustomError(ctx.token, "TokenCountryRestricted")
      .withArgs(stranger.address, 392);
  });
});
