import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
/** The deployments workspace package: the only place ABIs and deployed addresses come from. */
const deploymentsDir = dirname(require.resolve("@freehold/deployments"));
/** Deployment records to bundle: the package's `addresses/`, or another folder (the deploy scripts' FREEHOLD_DEPLOYMENTS_DIR). */
const addressesDir = process.env.FREEHOLD_DEPLOYMENTS_DIR || join(deploymentsDir, "addresses");

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@freehold/deployments-addresses": addressesDir },
  },
  server: {
    // In development the backend runs beside Vite; same-origin keeps the SIWE cookie first-party.
    proxy: { "/api": process.env.FREEHOLD_API_ORIGIN ?? "http://127.0.0.1:4000" },
  },
  preview: {
    proxy: { "/api": process.env.FREEHOLD_API_ORIGIN ?? "http://127.0.0.1:4000" },
  },
  build: {
    target: "es2022",
    sourcemap: true,
    reportCompressedSize: false,
    // The vendor chunk (React, router, wagmi, viem, TanStack Query) is ~530 KB raw, ~148 KB gzipped: within budget.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}", "e2e/harness/*.test.ts"],
    restoreMocks: true,
  },
});
