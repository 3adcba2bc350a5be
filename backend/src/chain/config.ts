/**
 * Chain settings, validated once at start-up (like src/config): where the node is, which deployment record to
 * follow, the compliance agent's key, and how careful to be (confirmations, batch size, retries). Absent
 * `CHAIN_RPC_URL`, the chain services do not start.
 */
import { z } from "zod";

const EnvSchema = z.object({
  CHAIN_RPC_URL: z.url(),
  CHAIN_ID: z.coerce.number().int().positive(),
  /** The compliance agent's private key (0x + 64 hex): holds COMPLIANCE_AGENT_ROLE on the identity registry. */
  COMPLIANCE_AGENT_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x followed by 64 hex digits")
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

export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  agentKey?: `0x${string}`;
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
  return {
    rpcUrl: e.CHAIN_RPC_URL,
    chainId: e.CHAIN_ID,
    agentKey: e.COMPLIANCE_AGENT_KEY as `0x${string}` | undefined,
    confirmations: e.CHAIN_CONFIRMATIONS,
    pollMs: e.CHAIN_POLL_MS,
    agent: { batchSize: e.AGENT_BATCH_SIZE, maxAttempts: e.AGENT_MAX_ATTEMPTS, backoffMs: e.AGENT_BACKOFF_MS },
    sync: { blockRange: e.SYNC_BLOCK_RANGE },
    recordDir: e.CHAIN_DEPLOYMENTS_DIR,
  };
}
