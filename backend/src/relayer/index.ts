/** Builds the relayer from the chain settings and the deployment record (the forwarder and the Settlement). */
import { readDeployment } from "@freehold/deployments/node";
import type { PublicClient } from "viem";
import { createChainClient } from "../chain/index.ts";
import type { ChainConfig } from "../chain/config.ts";
import { TransactionSender, type SenderLogger, type SenderOptions } from "../chain/sender.ts";
import type { Db } from "../db/client.ts";
import { Relayer, type RelayerOptions } from "./relayer.ts";

export interface RelayerDeps {
  db: Db;
  config: ChainConfig;
  client?: PublicClient;
  recordDir?: string;
  logger?: SenderLogger;
  senderFaults?: SenderOptions["faults"];
  faults?: RelayerOptions["faults"];
}

/** The relayer, or undefined when no RELAYER_* key source is configured (the relay answers `relay-disabled`). */
export function createRelayer(deps: RelayerDeps): Relayer | undefined {
  const { config } = deps;
  if (!config.relayer) return undefined;
  const record = readDeployment(config.chainId, deps.recordDir ?? config.recordDir);
  const forwarder = record?.contracts["FreeholdForwarder"]?.address;
  if (!forwarder)
    throw new Error(`No FreeholdForwarder recorded for chain ${config.chainId}: deploy the platform first`);
  const client = deps.client ?? createChainClient(config);
  const sender = new TransactionSender({
    db: deps.db,
    client,
    account: config.relayer.account,
    chainId: config.chainId,
    confirmations: config.confirmations,
    logger: deps.logger,
    faults: deps.senderFaults,
  });
  return new Relayer({
    db: deps.db,
    client,
    sender,
    chainId: config.chainId,
    forwarder,
    settlement: record.contracts["Settlement"]?.address,
    dailyGas: config.relayer.dailyGas,
    requestsPerMinute: config.relayer.requestsPerMinute,
    logger: deps.logger,
    faults: deps.faults,
  });
}
