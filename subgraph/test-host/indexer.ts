/**
 * Indexes real logs with the WASM that `graph build` wrote, the way graph-node does:
 *
 * - the compiled manifest (`build/subgraph.yaml`) gives the data sources, templates, ABIs and handlers;
 *   anything this host cannot run faithfully (block/call handlers, receipts, topic filters, file data sources)
 *   is refused when the manifest is loaded;
 * - blocks are processed in order and, inside a block, logs in log order; for each log every matching data
 *   source (address, start block, event signature) runs its handler in a fresh WASM instance;
 * - data sources created by a handler are matched against the whole block they were created in once the
 *   block's other triggers ran (graph-node re-scans the block for the new data sources), then later blocks;
 * - entity writes are validated against the schema on each `store.set` and committed at the end of the block;
 *   a failing handler stops indexing with its block, log, data source and handler in the error.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EventFragment, Interface } from "ethers";
import { parse as parseYaml } from "yaml";
import { AscMemory } from "./asc-memory.js";
import { type BlockWithLogs, type ChainLog } from "./chain.js";
import { EntityStore } from "./entity-store.js";
import { decodeLogParams, writeEvent } from "./ethereum-values.js";
import {
  callKey,
  checkImports,
  hostImports,
  PendingCall,
  type ContractCall,
  type CreatedDataSource,
  type HandlerContext,
  type LogLine,
} from "./host-functions.js";
import { EntitySchema } from "./schema.js";
import { plain, type EntityData } from "./store-values.js";

interface ManifestSource {
  name: string;
  network: string;
  source: { address?: string; abi: string; startBlock?: number };
  mapping: {
    file: string;
    abis: { name: string; file: string }[];
    eventHandlers?: {
      event: string;
      handler: string;
      receipt?: boolean;
      topic1?: unknown;
      topic2?: unknown;
      topic3?: unknown;
    }[];
    blockHandlers?: unknown[];
    callHandlers?: unknown[];
  };
  kind: string;
  context?: unknown;
}

interface Handler {
  name: string;
  fragment: EventFragment;
}

/** A data source (static or created from a template) as the indexer runs it. */
interface DataSource {
  name: string;
  address: string;
  network: string;
  startBlock: bigint;
  context: EntityData | null;
  module: WebAssembly.Module;
  handlers: Map<string, Handler>;
}

interface Blueprint {
  name: string;
  network: string;
  module: WebAssembly.Module;
  handlers: Map<string, Handler>;
}

/** The manifest's event signature (`Transfer(indexed address,indexed address,uint256)`) of an ABI event. */
export function manifestSignature(fragment: EventFragment): string {
  return `${fragment.name}(${fragment.inputs.map((p) => (p.indexed ? "indexed " : "") + p.format("sighash")).join(",")})`;
}

export class IndexingError extends Error {}

/** Answers a contract call at a block: the return data, or null when it reverted. */
export type CallResolver = (call: ContractCall) => Promise<string | null>;

export interface IndexerOptions {
  /** Needed when mappings call contracts (`ethereum.call`); see `providerCallResolver`. */
  ethCall?: CallResolver;
  /**
   * Addresses and start blocks per static data source, replacing the manifest's (what `graph build --network`
   * does with networks.json): one build indexes any deployment.
   */
  addresses?: Record<string, { address: string; startBlock: number }>;
}

/** Contract calls answered by `eth_call` at the trigger's block, like graph-node does. */
export function providerCallResolver(provider: {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}): CallResolver {
  return async (call) => {
    try {
      return (await provider.request({
        method: "eth_call",
        params: [{ to: call.to, data: call.data }, "0x" + call.blockNumber.toString(16)],
      })) as string;
    } catch (error) {
      if (/revert/i.test((error as Error).message)) return null;
      throw error;
    }
  };
}

export class Indexer {
  readonly schema: EntitySchema;
  readonly store: EntityStore;
  readonly logs: LogLine[] = [];
  /** Handler invocations so far, per `DataSource.handler`. */
  readonly calls = new Map<string, number>();
  private readonly dataSources: DataSource[] = [];
  private readonly templates = new Map<string, Blueprint>();
  private readonly modules = new Map<string, WebAssembly.Module>();
  private readonly buildDir: string;
  private lastBlock = -1n;
  private readonly callAnswers = new Map<string, string | null>();

  /** @param manifestPath the compiled manifest, e.g. `subgraph/build/subgraph.yaml` */
  constructor(
    manifestPath: string,
    private readonly options: IndexerOptions = {},
  ) {
    this.buildDir = dirname(manifestPath);
    const manifest = parseYaml(readFileSync(manifestPath, "utf8")) as {
      schema: { file: string };
      dataSources?: ManifestSource[];
      templates?: ManifestSource[];
    };
    this.schema = new EntitySchema(readFileSync(join(this.buildDir, manifest.schema.file), "utf8"));
    this.store = new EntityStore(this.schema);
    for (const ds of manifest.dataSources ?? []) {
      const blueprint = this.blueprint(ds);
      const override = options.addresses?.[ds.name];
      if (options.addresses && !override) throw new Error(`no address given for data source ${ds.name}`);
      if (override) ds.source = { ...ds.source, address: override.address, startBlock: override.startBlock };
      if (!ds.source.address)
        throw new Error(`data source ${ds.name} has no address: the test host only runs address-bound sources`);
      this.dataSources.push({
        ...blueprint,
        address: ds.source.address.toLowerCase(),
        startBlock: BigInt(ds.source.startBlock ?? 0),
        context: null,
      });
    }
    for (const t of manifest.templates ?? []) this.templates.set(t.name, this.blueprint(t));
  }

  private blueprint(ds: ManifestSource): Blueprint {
    if (ds.kind !== "ethereum/contract" && ds.kind !== "ethereum")
      throw new Error(`${ds.name}: data source kind ${ds.kind} is not supported`);
    const { mapping } = ds;
    if (mapping.blockHandlers?.length || mapping.callHandlers?.length)
      throw new Error(`${ds.name}: block and call handlers are not supported`);
    if (ds.context) throw new Error(`${ds.name}: manifest contexts are not supported`);
    const abiFile = mapping.abis.find((a) => a.name === ds.source.abi)?.file;
    if (!abiFile) throw new Error(`${ds.name}: ABI ${ds.source.abi} is not listed`);
    const iface = new Interface(readFileSync(join(this.buildDir, abiFile), "utf8"));
    const events = new Map<string, EventFragment>();
    iface.forEachEvent((e) => events.set(manifestSignature(e), e));
    const handlers = new Map<string, Handler>();
    for (const h of mapping.eventHandlers ?? []) {
      if (h.receipt || h.topic1 || h.topic2 || h.topic3)
        throw new Error(`${ds.name}.${h.handler}: receipts and topic filters are not supported`);
      const fragment = events.get(h.event);
      if (!fragment) throw new Error(`${ds.name}: event ${h.event} is not in ABI ${ds.source.abi}`);
      handlers.set(fragment.topicHash, { name: h.handler, fragment });
    }
    let module = this.modules.get(mapping.file);
    if (!module) {
      module = new WebAssembly.Module(readFileSync(join(this.buildDir, mapping.file)));
      checkImports(module, mapping.file);
      for (const h of handlers.values()) {
        if (!WebAssembly.Module.exports(module).some((e) => e.name === h.name))
          throw new Error(`${mapping.file} does not export ${h.name}`);
      }
      this.modules.set(mapping.file, module);
    }
    return { name: ds.name, network: ds.network, module, handlers };
  }

  /** Indexes blocks in order (each block after the previous one). */
  async indexBlocks(blocks: BlockWithLogs[]): Promise<void> {
    for (const block of blocks) await this.indexBlock(block);
  }

  async indexBlock({ block, logs, transactions }: BlockWithLogs): Promise<void> {
    if (block.number <= this.lastBlock) throw new Error(`block ${block.number} is not after block ${this.lastBlock}`);
    this.lastBlock = block.number;
    try {
      await this.processBlock({ block, logs, transactions });
    } catch (error) {
      this.store.rollbackBlock();
      throw error;
    }
    this.store.commitBlock();
  }

  private async processBlock({ block, logs, transactions }: BlockWithLogs): Promise<void> {
    let sources = this.dataSources.filter((ds) => block.number >= ds.startBlock);
    while (sources.length) {
      const created: DataSource[] = [];
      for (const log of logs) {
        for (const ds of sources) {
          if (ds.address !== log.address) continue;
          const handler = ds.handlers.get(log.topics[0] ?? "");
          if (!handler) continue;
          const tx = transactions.get(log.transactionHash);
          if (!tx) throw new Error(`transaction ${log.transactionHash} of log ${log.logIndex} is missing`);
          for (const c of await this.runHandlerWithCalls(ds, handler, log, { block, logs, transactions }, tx)) {
            created.push(this.instantiate(c, block.number));
          }
        }
      }
      this.dataSources.push(...created);
      sources = created;
    }
  }

  private instantiate(c: CreatedDataSource, startBlock: bigint): DataSource {
    const template = this.templates.get(c.template);
    if (!template) throw new Error(`a mapping created data source from unknown template ${c.template}`);
    const address = c.params[0];
    if (c.params.length !== 1 || !address || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      throw new Error(`template ${c.template} needs one address parameter, got ${JSON.stringify(c.params)}`);
    }
    return { ...template, address: address.toLowerCase(), startBlock, context: c.context };
  }

  /** Runs a handler; each contract call it makes is fetched once, then the handler runs again from scratch. */
  private async runHandlerWithCalls(
    ds: DataSource,
    handler: Handler,
    log: ChainLog,
    chain: BlockWithLogs,
    tx: Parameters<typeof writeEvent>[3],
  ): Promise<CreatedDataSource[]> {
    for (;;) {
      try {
        return this.runHandler(ds, handler, log, chain, tx);
      } catch (error) {
        const pending =
          error instanceof IndexingError && error.cause instanceof PendingCall ? error.cause.call : undefined;
        if (!pending) throw error;
        if (!this.options.ethCall)
          throw new IndexingError(`${(error as Error).message}: the indexer has no ethCall resolver`);
        this.callAnswers.set(callKey(pending), await this.options.ethCall(pending));
      }
    }
  }

  private runHandler(
    ds: DataSource,
    handler: Handler,
    log: ChainLog,
    chain: BlockWithLogs,
    tx: Parameters<typeof writeEvent>[3],
  ): CreatedDataSource[] {
    const ctx: HandlerContext = {
      store: this.store,
      blockNumber: chain.block.number,
      calls: this.callAnswers,
      dataSource: { address: ds.address, network: ds.network, context: ds.context },
      created: [],
      logs: [],
    };
    let memory: AscMemory | undefined;
    const where = `block ${chain.block.number} log ${log.logIndex} (tx ${log.transactionHash}): ${ds.name}.${handler.name}`;
    try {
      const instance = new WebAssembly.Instance(
        ds.module,
        hostImports(
          () => memory!,
          () => ctx,
        ),
      );
      const exports = instance.exports as unknown as ConstructorParameters<typeof AscMemory>[0] &
        Record<string, (...args: number[]) => void>;
      memory = new AscMemory(exports);
      exports["_start"]!();
      const params = decodeLogParams(handler.fragment, log);
      exports[handler.name]!(writeEvent(memory, log, chain.block, tx, params));
    } catch (error) {
      this.store.rollbackHandler();
      if (!(error instanceof PendingCall)) this.logs.push(...ctx.logs);
      throw new IndexingError(`${where} failed: ${(error as Error).message}`, { cause: error });
    }
    this.store.commitHandler();
    this.logs.push(...ctx.logs);
    const key = `${ds.name}.${handler.name}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    return ctx.created;
  }

  /** Data sources now running (static and created), for assertions. */
  get activeDataSources(): { name: string; address: string; startBlock: bigint }[] {
    return this.dataSources.map(({ name, address, startBlock }) => ({ name, address, startBlock }));
  }

  /** An entity as a plain object (BigInt -> bigint, Bytes -> hex string), or null. */
  entity(type: string, id: string): Record<string, unknown> | null {
    const found = this.store.get(type, id);
    return found ? toPlain(found) : null;
  }

  /**
   * References to entities that do not exist (`type[id].field -> target[id]`). graph-node does not check them
   * when storing, but a query through a non-null reference to a missing entity fails: tests assert none.
   */
  danglingReferences(): string[] {
    const out: string[] = [];
    for (const type of this.schema.entities.values()) {
      for (const field of type.fields.values()) {
        if (field.derivedFrom || field.name === "id" || !this.schema.entities.has(field.type.name)) continue;
        for (const entity of this.store.all(type.name)) {
          const value = entity.get(field.name);
          const targets = value?.kind === "Array" ? value.value : value ? [value] : [];
          for (const target of targets) {
            if (target.kind === "Null") continue;
            const id = String(target.value);
            if (!this.store.get(field.type.name, id))
              out.push(`${type.name}[${String(plain(entity.get("id")!))}].${field.name} -> ${field.type.name}[${id}]`);
          }
        }
      }
    }
    return out;
  }

  /** Every entity of a type as plain objects. */
  entities(type: string): Record<string, unknown>[] {
    return this.store.all(type).map(toPlain);
  }
}

function toPlain(data: EntityData): Record<string, unknown> {
  return Object.fromEntries([...data].map(([k, v]) => [k, plain(v)]));
}
