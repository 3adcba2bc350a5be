/**
 * The chain services of the backend, built from the validated chain configuration and the deployment record:
 * the compliance agent (outbox -> IdentityRegistry) and its transaction sender.
 */
import { readDeployment } from "@freehold/deployments/node";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Db } from "../db/client.ts";
import { ComplianceAgent } from "./compliance-agent.ts";
import type { ChainConfig } from "./config.ts";
import { TransactionSender, type SenderLogger } from "./sender.ts";

export function createChainClient(config: Pick<ChainConfig, "rpcUrl" | "pollMs">): PublicClient {
  // No cache: the sync and the agent decide on the head block they just read.
  return createPublicClient({ transport: http(config.rpcUrl, { retryCount: 0 }), pollingInterval: config.pollMs, cacheTime: 0 });
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

export function createComplianceAgent(deps: AgentDeps): ComplianceAgent {
  const { config } = deps;
  if (!config.agentKey) throw new Error("COMPLIANCE_AGENT_KEY is not set: the compliance agent cannot sign");
  const registry = deps.registry ?? readDeployment(config.chainId, deps.recordDir)?.contracts["IdentityRegistry"]?.address;
  if (!registry) throw new Error(`No IdentityRegistry recorded for chain ${config.chainId}: deploy the platform first`);
  const client = deps.client ?? createChainClient(config);
  const sender = new TransactionSender({
    db: deps.db,
    client,
    account: privateKeyToAccount(config.agentKey),
    chainId: config.chainId,
    confirmations: config.confirmations,
    logger: deps.logger,
    faults: deps.senderFaults,
  });
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
