/**
 * The application's Prisma client: Prisma 6 "client" engine (no Rust binary) over node-postgres through
 * `@prisma/adapter-pg`, on a pool the caller owns, with every
 * transaction's connection released even when the server dropped it (releasing-adapter.ts). `Db` is the client; `Tx` is what a service receives inside a
 * transaction.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { createPool } from "./pool.ts";
import { releasingTransactions } from "./releasing-adapter.ts";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/** A Prisma client on `pool` (or on a new pool of `poolSize` connections to `databaseUrl`). */
export function createDb(databaseUrl: string, poolSize = 10, pool: pg.Pool = createPool(databaseUrl, poolSize)): Db {
  return new PrismaClient({ adapter: releasingTransactions(new PrismaPg(pool, { disposeExternalPool: true })) });
}
