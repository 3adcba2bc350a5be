/**
 * Chain settings, validated once at start-up (like src/config): where the node is, which deployment record to
 * follow, the compliance agent's key, and how careful to be (confirmations, batch size, retries). Absent
 * `CHAIN_RPC_URL`, the chain services do not start.
 */
import { readFileSync } from "node:fs";
import { getAddress, isAddress, type LocalAccount } from "viem";
import { z } from "zod";
import { KeySourceError, loadAgentAccount, type KeySource } from "./signer/key-source.ts";

const EnvSchema = z.object({
  CHAIN_RPC_URL: z.url(),
  CHAIN_ID: z.coerce.number().int().positive(),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /**
   * The backend's signer (compliance agent and document agent), one of three sources (src/chain/signer):
   * a plain key (local only), an encrypted keystore v3 file, or an external JSON-RPC signer.
   * The plain private key (0x + 64 hex): refused in production unless ALLOW_PLAIN_AGENT_KEY=true.
   */
  COMPLIANCE_AGENT_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x followed by 64 hex digits")
    .optional(),
  ALLOW_PLAIN_AGENT_KEY: z.enum(["true", "false"]).default("false"),
  COMPLIANCE_AGENT_KEYSTORE: z.string().min(1).optional(),
  COMPLIANCE_AGENT_KEYSTORE_PASSWORD: z.string().min(1).optional(),
  COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
  COMPLIANCE_AGENT_SIGNER_URL: z.url({ protocol: /^https?$/ }).optional(),
  COMPLIANCE_AGENT_ADDRESS: z
    .string()
    .refine((v) => isAddress(v, { strict: false }), "must be an Ethereum address")
    .optional(),
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(1).max(100).default(2),
  CHAIN_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  AGENT_BATCH_SIZE: z.coerce.number().int().min(1).max(200).default(50),
  AGENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  AGENT_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  SYNC_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Folder of the deployment records (default: the repository's deployments/addresses). */
  CHAIN_DEPLOYMENTS_DIR: z.string().min(1).optional(),
});

/** Every variable the chain part reads (`.env.example` documents each one). */
export const CHAIN_SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  /** A plain key (tests and local development); `agentAccount` wins when both are set. */
  agentKey?: `0x${string}`;
  /** The signer loaded from its source (plain key, keystore or external signer). */
  agentAccount?: LocalAccount;
  agentSource?: KeySource["kind"];
  confirmations: number;
  pollMs: number;
  agent: { batchSize: number; maxAttempts: number; backoffMs: number };
  sync: { blockRange: number };
  recordDir?: string;
}

export function loadChainConfig(env: Record<string, string | undefined>): ChainConfig | undefined {
  if (!env["CHAIN_RPC_URL"]) return undefined;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid chain configuration: ${details}`);
  }
  const e = parsed.data;
  const source = keySource(e);
  let agentAccount: LocalAccount | undefined;
  try {
    agentAccount = source ? loadAgentAccount(source) : undefined;
  } catch (error) {
    if (error instanceof KeySourceError) throw new Error(`Invalid chain configuration: ${error.message}`);
    throw error;
  }
  return {
    rpcUrl: e.CHAIN_RPC_URL,
    chainId: e.CHAIN_ID,
    agentKey: e.COMPLIANCE_AGENT_KEY as `0x${string}` | undefined,
    ...(agentAccount && source ? { agentAccount, agentSource: source.kind } : {}),
    confirmations: e.CHAIN_CONFIRMATIONS,
    pollMs: e.CHAIN_POLL_MS,
    agent: { batchSize: e.AGENT_BATCH_SIZE, maxAttempts: e.AGENT_MAX_ATTEMPTS, backoffMs: e.AGENT_BACKOFF_MS },
    sync: { blockRange: e.SYNC_BLOCK_RANGE },
    recordDir: e.CHAIN_DEPLOYMENTS_DIR,
  };
}

function invalid(message: string): Error {
  return new Error(`Invalid chain configuration: ${message}`);
}

/** The one key source the settings name, or undefined (no signer: only the sync runs). */
function keySource(e: z.infer<typeof EnvSchema>): KeySource | undefined {
  const named = [
    e.COMPLIANCE_AGENT_KEY && "COMPLIANCE_AGENT_KEY",
    e.COMPLIANCE_AGENT_KEYSTORE && "COMPLIANCE_AGENT_KEYSTORE",
    e.COMPLIANCE_AGENT_SIGNER_URL && "COMPLIANCE_AGENT_SIGNER_URL",
  ].filter(Boolean);
  if (named.length > 1) throw invalid(`set one signer source, not ${named.join(" and ")}`);
  if (e.COMPLIANCE_AGENT_KEY) {
    if (e.NODE_ENV === "production" && e.ALLOW_PLAIN_AGENT_KEY !== "true")
      throw invalid(
        "COMPLIANCE_AGENT_KEY: a plain private key is refused in production; use COMPLIANCE_AGENT_KEYSTORE or COMPLIANCE_AGENT_SIGNER_URL (or set ALLOW_PLAIN_AGENT_KEY=true to accept the risk)",
      );
    return { kind: "plain", key: e.COMPLIANCE_AGENT_KEY as `0x${string}` };
  }
  if (e.COMPLIANCE_AGENT_KEYSTORE) {
    if (Boolean(e.COMPLIANCE_AGENT_KEYSTORE_PASSWORD) === Boolean(e.COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE))
      throw invalid(
        "COMPLIANCE_AGENT_KEYSTORE needs its password from exactly one of COMPLIANCE_AGENT_KEYSTORE_PASSWORD or COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE",
      );
    let password = e.COMPLIANCE_AGENT_KEYSTORE_PASSWORD;
    if (e.COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE) {
      try {
        // A trailing newline (echo > file) is not part of the password.
        password = readFileSync(e.COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE, "utf8").replace(/\r?\n$/, "");
      } catch (error) {
        throw invalid(`COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: ${(error as Error).message}`);
      }
    }
    return { kind: "keystore", file: e.COMPLIANCE_AGENT_KEYSTORE, password: password! };
  }
  if (e.COMPLIANCE_AGENT_SIGNER_URL) {
    if (!e.COMPLIANCE_AGENT_ADDRESS)
      throw invalid("COMPLIANCE_AGENT_SIGNER_URL needs COMPLIANCE_AGENT_ADDRESS (the account the signer holds)");
    return { kind: "external", url: e.COMPLIANCE_AGENT_SIGNER_URL, address: getAddress(e.COMPLIANCE_AGENT_ADDRESS) };
  }
  return undefined;
}
