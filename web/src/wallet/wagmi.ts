/**
 * wagmi configuration: reads go to the configured RPC URL; wallets are found through EIP-6963 discovery
 * (`multiInjectedProviderDiscovery`) with the plain injected provider (`window.ethereum`) as the fallback.
 */
import { createConfig, http, type Config } from "wagmi";
import { injected } from "wagmi/connectors";
import type { AppConfig } from "../config/config";
import { platformChain } from "./chain";

export function createWagmiConfig(config: AppConfig): Config {
  const chain = platformChain(config);
  return createConfig({
    chains: [chain],
    connectors: [injected({ shimDisconnect: true })],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: http(config.rpcUrl, { batch: true }) },
    pollingInterval: 1_000,
  });
}
