/**
 * Finding (issue 18, chaos investigation): a transaction whose connection died kept its pool slot for ever. Prisma
 * 6's client engine ends an interactive transaction by sending COMMIT or ROLLBACK as SQL and only then asks the
 * adapter to release the connection (`commit()` / `rollback()`, which for @prisma/adapter-pg send no SQL); when that
 * SQL fails, on a connection the server terminated, it throws first and the release never comes. Each database
 * restart in the middle of a transaction leaked one connection, and once the pool's `max` had leaked every later
 * transaction waited for ever. This wrapper releases the connection when the SQL that ends a transaction fails; a
 * dead connection is then dropped by the pool (it is no longer queryable), a live one (a failed COMMIT has ended the
 * transaction on the server) returns to it.
 */
import type { Prisma } from "../generated/prisma/client.ts";

type AdapterFactory = NonNullable<Prisma.PrismaClientOptions["adapter"]>;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;

function releasing(tx: AdapterTransaction): AdapterTransaction {
  let released = false;
  const release = async (how: "commit" | "rollback"): Promise<void> => {
    if (released) return;
    released = true;
    await tx[how]();
  };
  const run = async <T>(query: Query, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (error) {
      if (ENDS_TRANSACTION.test(query.sql)) await release("rollback").catch(() => undefined);
      throw error;
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => run(query, () => tx.queryRaw(query)),
    executeRaw: (query) => run(query, () => tx.executeRaw(query)),
    commit: () => release("commit"),
    rollback: () => release("rollback"),
  };
}

/** The adapter factory with every transaction's connection released even when its COMMIT or ROLLBACK fails. */
export function releasingTransactions(factory: AdapterFactory): AdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<Adapter> {
      const adapter = await factory.connect();
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        queryRaw: (query) => adapter.queryRaw(query),
        executeRaw: (query) => adapter.executeRaw(query),
        executeScript: (script) => adapter.executeScript(script),
        startTransaction: async (isolationLevel) => releasing(await adapter.startTransaction(isolationLevel)),
        dispose: () => adapter.dispose(),
        ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo!() } : {}),
      };
    },
  };
}
