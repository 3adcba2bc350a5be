/**
 * The chain tests' local chain: the dev-kit's anvil on a free port of 127.0.0.1, chain id 31337, the usual test
 * mnemonic, without EIP-170's size limit (a parallel `hardhat test --coverage` rewrites artifacts/ with
 * instrumented, larger code; these tests exercise the backend, not the size limit). Supports evm_snapshot,
 * evm_revert and evm_mine, which the reorg tests use.
 */
import { ANVIL_KEYS } from "@freehold/dev-kit/accounts";
import { startAnvil as startDevChain, type LocalChain } from "@freehold/dev-kit/chain";

/** Keys of the test mnemonic's first accounts: #0 deploys, #1 is the compliance agent, #2 the property manager. */
export const TEST_KEYS = ANVIL_KEYS;

export type Anvil = LocalChain;

export function startAnvil(options: { blockTime?: number } = {}): Promise<Anvil> {
  return startDevChain({ ...options, codeSizeLimit: false });
}
