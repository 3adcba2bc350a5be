/** The settings `npm run backup` and `npm run restore` read: the backend's own variables, plus PG_BIN_DIR. */
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ADDRESSES_DIR } from "@freehold/deployments/node";
import type { Locations } from "./run.js";

export const LOCATIONS_HELP = `Environment (the backend's settings, see .env.example):
  DATABASE_URL           the database (postgresql://...)
  STORAGE_DIR            the document store
  CHAIN_ID               the chain whose deployment record is backed up / restored
  CHAIN_DEPLOYMENTS_DIR  folder of deployment records (default deployments/addresses)
  AUDIT_CHECKPOINT_DIR   the signed audit checkpoints, when the backend writes them
  STORAGE_BACKEND        s3: the documents stay in their bucket (S3_BUCKET, S3_PREFIX), not copied
  PG_BIN_DIR             folder of pg_dump, pg_restore and psql (default: PATH); pg_dump's major version must be at
                         least the server's`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set`);
  return value;
}

const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(path));

export function locationsFrom(env: NodeJS.ProcessEnv): Locations {
  const databaseUrl = required(env, "DATABASE_URL");
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError("DATABASE_URL must be a postgresql:// URL");
  const chainId = Number(required(env, "CHAIN_ID"));
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new UsageError("CHAIN_ID must be a positive whole number");
  return {
    databaseUrl,
    storageDir: absolute(required(env, "STORAGE_DIR")),
    deploymentsDir: absolute(env["CHAIN_DEPLOYMENTS_DIR"] || ADDRESSES_DIR),
    chainId,
    pgBinDir: env["PG_BIN_DIR"] || undefined,
    auditCheckpointDir: env["AUDIT_CHECKPOINT_DIR"] ? absolute(env["AUDIT_CHECKPOINT_DIR"]) : undefined,
    documentsBucket:
      env["STORAGE_BACKEND"] === "s3" ? `s3://${required(env, "S3_BUCKET")}/${env["S3_PREFIX"] ?? ""}` : undefined,
  };
}

/** `--<name> <path>` and `--help`. */
export function parseFolderFlag(argv: readonly string[], name: string): { folder?: string; help: boolean } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { [name]: { type: "string" }, help: { type: "boolean", default: false } },
      strict: true,
    });
    const folder = values[name];
    return { folder: typeof folder === "string" ? absolute(folder) : undefined, help: values["help"] === true };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Prints one line on failure: exit code 2 for usage, 1 otherwise. */
export async function runCli(usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const usageError = error instanceof UsageError;
    console.error(`error: ${(error as Error).message}${usageError ? `\n\n${usage}` : ""}`);
    process.exitCode = usageError ? 2 : 1;
  }
}
