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
  /**
   * The relayer's own signer (gasless investor actions, src/relayer): the same three sources under RELAYER_*; a
   * plain key is refused in production unless ALLOW_PLAIN_RELAYER_KEY=true. Absent: the relay is disabled.
   */
  RELAYER_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x followed by 64 hex digits")
    .optional(),
  ALLOW_PLAIN_RELAYER_KEY: z.enum(["true", "false"]).default("false"),
  RELAYER_KEYSTORE: z.string().min(1).optional(),
  RELAYER_KEYSTORE_PASSWORD: z.string().min(1).optional(),
  RELAYER_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
  RELAYER_SIGNER_URL: z.url({ protocol: /^https?$/ }).optional(),
  RELAYER_ADDRESS: z
    .string()
    .refine((v) => isAddress(v, { strict: false }), "must be an Ethereum address")
    .optional(),
  /** Gas (the requests' own `gas`) the relayer pays per user per UTC day. */
  RELAYER_DAILY_GAS: z.coerce.number().int().min(1).max(1_000_000_000).default(1_500_000),
  /** Relay requests per user per minute (per backend instance). */
  RELAYER_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
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
  /** The relayer of gasless investor actions (src/relayer): absent without a RELAYER_* signer source. */
  relayer?: RelayerSettings;
}

export interface RelayerSettings {
  account: LocalAccount;
  source: KeySource["kind"];
  dailyGas: bigint;
  requestsPerMinute: number;
}

export function loadChainConfig(env: Record<string, string | undefined>): ChainConfig | undefined {
  if (!env["CHAIN_RPC_URL"]) return undefined;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid chain configuration: ${details}`);
  }
  const e = parsed.data;
  const source = keySource(e, AGENT_KEY_SETTINGS);
  const agentAccount = source ? loadAccount(source, "agent") : undefined;
  const relayerSource = keySource(e, RELAYER_KEY_SETTINGS);
  const relayer: RelayerSettings | undefined = relayerSource && {
    account: loadAccount(relayerSource, "relayer"),
    source: relayerSource.kind,
    dailyGas: BigInt(e.RELAYER_DAILY_GAS),
    requestsPerMinute: e.RELAYER_REQUESTS_PER_MINUTE,
  };
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
    ...(relayer ? { relayer } : {}),
  };
}

function loadAccount(source: KeySource, label: string): LocalAccount {
  try {
    return loadAgentAccount(source, label);
  } catch (error) {
    if (error instanceof KeySourceError) throw new Error(`Invalid chain configuration: ${error.message}`);
    throw error;
  }
}

function invalid(message: string): Error {
  return new Error(`Invalid chain configuration: ${message}`);
}

type Env = z.infer<typeof EnvSchema>;

/** The variables that name one signer's key source (the compliance agent's, the relayer's). */
interface KeySettings {
  key: keyof Env & `${string}_KEY`;
  allowPlain: keyof Env & `ALLOW_PLAIN_${string}`;
  keystore: keyof Env & `${string}_KEYSTORE`;
  password: keyof Env & `${string}_KEYSTORE_PASSWORD`;
  passwordFile: keyof Env & `${string}_KEYSTORE_PASSWORD_FILE`;
  signerUrl: keyof Env & `${string}_SIGNER_URL`;
  address: keyof Env & `${string}_ADDRESS`;
}

const keySettings = (prefix: "COMPLIANCE_AGENT" | "RELAYER", allowPlain: KeySettings["allowPlain"]): KeySettings => ({
  key: `${prefix}_KEY`,
  allowPlain,
  keystore: `${prefix}_KEYSTORE`,
  password: `${prefix}_KEYSTORE_PASSWORD`,
  passwordFile: `${prefix}_KEYSTORE_PASSWORD_FILE`,
  signerUrl: `${prefix}_SIGNER_URL`,
  address: `${prefix}_ADDRESS`,
});

const AGENT_KEY_SETTINGS = keySettings("COMPLIANCE_AGENT", "ALLOW_PLAIN_AGENT_KEY");
const RELAYER_KEY_SETTINGS = keySettings("RELAYER", "ALLOW_PLAIN_RELAYER_KEY");

/** The one key source the settings `n` name, or undefined (no such signer). */
function keySource(e: Env, n: KeySettings): KeySource | undefined {
  const str = (name: keyof Env): string | undefined => e[name] as string | undefined;
  const [key, keystore, signerUrl] = [str(n.key), str(n.keystore), str(n.signerUrl)];
  const named = [key && n.key, keystore && n.keystore, signerUrl && n.signerUrl].filter(Boolean);
  if (named.length > 1) throw invalid(`set one signer source, not ${named.join(" and ")}`);
  if (key) {
    if (e.NODE_ENV === "production" && e[n.allowPlain] !== "true")
      throw invalid(
        `${n.key}: a plain private key is refused in production; use ${n.keystore} or ${n.signerUrl} (or set ${n.allowPlain}=true to accept the risk)`,
      );
    return { kind: "plain", key: key as `0x${string}` };
  }
  if (keystore) {
    const [plainPassword, passwordFile] = [str(n.password), str(n.passwordFile)];
    if (Boolean(plainPassword) === Boolean(passwordFile))
      throw invalid(`${n.keystore} needs its password from exactly one of ${n.password} or ${n.passwordFile}`);
    let password = plainPassword;
    if (passwordFile) {
      try {
        // A trailing newline (echo > file) is not part of the password.
        password = readFileSync(passwordFile, "utf8").replace(/\r?\n$/, "");
      } catch (error) {
        throw invalid(`${n.passwordFile}: ${(error as Error).message}`);
      }
    }
    return { kind: "keystore", file: keystore, password: password! };
  }
  if (signerUrl) {
    const address = str(n.address);
    if (!address) throw invalid(`${n.signerUrl} needs ${n.address} (the account the signer holds)`);
    return { kind: "external", url: signerUrl, address: getAddress(address) };
  }
  return undefined;
}
