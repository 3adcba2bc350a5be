/**
 * The contracts' TypeScript types that Hardhat's TypeChain writes into the root's `types/ethers-contracts`
 * (`npm run compile`), for the other workspaces' tests that talk to the contracts through ethers. That folder is
 * the root's build output, not a package: this file is the one place that reaches it, so every other workspace
 * imports `@freehold/dev-kit/contract-types` by name.
 */
// eslint-disable-next-line no-restricted-imports -- the one sanctioned bridge to the root's generated TypeChain output (see above)
export type * from "../../../types/ethers-contracts/index.js";
