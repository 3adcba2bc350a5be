/**
 * Asserts that a would-be move is refused the same way by its verdict view and by the move itself: the view
 * returns the ERC-1400 reason code and reason, the transaction reverts with the custom error, and nothing changes.
 */
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { DEFAULT_PARTITION, reason, type TokenContext } from "./token-fixture.js";

export interface Refusal {
  code: string;
  reason: string;
  error: string;
  args?: unknown[];
}

/** `from` moves `value` of `partition` to `to` (transferByPartition; plain `transfer` too for the default partition). */
export async function expectTransferRefused(
  ctx: TokenContext,
  from: HardhatEthersSigner,
  to: string,
  value: bigint,
  refusal: Refusal,
  partition = DEFAULT_PARTITION,
): Promise<void> {
  const token = ctx.token.connect(from);
  const [code, why, toPartition] = await token.canTransferByPartition(from.address, to, partition, value, "0x");
  expect([code, why]).to.deep.equal([refusal.code, reason(refusal.reason)]);
  expect(toPartition).to.equal(partition);
  const before = await ctx.token.balanceOf(from.address);
  const attempts = [() => token.transferByPartition(partition, to, value, "0x")];
  if (partition === DEFAULT_PARTITION) {
    expect(await token["canTransfer(address,uint256,bytes)"](to, value, "0x")).to.deep.equal([
      refusal.code,
      reason(refusal.reason),
    ]);
    attempts.push(() => token.transfer(to, value));
  }
  for (const attempt of attempts) {
    const assertion = expect(attempt()).to.be.revertedWithCustomError(ctx.token, refusal.error);
    await (refusal.args ? assertion.withArgs(...refusal.args) : assertion);
  }
  expect(await ctx.token.balanceOf(from.address)).to.equal(before);
}

/** The verdict says yes and the move goes through. */
export async function expectTransferAllowed(
  ctx: TokenContext,
  from: HardhatEthersSigner,
  to: string,
  value: bigint,
  partition = DEFAULT_PARTITION,
): Promise<void> {
  const token = ctx.token.connect(from);
  const [code, why] = await token.canTransferByPartition(from.address, to, partition, value, "0x");
  expect([code, why]).to.deep.equal(["0x51", reason("OK")]);
  const before = await ctx.token.balanceOfByPartition(partition, to);
  await token.transferByPartition(partition, to, value, "0x");
  expect(await ctx.token.balanceOfByPartition(partition, to)).to.equal(before + (from.address === to ? 0n : value));
}

/** The issuer's `issueByPartition` is refused as `canIssueByPartition` predicts. */
export async function expectIssueRefused(
  ctx: TokenContext,
  to: string,
  value: bigint,
  refusal: Refusal,
  partition = DEFAULT_PARTITION,
): Promise<void> {
  expect(await ctx.token.canIssueByPartition(to, partition, value)).to.deep.equal([
    refusal.code,
    reason(refusal.reason),
  ]);
  const supply = await ctx.token.totalSupply();
  const assertion = expect(
    ctx.token.connect(ctx.issuer).issueByPartition(partition, to, value, "0x"),
  ).to.be.revertedWithCustomError(ctx.token, refusal.error);
  await (refusal.args ? assertion.withArgs(...refusal.args) : assertion);
  if (partition === DEFAULT_PARTITION) {
    const plain = expect(ctx.token.connect(ctx.issuer).issue(to, value, "0x")).to.be.revertedWithCustomError(
      ctx.token,
      refusal.error,
    );
    await (refusal.args ? plain.withArgs(...refusal.args) : plain);
  }
  expect(await ctx.token.totalSupply()).to.equal(supply);
}
