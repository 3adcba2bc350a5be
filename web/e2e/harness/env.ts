/** What the e2e runner (scripts/e2e.ts) started for the tests, passed through the environment. */
export interface E2eEnv {
  /** The production build, served like a CDN would. */
  appUrl: string;
  rpcUrl: string;
  chainId: number;
  /** Set when the real backend runs behind the app's `/api`. */
  apiUrl: string | undefined;
  /** Folder of the deployment record written by `npm run deploy` for this run. */
  deploymentsDir: string | undefined;
}

export function e2eEnv(): E2eEnv {
  const appUrl = process.env.E2E_APP_URL;
  const rpcUrl = process.env.E2E_RPC_URL;
  if (!appUrl || !rpcUrl)
    throw new Error(
      "Run the browser tests through `npm run test:e2e -w web` (it starts the chain and serves the build).",
    );
  return {
    appUrl,
    rpcUrl,
    chainId: Number(process.env.E2E_CHAIN_ID ?? 31337),
    apiUrl: process.env.E2E_API_URL || undefined,
    deploymentsDir: process.env.E2E_DEPLOYMENTS_DIR || undefined,
  };
}
