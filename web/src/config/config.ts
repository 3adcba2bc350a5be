/**
 * Runtime configuration, read once from Vite's environment at start and validated: a bad value stops the app
 * with a readable list of problems instead of failing later in a wallet call.
 */
export interface AppConfig {
  /** Base URL of the backend's REST API, absolute (`https://api.example.com/api/v1`) or same-origin (`/api/v1`). */
  apiBaseUrl: string;
  /** The one chain the platform's contracts live on. */
  chainId: number;
  /** JSON-RPC endpoint used for reads (the wallet is used only to sign). */
  rpcUrl: string;
  /** Optional block explorer, used for transaction links. */
  explorerUrl: string | undefined;
}

export interface RawEnv {
  VITE_API_URL?: string;
  VITE_CHAIN_ID?: string;
  VITE_RPC_URL?: string;
  VITE_EXPLORER_URL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

const DEFAULTS = { apiBaseUrl: "/api/v1", chainId: "31337", rpcUrl: "http://127.0.0.1:8545" } as const;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Parses and validates the environment; throws a {@link ConfigError} listing every problem at once. */
export function parseConfig(env: RawEnv): AppConfig {
  const problems: string[] = [];
  const apiBaseUrl = (env.VITE_API_URL?.trim() || DEFAULTS.apiBaseUrl).replace(/\/+$/, "");
  if (!apiBaseUrl.startsWith("/") && !isHttpUrl(apiBaseUrl)) {
    problems.push(`VITE_API_URL must be an http(s) URL or a path starting with "/", got "${apiBaseUrl}"`);
  }
  const chainIdText = env.VITE_CHAIN_ID?.trim() || DEFAULTS.chainId;
  const chainId = Number(chainIdText);
  if (!/^\d+$/.test(chainIdText) || !Number.isSafeInteger(chainId) || chainId <= 0) {
    problems.push(`VITE_CHAIN_ID must be a positive integer, got "${chainIdText}"`);
  }
  const rpcUrl = env.VITE_RPC_URL?.trim() || DEFAULTS.rpcUrl;
  if (!isHttpUrl(rpcUrl)) problems.push(`VITE_RPC_URL must be an http(s) URL, got "${rpcUrl}"`);
  const explorerUrl = env.VITE_EXPLORER_URL?.trim() || undefined;
  if (explorerUrl !== undefined && !isHttpUrl(explorerUrl)) {
    problems.push(`VITE_EXPLORER_URL must be an http(s) URL, got "${explorerUrl}"`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { apiBaseUrl, chainId, rpcUrl, explorerUrl: explorerUrl?.replace(/\/+$/, "") };
}
