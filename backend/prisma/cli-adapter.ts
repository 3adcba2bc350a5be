/**
 * Driver adapter for the Prisma CLI only (migrate, db execute, studio). The application's runtime client uses
 * the stock `@prisma/adapter-pg`; the CLI's WASM schema engine trips over five bugs of adapter-pg 6.19.3
 * (see ../shared/ENVIRONMENT.md), each fixed here:
 *  1. catalog columns of type `name` (oid 19) are reported as text and `"char"` (oid 18) as a character column;
 *  2. the shadow database gets discrete connection fields (pg lets `connectionString` win over `database`);
 *  3. shadow cleanup closes the shadow pool before dropping the database;
 *  4. migration scripts are sent whole (the stock adapter splits on every `;`, breaking `$$` bodies);
 *  5. the pool exits on idle and long timers armed by the engine are unref'd, so the CLI ends.
 * Versions of prisma, @prisma/client and @prisma/adapter-pg are pinned exactly because this touches internals.
 */
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT_OID = 25;
const NAME_OID = 19;
const CHAR_OID = 18;
/** `ColumnTypeEnum.Character` of @prisma/driver-adapter-utils. */
const CHARACTER_COLUMN = 6;

interface QueryResultLike {
  fields?: { dataTypeID: number }[];
}

interface Queryable {
  queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
  performIO(query: unknown): Promise<QueryResultLike>;
  startTransaction?(isolationLevel?: string): Promise<Queryable>;
  executeScript?(script: string): Promise<void>;
  underlyingDriver?(): pg.Pool;
  onError(error: unknown): never;
}

/**
 * Fix 1: catalog columns of type `name` are reported as text and `"char"` as a character column (what the
 * engine reads them as), on every query of this queryable and of its transactions.
 */
function patchQueryable<T extends Queryable>(target: T): T {
  const queryRaw = target.queryRaw;
  const performIO = target.performIO.bind(target);
  target.queryRaw = async function patchedQueryRaw(query) {
    const charColumns: number[] = [];
    const view = Object.create(target, {
      performIO: {
        value: async (q: unknown) => {
          const result = await performIO(q);
          (result.fields ?? []).forEach((field, index) => {
            if (field.dataTypeID === CHAR_OID) charColumns.push(index);
            if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
          });
          return result;
        },
      },
    }) as T;
    const out = await queryRaw.call(view, query);
    for (const index of charColumns) out.columnTypes[index] = CHARACTER_COLUMN;
    return out;
  };
  if (target.startTransaction) {
    const start = target.startTransaction.bind(target);
    target.startTransaction = async (level) => patchQueryable(await start(level));
  }
  if (target.executeScript && target.underlyingDriver) {
    const pool = target.underlyingDriver();
    // Fix 4: the simple query protocol runs a multi-statement script as one request.
    target.executeScript = async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        target.onError(error);
      }
    };
  }
  return target;
}

/** Fix 5: the WASM engine arms long timers it never clears; let the process exit anyway. */
function unrefLongTimers(): void {
  const original = globalThis.setTimeout;
  const patched = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= 5_000) timer.unref();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}

function discreteConfig(connectionString: string, database?: string): pg.PoolConfig {
  const url = new URL(connectionString);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database ?? decodeURIComponent(url.pathname.slice(1)),
    allowExitOnIdle: true,
  };
}

type Factory = InstanceType<typeof PrismaPg>;

export function createCliAdapter(connectionString: string): Factory {
  unrefLongTimers();
  const factory = new PrismaPg(discreteConfig(connectionString));
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchQueryable((await connect()) as unknown as Queryable) as never;
  factory.connectToShadowDb = async () => {
    const admin = new pg.Pool(discreteConfig(connectionString));
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg(discreteConfig(connectionString, database));
    const adapter = patchQueryable((await shadow.connect()) as unknown as Queryable & { dispose(): Promise<void> });
    const dispose = adapter.dispose.bind(adapter);
    // Fix 3: close the shadow pool first, then drop its database.
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter as never;
  };
  return factory;
}
