/**
 * The application's Prisma client: Prisma 6 "client" engine (no Rust binary) over node-postgres through
 * `@prisma/adapter-pg`. `Db` is the client; `Tx` is what a service receives inside a transaction.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}
