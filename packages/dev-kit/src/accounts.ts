/**
 * The demo accounts: anvil's well-known development keys (derived from the public test mnemonic
 * "test test test test test test test test test test test junk"). They hold value only on a local chain;
 * never send real funds to them. No real secret ever appears in this repository.
 * The demo seed (`npm start`), the web journeys and the backend's chain tests all use these.
 */
import { HDNodeWallet, Wallet } from "ethers";

/** The private keys of anvil's (and hardhat node's) first ten accounts, #0 to #9, from the public test mnemonic. */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

export interface DemoAccount {
  /** Index in anvil's account list. */
  index: number;
  label: string;
  role: string;
  key: `0x${string}`;
  address: `0x${string}`;
}

const account = (index: number, label: string, role: string, key: `0x${string}`): DemoAccount => ({
  index,
  label,
  role,
  key,
  address: new Wallet(key).address as `0x${string}`,
});

export const DEMO = {
  admin: account(
    0,
    "Platform admin",
    "deployer and admin of the contracts, first backend ADMIN, stablecoin minter",
    ANVIL_KEYS[0],
  ),
  alice: account(1, "Alice (investor)", "verified investor: holds Harbour View units, rent to claim", ANVIL_KEYS[1]),
  manager: account(2, "Marta (property manager)", "PROPERTY_MANAGER: registers and launches properties", ANVIL_KEYS[2]),
  officer: account(3, "Omar (compliance officer)", "COMPLIANCE_OFFICER: reviews KYC, verifies titles", ANVIL_KEYS[3]),
  dave: account(4, "Dave (investor)", "unverified: KYC application waiting for review", ANVIL_KEYS[4]),
  agent: account(5, "Compliance agent", "the backend's signer (COMPLIANCE_AGENT_ROLE); not a person", ANVIL_KEYS[5]),
  bob: account(
    6,
    "Bob (investor)",
    "verified investor: holds Harbour View units, subscribed to Canal Street",
    ANVIL_KEYS[6],
  ),
  erin: account(7, "Erin (newcomer)", "unverified: signed in, no KYC yet; holds test USD", ANVIL_KEYS[7]),
} as const satisfies Record<string, DemoAccount>;

/** Accounts a person can use in a browser wallet (the agent is the backend's). */
export const PEOPLE: readonly DemoAccount[] = [
  DEMO.admin,
  DEMO.officer,
  DEMO.manager,
  DEMO.alice,
  DEMO.bob,
  DEMO.dave,
  DEMO.erin,
];

/** The public test mnemonic every local chain's accounts come from. */
export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * The backend's relayer of gasless investor actions locally (RELAYER_KEY): the test mnemonic's account #10, past the
 * ten anvil funds itself, so it is nobody else's; the local stack gives it ETH. Not a person.
 */
export const RELAYER: { key: `0x${string}`; address: `0x${string}` } = (() => {
  const wallet = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/0'/0/10");
  return { key: wallet.privateKey as `0x${string}`, address: wallet.address as `0x${string}` };
})();
