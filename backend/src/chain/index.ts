/**
 * The chain services of the backend, built from the validated chain configuration and the deployment record:
 * the compliance agent (outbox -> IdentityRegistry) and its transaction sender.
 */
import { readDeployment } from "@freehold/deployments/node";
import { createPublicClient, http, type LocalAccount, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type pg from "pg";
import type { Db } from "../db/client.ts";
import { DocumentAnchoring } from "./anchoring.ts";
import { ComplianceAgent } from "./compliance-agent.ts";
import type { ChainConfig } from "./config.ts";
import { TransactionSender, type SenderLogger } from "./sender.ts";
import { ChainSync } from "./sync/chain-sync.ts";

export function createChainClient(config: Pick<ChainConfig, "rpcUrl" | "pollMs">): PublicClient {
  // No cache: the sync and the agent decide on the head block they just read.
  return createPublicClient({
    transport: http(config.rpcUrl, { retryCount: 0 }),
    pollingInterval: config.pollMs,
    cacheTime: 0,
  });
}

export interface AgentDeps {
  db: Db;
  config: ChainConfig;
  client?: PublicClient;
  /** Defaults to the IdentityRegistry of the chain's deployment record. */
  registry?: `0x${string}`;
  recordDir?: string;
  logger?: SenderLogger;
  faults?: ConstructorParameters<typeof ComplianceAgent>[0]["faults"];
  senderFaults?: ConstructorParameters<typeof TransactionSender>[0]["faults"];
}

/** The backend's signer: loaded from its source (src/chain/signer), or a plain key given directly (tests). */
function agentAccount(config: ChainConfig): LocalAccount {
  if (config.agentAccount) return config.agentAccount;
  if (config.agentKey) return privateKeyToAccount(config.agentKey);
  throw new Error(
    "no signer: set COMPLIANCE_AGENT_KEYSTORE, COMPLIANCE_AGENT_SIGNER_URL or (locally) COMPLIANCE_AGENT_KEY",
  );
}

export function createSender(
  deps: Pick<AgentDeps, "db" | "config" | "client" | "logger" | "senderFaults">,
): TransactionSender {
  return new TransactionSender({
    db: deps.db,
    client: deps.client ?? createChainClient(deps.config),
    account: agentAccount(deps.config),
    chainId: deps.config.chainId,
    confirmations: deps.config.confirmations,
    logger: deps.logger,
    faults: deps.senderFaults,
  });
}

export function createComplianceAgent(deps: AgentDeps): ComplianceAgent {
  const { config } = deps;
  agentAccount(config);
  const registry =
    deps.registry ??
    readDeployment(config.chainId, deps.recordDir ?? config.recordDir)?.contracts["IdentityRegistry"]?.address;
  if (!registry) throw new Error(`No IdentityRegistry recorded for chain ${config.chainId}: deploy the platform first`);
  const client = deps.client ?? createChainClient(config);
  const sender = createSender({ ...deps, client });
  return new ComplianceAgent({
    db: deps.db,
    client,
    sender,
    registry,
    batchSize: config.agent.batchSize,
    maxAttempts: config.agent.maxAttempts,
    backoffMs: config.agent.backoffMs,
    logger: deps.logger,
    faults: deps.faults,
  });
}

export interface ChainServices {
  stop(): Promise<void>;
}

/**
 * Starts the chain services of one backend instance: the sync (always), and with a key the compliance agent and
 * document anchoring (one signer, one nonce sequence). Safe to run in several instances at once.
 */
export function startChainServices(deps: {
  db: Db;
  pool: pg.Pool;
  config: ChainConfig;
  logger?: SenderLogger;
  recordDir?: string;
  onReorg?: () => void;
}): ChainServices {
  const { config } = deps;
  const recordDir = deps.recordDir ?? config.recordDir;
  const record = readDeployment(config.chainId, recordDir);
  if (!record)
    throw new Error(`No deployment recorded for chain ${config.chainId}: deploy the platform first (npm run deploy)`);
  const client = createChainClient(config);
  const controller = new AbortController();
  const loops: Promise<void>[] = [];
  const sync = new ChainSync({
    db: deps.db,
    pool: deps.pool,
    client,
    chainId: config.chainId,
    record,
    confirmations: config.confirmations,
    blockRange: config.sync.blockRange,
    logger: deps.logger,
    ...(deps.onReorg ? { onReorg: deps.onReorg } : {}),
  });
  loops.push(sync.run(config.pollMs, controller.signal));
  if (config.agentAccount || config.agentKey) {
    const agent = createComplianceAgent({ db: deps.db, config, client, recordDir, logger: deps.logger });
    const anchoring = new DocumentAnchoring({
      db: deps.db,
      client,
      sender: createSender({ db: deps.db, config, client, logger: deps.logger }),
      chainId: config.chainId,
      maxAttempts: config.agent.maxAttempts,
      logger: deps.logger,
    });
    loops.push(
      (async () => {
        while (!controller.signal.aborted) {
          try {
            await anchoring.tick();
            await agent.tick();
          } catch (error) {
            deps.logger?.warn({ err: (error as Error).message }, "chain writer pass failed");
          }
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, config.pollMs);
            controller.signal.addEventListener(
              "abort",
              () => {
                clearTimeout(timer);
                resolve(undefined);
              },
              { once: true },
            );
          });
        }
      })(),
    );
  }
  return {
    stop: async () => {
      controller.abort();
      await Promise.all(loops);
    },
  };
}
