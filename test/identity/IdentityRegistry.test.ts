import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { COUNTRY_DE, COUNTRY_FR, YEAR, deployToken, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

/** Unpacks a registry record the way tokens do (bits: identity 0..159, expiry 160..199, country 200..215, flags 216..223). */
function unpack(record: bigint): { identity: string; expiry: bigint; country: bigint; flags: bigint } {
  const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
  return {
    identity: ethers.getAddress("0x" + (record & mask(160)).toString(16).padStart(40, "0")),
    expiry: (record >> 160n) & mask(40),
    country: (record >> 200n) & mask(16),
    flags: (record >> 216n) & mask(8),
  };
}

describe("IdentityRegistry", function () {
  let ctx: TokenContext;
  let expiry: number;
  async function fixture(): Promise<TokenContext> {
    return deployToken(ethers, networkHelpers, 0);
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    expiry = (await networkHelpers.time.latest()) + YEAR;
  });
  const agent = (): typeof ctx.registry => ctx.registry.connect(ctx.complianceAgent);
  const wallet = (i: number): string => ctx.strangers[i]!.address;

  describe("construction", function () {
    it("grants the admin and compliance agent roles", async function () {
      expect(await ctx.registry.hasRole(await ctx.registry.DEFAULT_ADMIN_ROLE(), ctx.admin.address)).to.equal(true);
      expect(
        await ctx.registry.hasRole(await ctx.registry.COMPLIANCE_AGENT_ROLE(), ctx.complianceAgent.address),
      ).to.equal(true);
    });

    it("refuses a zero admin, accepts a zero agent (granted later)", async function () {
      const factory = await ethers.getContractFactory("IdentityRegistry");
      await expect(factory.deploy(ZeroAddress, ctx.admin.address)).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryInvalidWallet",
      );
      const registry = await factory.deploy(ctx.admin.address, ZeroAddress);
      expect(await registry.hasRole(await registry.COMPLIANCE_AGENT_ROLE(), ZeroAddress)).to.equal(false);
    });
  });

  describe("registerIdentity", function () {
    it("stores one packed record and emits IdentityRegistered", async function () {
      await expect(agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true))
        .to.emit(ctx.registry, "IdentityRegistered")
        .withArgs(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      expect(await ctx.registry.isVerified(wallet(0))).to.equal(true);
      expect(await ctx.registry.contains(wallet(0))).to.equal(true);
      expect(await ctx.registry.identityOf(wallet(0))).to.equal(wallet(0));
      expect(await ctx.registry.countryOf(wallet(0))).to.equal(BigInt(COUNTRY_FR));
      expect(await ctx.registry.kycExpiryOf(wallet(0))).to.equal(BigInt(expiry));
      expect(await ctx.registry.isAccredited(wallet(0))).to.equal(true);
      expect(await ctx.registry.isFrozen(wallet(0))).to.equal(false);
      const [a, b] = await ctx.registry.packedRecordsOf(wallet(0), wallet(1));
      expect(unpack(a)).to.deep.equal({ identity: wallet(0), expiry: BigInt(expiry), country: 250n, flags: 1n });
      expect(b).to.equal(0n);
    });

    it("lets several wallets share one identity", async function () {
      await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, false);
      await agent().registerIdentity(wallet(1), wallet(0), COUNTRY_DE, expiry, false);
      expect(await ctx.registry.identityOf(wallet(1))).to.equal(wallet(0));
      expect(await ctx.registry.isAccredited(wallet(1))).to.equal(false);
    });

    it("refuses bad input and changes nothing", async function () {
      await expect(agent().registerIdentity(ZeroAddress, wallet(0), COUNTRY_FR, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryInvalidWallet")
        .withArgs(ZeroAddress);
      await expect(agent().registerIdentity(wallet(0), ZeroAddress, COUNTRY_FR, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryInvalidIdentity")
        .withArgs(ZeroAddress);
      await expect(agent().registerIdentity(wallet(0), wallet(0), 0, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryInvalidCountry")
        .withArgs(0);
      await expect(agent().registerIdentity(wallet(0), wallet(0), 1000, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryInvalidCountry")
        .withArgs(1000);
      const now = await networkHelpers.time.latest();
      await expect(agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, now, true)).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryInvalidKycExpiry",
      );
      expect(await ctx.registry.contains(wallet(0))).to.equal(false);
    });

    it("refuses a wallet already registered", async function () {
      await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      await expect(agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryWalletAlreadyRegistered")
        .withArgs(wallet(0));
    });

    it("re-registers a removed wallet only for the identity it was bound to", async function () {
      await agent().registerIdentity(wallet(1), wallet(0), COUNTRY_FR, expiry, true);
      await agent().removeIdentity(wallet(1));
      await expect(agent().registerIdentity(wallet(1), wallet(2), COUNTRY_FR, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryIdentityMismatch")
        .withArgs(wallet(1), wallet(0), wallet(2));
      await agent().registerIdentity(wallet(1), wallet(0), COUNTRY_DE, expiry, false);
      expect(await ctx.registry.isVerified(wallet(1))).to.equal(true);
      expect(await ctx.registry.countryOf(wallet(1))).to.equal(BigInt(COUNTRY_DE));
    });
  });

  describe("updateIdentity", function () {
    it("changes country, expiry and accreditation, keeps identity and freeze", async function () {
      await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      await agent().setFrozen(wallet(0), true);
      await expect(agent().updateIdentity(wallet(0), COUNTRY_DE, expiry + 10, false))
        .to.emit(ctx.registry, "IdentityUpdated")
        .withArgs(wallet(0), wallet(0), COUNTRY_DE, expiry + 10, false);
      expect(await ctx.registry.countryOf(wallet(0))).to.equal(BigInt(COUNTRY_DE));
      expect(await ctx.registry.kycExpiryOf(wallet(0))).to.equal(BigInt(expiry + 10));
      expect(await ctx.registry.isAccredited(wallet(0))).to.equal(false);
      expect(await ctx.registry.isFrozen(wallet(0))).to.equal(true);
      expect(await ctx.registry.identityOf(wallet(0))).to.equal(wallet(0));
    });

    it("refuses an unregistered wallet and bad terms", async function () {
      await expect(agent().updateIdentity(wallet(0), COUNTRY_FR, expiry, true))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryWalletNotRegistered")
        .withArgs(wallet(0));
      await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      await expect(agent().updateIdentity(wallet(0), 0, expiry, true)).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryInvalidCountry",
      );
      await expect(agent().updateIdentity(wallet(0), COUNTRY_FR, 1, true)).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryInvalidKycExpiry",
      );
    });
  });

  describe("removeIdentity", function () {
    it("unverifies the wallet, keeps its identity binding, emits IdentityRemoved", async function () {
      await agent().registerIdentity(wallet(1), wallet(0), COUNTRY_FR, expiry, true);
      await expect(agent().removeIdentity(wallet(1)))
        .to.emit(ctx.registry, "IdentityRemoved")
        .withArgs(wallet(1), wallet(0));
      expect(await ctx.registry.isVerified(wallet(1))).to.equal(false);
      expect(await ctx.registry.contains(wallet(1))).to.equal(false);
      expect(await ctx.registry.identityOf(wallet(1))).to.equal(wallet(0));
      expect(await ctx.registry.countryOf(wallet(1))).to.equal(0n);
      await expect(agent().removeIdentity(wallet(1)))
        .to.be.revertedWithCustomError(ctx.registry, "RegistryWalletNotRegistered")
        .withArgs(wallet(1));
    });
  });

  describe("setFrozen", function () {
    it("freezes and unfreezes: a frozen wallet is not verified", async function () {
      await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      await expect(agent().setFrozen(wallet(0), true))
        .to.emit(ctx.registry, "WalletFrozen")
        .withArgs(wallet(0), true);
      expect(await ctx.registry.isFrozen(wallet(0))).to.equal(true);
      expect(await ctx.registry.isVerified(wallet(0))).to.equal(false);
      await agent().setFrozen(wallet(0), false);
      expect(await ctx.registry.isVerified(wallet(0))).to.equal(true);
      expect(await ctx.registry.isAccredited(wallet(0))).to.equal(true);
    });

    it("refuses an unregistered wallet", async function () {
      await expect(agent().setFrozen(wallet(0), true)).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryWalletNotRegistered",
      );
    });
  });

  it("stops verifying a wallet when its KYC expires", async function () {
    await agent().registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
    await networkHelpers.time.increaseTo(expiry - 1);
    expect(await ctx.registry.isVerified(wallet(0))).to.equal(true);
    await networkHelpers.time.increaseTo(expiry);
    expect(await ctx.registry.isVerified(wallet(0))).to.equal(false);
    expect(await ctx.registry.contains(wallet(0))).to.equal(true);
  });

  describe("batch forms", function () {
    it("register, update, freeze and remove many wallets, one event each", async function () {
      const wallets = [wallet(0), wallet(1), wallet(2)];
      await expect(
        agent().batchRegisterIdentity(
          wallets,
          wallets,
          [COUNTRY_FR, COUNTRY_DE, COUNTRY_FR],
          [expiry, expiry, expiry],
          [true, false, true],
        ),
      )
        .to.emit(ctx.registry, "IdentityRegistered")
        .withArgs(wallet(1), wallet(1), COUNTRY_DE, expiry, false);
      expect(await ctx.registry.isVerified(wallet(2))).to.equal(true);
      await agent().batchUpdateIdentity(
        wallets,
        [COUNTRY_DE, COUNTRY_DE, COUNTRY_DE],
        [expiry, expiry, expiry],
        [false, false, false],
      );
      expect(await ctx.registry.countryOf(wallet(0))).to.equal(BigInt(COUNTRY_DE));
      await agent().batchSetFrozen([wallet(0), wallet(1)], [true, false]);
      expect(await ctx.registry.isFrozen(wallet(0))).to.equal(true);
      expect(await ctx.registry.isFrozen(wallet(1))).to.equal(false);
      await expect(agent().batchRemoveIdentity([wallet(0), wallet(2)]))
        .to.emit(ctx.registry, "IdentityRemoved")
        .withArgs(wallet(2), wallet(2));
      expect(await ctx.registry.contains(wallet(0))).to.equal(false);
      expect(await ctx.registry.contains(wallet(1))).to.equal(true);
    });

    it("refuse arrays of different lengths", async function () {
      const w = [wallet(0)];
      await expect(agent().batchRegisterIdentity(w, [], [COUNTRY_FR], [expiry], [true])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchRegisterIdentity(w, w, [], [expiry], [true])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchRegisterIdentity(w, w, [COUNTRY_FR], [], [true])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchRegisterIdentity(w, w, [COUNTRY_FR], [expiry], [])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchUpdateIdentity(w, [], [expiry], [true])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchUpdateIdentity(w, [COUNTRY_FR], [], [true])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchUpdateIdentity(w, [COUNTRY_FR], [expiry], [])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
      await expect(agent().batchSetFrozen(w, [])).to.be.revertedWithCustomError(
        ctx.registry,
        "RegistryArrayLengthMismatch",
      );
    });

    it("is all or nothing: one bad entry reverts the whole batch", async function () {
      await expect(
        agent().batchRegisterIdentity(
          [wallet(0), ZeroAddress],
          [wallet(0), wallet(1)],
          [COUNTRY_FR, COUNTRY_FR],
          [expiry, expiry],
          [true, true],
        ),
      ).to.be.revertedWithCustomError(ctx.registry, "RegistryInvalidWallet");
      expect(await ctx.registry.contains(wallet(0))).to.equal(false);
    });
  });

  describe("access control", function () {
    it("refuses every write from an outsider", async function () {
      const role = await ctx.registry.COMPLIANCE_AGENT_ROLE();
      const outsider = ctx.registry.connect(ctx.outsider);
      const w = wallet(0);
      const calls = [
        () => outsider.registerIdentity(w, w, COUNTRY_FR, expiry, true),
        () => outsider.updateIdentity(w, COUNTRY_FR, expiry, true),
        () => outsider.removeIdentity(w),
        () => outsider.setFrozen(w, true),
        () => outsider.batchRegisterIdentity([w], [w], [COUNTRY_FR], [expiry], [true]),
        () => outsider.batchUpdateIdentity([w], [COUNTRY_FR], [expiry], [true]),
        () => outsider.batchRemoveIdentity([w]),
        () => outsider.batchSetFrozen([w], [true]),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(ctx.registry, "AccessControlUnauthorizedAccount")
          .withArgs(ctx.outsider.address, role);
      }
      const adminRole = await ctx.registry.DEFAULT_ADMIN_ROLE();
      await expect(outsider.grantRole(role, ctx.outsider.address))
        .to.be.revertedWithCustomError(ctx.registry, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.outsider.address, adminRole);
    });

    it("lets the admin appoint a new compliance agent", async function () {
      const role = await ctx.registry.COMPLIANCE_AGENT_ROLE();
      await ctx.registry.connect(ctx.admin).grantRole(role, ctx.outsider.address);
      await ctx.registry.connect(ctx.outsider).registerIdentity(wallet(0), wallet(0), COUNTRY_FR, expiry, true);
      expect(await ctx.registry.contains(wallet(0))).to.equal(true);
    });
  });
});
