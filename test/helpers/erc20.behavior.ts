/**
 * OpenZeppelin-style shared behaviour: what any ERC-20 must do, run against every contract that claims it.
 * The context getter is called inside each test (after the suite's `beforeEach` built a fresh deployment).
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { MaxUint256 } from "ethers";
import type { PropertyToken } from "../../types/ethers-contracts/index.js";

export interface ERC20BehaviourContext {
  ethers: HardhatEthers;
  /** A plain deployment or a clone. */
  token: PropertyToken;
  /** Holds `initialBalance`; the whole supply is `initialSupply`. */
  holder: HardhatEthersSigner;
  recipient: HardhatEthersSigner;
  spender: HardhatEthersSigner;
  initialBalance: bigint;
  initialSupply: bigint;
  /** Custom error names the token uses. */
  errors: {
    insufficientBalance: string;
    insufficientAllowance: string;
    invalidReceiver: string;
    invalidSpender: string;
  };
}

export function shouldBehaveLikeERC20(get: () => ERC20BehaviourContext): void {
  describe("ERC-20 behaviour", function () {
    it("reports the total supply and balances", async function () {
      const { token, holder, recipient, initialBalance, initialSupply } = get();
      expect(await token.totalSupply()).to.equal(initialSupply);
      expect(await token.balanceOf(holder.address)).to.equal(initialBalance);
      expect(await token.balanceOf(recipient.address)).to.equal(0n);
    });

    describe("transfer", function () {
      it("moves the whole balance and emits Transfer", async function () {
        const { ethers, token, holder, recipient, initialBalance } = get();
        const tx = token.connect(holder).transfer(recipient.address, initialBalance);
        await expect(tx).to.emit(token, "Transfer").withArgs(holder.address, recipient.address, initialBalance);
        await expect(tx).to.changeTokenBalances(ethers, token, [holder, recipient], [-initialBalance, initialBalance]);
      });

      it("emits exactly one event: Transfer", async function () {
        const { token, holder, recipient } = get();
        const receipt = await (await token.connect(holder).transfer(recipient.address, 1n)).wait();
        const names = receipt!.logs.map((log) => token.interface.parseLog(log)?.name);
        expect(names).to.deep.equal(["Transfer"]);
      });

      it("returns true", async function () {
        const { token, holder, recipient } = get();
        expect(await token.connect(holder).transfer.staticCall(recipient.address, 1n)).to.equal(true);
      });

      it("refuses more than the balance and changes nothing", async function () {
        const { token, holder, recipient, initialBalance, errors } = get();
        await expect(
          token.connect(holder).transfer(recipient.address, initialBalance + 1n),
        ).to.be.revertedWithCustomError(token, errors.insufficientBalance);
        expect(await token.balanceOf(holder.address)).to.equal(initialBalance);
      });

      it("refuses the zero address as receiver", async function () {
        const { token, holder, errors } = get();
        await expect(token.connect(holder).transfer("0x" + "00".repeat(20), 1n)).to.be.revertedWithCustomError(
          token,
          errors.invalidReceiver,
        );
      });

      it("allows a zero-value transfer (emits Transfer, changes nothing)", async function () {
        const { token, holder, recipient, initialBalance } = get();
        await expect(token.connect(holder).transfer(recipient.address, 0n))
          .to.emit(token, "Transfer")
          .withArgs(holder.address, recipient.address, 0n);
        expect(await token.balanceOf(holder.address)).to.equal(initialBalance);
      });

      it("allows a transfer to oneself (balance unchanged)", async function () {
        const { token, holder, initialBalance } = get();
        await expect(token.connect(holder).transfer(holder.address, initialBalance))
          .to.emit(token, "Transfer")
          .withArgs(holder.address, holder.address, initialBalance);
        expect(await token.balanceOf(holder.address)).to.equal(initialBalance);
      });
    });

    describe("approve and allowance", function () {
      it("sets the allowance and emits Approval", async function () {
        const { token, holder, spender } = get();
        await expect(token.connect(holder).approve(spender.address, 5n))
          .to.emit(token, "Approval")
          .withArgs(holder.address, spender.address, 5n);
        expect(await token.allowance(holder.address, spender.address)).to.equal(5n);
        await token.connect(holder).approve(spender.address, 2n);
        expect(await token.allowance(holder.address, spender.address)).to.equal(2n);
      });

      it("refuses the zero address as spender", async function () {
        const { token, holder, errors } = get();
        await expect(token.connect(holder).approve("0x" + "00".repeat(20), 1n)).to.be.revertedWithCustomError(
          token,
          errors.invalidSpender,
        );
      });
    });

    describe("transferFrom", function () {
      it("moves units within the allowance and decreases it", async function () {
        const { ethers, token, holder, recipient, spender } = get();
        await token.connect(holder).approve(spender.address, 10n);
        const tx = token.connect(spender).transferFrom(holder.address, recipient.address, 4n);
        await expect(tx).to.emit(token, "Transfer").withArgs(holder.address, recipient.address, 4n);
        await expect(tx).to.changeTokenBalances(ethers, token, [holder, recipient], [-4n, 4n]);
        expect(await token.allowance(holder.address, spender.address)).to.equal(6n);
      });

      it("leaves an infinite allowance untouched", async function () {
        const { token, holder, recipient, spender } = get();
        await token.connect(holder).approve(spender.address, MaxUint256);
        await token.connect(spender).transferFrom(holder.address, recipient.address, 3n);
        expect(await token.allowance(holder.address, spender.address)).to.equal(MaxUint256);
      });

      it("refuses more than the allowance and changes nothing", async function () {
        const { token, holder, recipient, spender, initialBalance, errors } = get();
        await token.connect(holder).approve(spender.address, 2n);
        await expect(token.connect(spender).transferFrom(holder.address, recipient.address, 3n))
          .to.be.revertedWithCustomError(token, errors.insufficientAllowance)
          .withArgs(spender.address, 2n, 3n);
        expect(await token.balanceOf(holder.address)).to.equal(initialBalance);
        expect(await token.allowance(holder.address, spender.address)).to.equal(2n);
      });

      it("refuses more than the balance even with enough allowance", async function () {
        const { token, holder, recipient, spender, initialBalance, errors } = get();
        await token.connect(holder).approve(spender.address, MaxUint256);
        await expect(
          token.connect(spender).transferFrom(holder.address, recipient.address, initialBalance + 1n),
        ).to.be.revertedWithCustomError(token, errors.insufficientBalance);
      });
    });
  });
}
