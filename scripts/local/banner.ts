/** What the developer reads once the stack is up: where everything is, who to sign in as, how to add a wallet. */
import type { DemoAccount } from "@freehold/dev-kit/accounts";

export interface BannerInput {
  webUrl: string;
  apiUrl: string;
  rpcUrl: string;
  chainId: number;
  dataDir: string;
  recordFile: string;
  secondsToUsable: number;
  seeded: "now" | "earlier" | "skipped";
  /** Folder every process of the stack logs to. */
  logsDir: string;
  /** The demo accounts, each with its state read when the banner is printed (`accounts-state.ts`). */
  people: readonly { account: DemoAccount; now: string }[];
}

export function banner(input: BannerInput): string {
  const width = Math.max(...input.people.map((p) => p.account.label.length));
  const accounts = input.people
    .map(
      ({ account: a, now }) =>
        `  #${a.index} ${a.label.padEnd(width)}  ${a.address}\n     key ${a.key}\n     now: ${now}`,
    )
    .join("\n");
  const seeded = {
    now: "demo data created now",
    earlier: "demo data from an earlier start",
    skipped: "no demo data (--no-seed)",
  }[input.seeded];
  return `
Freehold is running (${input.secondsToUsable.toFixed(1)} s from the command, ${seeded}).

  Web app       ${input.webUrl}
  API           ${input.apiUrl}/api/v1   (docs: ${input.apiUrl}/api/v1/docs/, health: ${input.apiUrl}/health)
  Local chain   ${input.rpcUrl}   (chain id ${input.chainId})
  Contracts     ${input.recordFile}
  Data folder   ${input.dataDir}   (kept between starts; npm start -- --reset wipes it)
  Logs          ${input.logsDir}   (one file per process; npm start -- --help lists them)

Demo accounts (their state as of now): anvil's public development keys. They are known to everyone: use them on this local
chain only, never on a real network.
${accounts}

Add the local network and a demo account to a browser wallet (MetaMask or any EIP-1193 wallet):
  1. Networks > Add a network manually: name "Freehold local", RPC URL ${input.rpcUrl},
     chain id ${input.chainId}, currency symbol ETH.
  2. Import account > paste one of the keys above (pick one by its state: KYC, whitelisting, balance).
  3. Open ${input.webUrl}, Connect wallet, Sign in. After --reset, clear the wallet's activity/nonce data
     for this network (MetaMask: Settings > Advanced > Clear activity tab data).

Ctrl-C stops everything.
`;
}
