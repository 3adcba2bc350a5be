/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_CHAIN_ID?: string;
  readonly VITE_RPC_URL?: string;
  readonly VITE_EXPLORER_URL?: string;
  /** "true" compiles the development tools (caught-mail page) into a build: `npm start` sets it (app/devTools.ts). */
  readonly VITE_DEV_TOOLS?: string;
}
