/**
 * waitForReceipt (the deploy engine's wait): ethers' `wait` listens to its block-polling events, and a process that
 * misses them on a local chain, which mines no further block, waited for ever (chain test files hung at their time
 * limit). Here ethers' polling is made to miss the block (an hour between polls): `wait` does not return, while
 * waitForReceipt asks the node and returns the receipt, or throws as `wait` does for a revert.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isError, JsonRpcProvider, Wallet } from "ethers";
import { ANVIL_KEYS } from "../src/accounts.js";
import { startAnvil, type LocalChain } from "../src/chain.js";
import { waitForReceipt } from "../src/deploy/receipts.js";

describe("deploy engine: waiting for a transaction", () => {
  let chain: LocalChain;
  let wallet: Wallet;
  before(async () => {
    chain = await startAnvil({ mineStuckTransactions: false });
    const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, pollingInterval: 3_600_000 });
    wallet = new Wallet(ANVIL_KEYS[0]!, provider);
  });
  after(() => chain?.stop());

  /** Sends a transfer that stays pending until the test mines it a second later. */
  async function minedLater(data = "0x") {
    await chain.rpc("evm_setAutomine", [false]);
    const tx = await wallet.sendTransaction({ to: wallet.address, value: 1n, data, gasLimit: 100_000n });
    setTimeout(() => void chain.rpc("evm_mine", []).then(() => chain.rpc("evm_setAutomine", [true])), 1_000);
    return tx;
  }

  it("returns the receipt of a transaction mined while ethers' events missed it", async () => {
    const missed = await minedLater();
    await assert.rejects(missed.wait(1, 3_000), (e: unknown) => isError(e, "TIMEOUT"), "ethers' wait misses it");
    const tx = await minedLater();
    const receipt = await waitForReceipt(tx, 1, 500);
    assert.equal(receipt?.hash, tx.hash);
    assert.equal(receipt?.status, 1);
  });

  it("throws ethers' CALL_EXCEPTION with the receipt for a reverted transaction, as wait does", async () => {
    // Creation code that reverts at once (PUSH0 PUSH0 REVERT).
    await chain.rpc("evm_setAutomine", [false]);
    const tx = await wallet.sendTransaction({ data: "0x5f5ffd", gasLimit: 100_000n });
    setTimeout(() => void chain.rpc("evm_mine", []).then(() => chain.rpc("evm_setAutomine", [true])), 1_000);
    await assert.rejects(
      waitForReceipt(tx, 1, 500),
      (e: unknown) => isError(e, "CALL_EXCEPTION") && (e as { receipt?: { status: number } }).receipt?.status === 0,
    );
  });
});
