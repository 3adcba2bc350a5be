/**
 * Exactly once, whatever the ranges (property, real node and PostgreSQL): for random widest ranges, log targets,
 * node limits (a node that refuses wider ranges, so ranges shrink and grow) and a crash at a random range (the
 * write transaction fails before it commits while the next range is being read ahead), the same instance or a
 * fresh one resumes, and the stored events equal the chain's logs of the followed contracts, each once, with the cursor on the head.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { LimitExceededRpcError, type PublicClient } from "viem";
import { freshDatabase } from "../../../test/support/harness.ts";
import { createDb } from "../../db/client.ts";
import { generateEvents } from "../bench/events.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { actors, Chain, runScenario } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";

/** The client, except that eth_getLogs over more than `maxBlocks` blocks is refused as public nodes do. */
function refusing(client: PublicClient, maxBlocks: number): PublicClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== "getLogs") return Reflect.get(target, key, receiver) as unknown;
      return (args: { fromBlock: bigint; toBlock: bigint }) => {
        if (args.toBlock - args.fromBlock + 1n > BigInt(maxBlocks))
          return Promise.reject(new LimitExceededRpcError(new Error(`block range is limited to ${maxBlocks}`)));
        return target.getLogs(args as never);
      };
    },
  });
}

const key = (e: { blockNumber: number; logIndex: number; txHash: string; address: string }): string =>
  `${e.blockNumber}:${e.logIndex}:${e.txHash}:${e.address.toLowerCase()}`;

describe("chain sync stores each event exactly once (property)", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let onChain: string[];

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const people = actors(3);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    const chain = new Chain(anvil, client, platform);
    const day = await runScenario(chain, people);
    await generateEvents(chain, people, day.token, 600);
    // A second launch after the dense blocks: a discovery in the middle of the ranges.
    await chain.launch(people.manager, "Quai 3", 10n);
  });

  after(async () => {
    await anvil?.stop();
  });

  it("for random ranges, node limits and crash points, the stored events are the chain's logs, once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 5, max: 800 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        async (blockRange, targetLogs, nodeLimit, crashAt, sameInstance) => {
          const url = await freshDatabase();
          const pool = new pg.Pool({ connectionString: url, max: 3 });
          const db = createDb(url, 2);
          try {
            const options = {
              db,
              pool,
              client: refusing(client, nodeLimit),
              chainId: 31337,
              record: platform.record,
              confirmations: 1,
              blockRange,
              targetLogs,
            };
            let writes = 0;
            const crashing = new ChainSync({
              ...options,
              faults: {
                beforeCommit: () => {
                  if (++writes === crashAt) throw new Error("crash before commit");
                },
              },
            });
            await crashing.catchUp().catch((error: Error) => assert.equal(error.message, "crash before commit"));
            // Resumed by the same instance (its next pass after a failed one, as `run` does) or by a new process.
            await (sameInstance ? crashing : new ChainSync(options)).catchUp();

            const contracts = await db.chainContract.findMany();
            const logs = await client.getLogs({
              address: contracts.map((c) => c.address as `0x${string}`),
              fromBlock: 0n,
              toBlock: "latest",
            });
            onChain ??= logs.map((l) =>
              key({
                blockNumber: Number(l.blockNumber),
                logIndex: l.logIndex!,
                txHash: l.transactionHash!,
                address: l.address,
              }),
            );
            const stored = (
              await db.chainEvent.findMany({ orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] })
            ).map(key);
            assert.deepEqual(stored, onChain);
            const cursor = await db.chainCursor.findUniqueOrThrow({ where: { chainId: 31337 } });
            assert.equal(cursor.blockNumber, Number(await client.getBlockNumber()));
            assert.equal(await db.chainContract.count({ where: { kind: "PropertyOffering" } }), 2);
          } finally {
            await db.$disconnect();
            await pool.end();
          }
        },
      ),
      { numRuns: 8 },
    );
    assert.ok(onChain.length >= 600, `${onChain.length} logs`);
  });
});
