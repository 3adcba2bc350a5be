/** What the developer reads once the stack is up: where everything is, who to sign in as, how to add a wallet. */
import { PEOPLE } from "@freehold/dev-kit/accounts";

export interface BannerInput {
  webUrl: string;
  apiUrl: string;
  rpcUrl: string;
  chainId: number;
  dataDir: string;
  recordFile: string;
  secondsToUsable: number;
  seeded: "now" | "earlier" | "skipped";
}

export function banner(input: BannerInput): string {
  const width = Math.max(...PEOPLE.map((p) => p.label.length));
  const accounts = PEOPLE.map(
    (p) => `  #${p.index} ${p.label.padEnd(width)}  ${p.address}\n     key ${p.key}\n     ${p.role}`,
  ).join("\n");
  const seeded = {
    now: "demo data created now",
    earlier: "demo data from an earlier start",
    skipped: "no demo data (--no-seed)",
  }[input.seeded];
  return `
Freehold is running (${input.secondsToUsable.toFixed(1)} s, ${seeded}).

  Web app       ${input.webUrl}
  API           ${input.apiUrl}/api/v1   (docs: ${input.apiUrl}/api/v1/docs/, health: ${input.apiUrl}/health)
  Local chain   ${input.rpcUrl}   (chain id ${input.chainId})
  Contracts     ${input.recordFile}
  Data folder   ${input.dataDir}   (kept between starts; npm start -- --reset wipes it)

Demo accounts: anvil's public development keys. They are known to everyone: use them on this local
chain only, never on a real network.
${accounts}

Add the local network and a demo account to a browser wallet (MetaMask or any EIP-1193 wallet):
  1. Networks > Add a network manually: name "Freehold local", RPC URL ${input.rpcUrl},
     chain id ${input.chainId}, currency symbol ETH.
  2. Import account > paste one of the keys above (Alice holds units and rent; Erin has not done KYC yet).
  3. Open ${input.webUrl}, Connect wallet, Sign in. After --reset, clear the wallet's activity/nonce data
     for this network (MetaMask: Settings > Advanced > Clear activity tab data).

Ctrl-C stops everything.
`;
}
