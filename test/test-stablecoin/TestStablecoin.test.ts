import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

describe("TestStablecoin", function () {
  async function fixture() {
    const [admin, alice, bob, outsider] = await ethers.getSigners();
    const coin = await ethers.deployContract("TestStablecoin", ["Test USD", "tUSD", admin!.address]);
    return { coin, admin: admin!, alice: alice!, bob: bob!, outsider: outsider! };
  }

  it("is a 6-decimal ERC-20 whose admin can mint", async function () {
    const { coin, admin, alice } = await networkHelpers.loadFixture(fixture);
    expect(await coin.decimals()).to.equal(6n);
    expect(await coin.name()).to.equal("Test USD");
    expect(await coin.symbol()).to.equal("tUSD");
    expect(await coin.hasRole(await coin.MINTER_ROLE(), admin.address)).to.equal(true);
    await coin.mint(alice.address, 1_500_000n);
    expect(await coin.balanceOf(alice.address)).to.equal(1_500_000n);
    expect(await coin.totalSupply()).to.equal(1_500_000n);
  });

  it("refuses minting and role management by outsiders", async function () {
    const { coin, outsider } = await networkHelpers.loadFixture(fixture);
    await expect(coin.connect(outsider).mint(outsider.address, 1n))
      .to.be.revertedWithCustomError(coin, "AccessControlUnauthorizedAccount")
      .withArgs(outsider.address, await coin.MINTER_ROLE());
    await expect(coin.connect(outsider).grantRole(await coin.MINTER_ROLE(), outsider.address))
      .to.be.revertedWithCustomError(coin, "AccessControlUnauthorizedAccount")
      .withArgs(outsider.address, ethers.ZeroHash);
    expect(await coin.totalSupply()).to.equal(0n);
  });

  it("lets holders burn their own coins only", async function () {
    const { coin, alice } = await networkHelpers.loadFixture(fixture);
    await coin.mint(alice.address, 100n);
    await coin.connect(alice).burn(40n);
    expect(await coin.balanceOf(alice.address)).to.equal(60n);
    await expect(coin.connect(alice).burn(61n)).to.be.revertedWithCustomError(coin, "ERC20InsufficientBalance");
  });

  it("accepts EIP-2612 permits and refuses expired or replayed ones", async function () {
    const { coin, alice, bob } = await networkHelpers.loadFixture(fixture);
    await coin.mint(alice.address, 1_000n);
    const { chainId } = await ethers.provider.getNetwork();
    const domain = { name: "Test USD", version: "1", chainId, verifyingContract: await coin.getAddress() };
    const types = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    };
    const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
    const message = { owner: alice.address, spender: bob.address, value: 700n, nonce: 0n, deadline };
    const sig = ethers.Signature.from(await alice.signTypedData(domain, types, message));
    await coin.permit(alice.address, bob.address, 700n, deadline, sig.v, sig.r, sig.s);
    expect(await coin.allowance(alice.address, bob.address)).to.equal(700n);
    expect(await coin.nonces(alice.address)).to.equal(1n);
    await expect(
      coin.permit(alice.address, bob.address, 700n, deadline, sig.v, sig.r, sig.s),
    ).to.be.revertedWithCustomError(coin, "ERC2612InvalidSigner");
    const past = BigInt(await networkHelpers.time.latest()) - 1n;
    const old = ethers.Signature.from(
      await alice.signTypedData(domain, types, { ...message, nonce: 1n, deadline: past }),
    );
    await expect(
      coin.permit(alice.address, bob.address, 700n, past, old.v, old.r, old.s),
    ).to.be.revertedWithCustomError(coin, "ERC2612ExpiredSignature");
    await coin.connect(bob).transferFrom(alice.address, bob.address, 700n);
    expect(await coin.balanceOf(bob.address)).to.equal(700n);
  });
});
