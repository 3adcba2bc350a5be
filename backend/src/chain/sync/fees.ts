/**
 * The fee read models (issue 20), kept by the sync in the transaction that stores a range or rolls one back:
 *
 * - the schedule (`chain_fee_schedules`, `chain_fee_overrides`): replayed from every stored PlatformFees event
 *   whenever a range or a rollback touched them (a handful of admin events: replaying is simpler than undoing, and
 *   equal to the events by construction);
 * - the payments (`chain_fee_payments`): one row per fee-moving event of the range (`ProceedsReleased` with a fee,
 *   `RentFeeCharged`, `TradeFeeCharged`, the exit's `ProceedsDeposited` with a fee), keyed by its chain position, so a replayed range adds nothing; a rollback
 *   deletes the rows past the fork.
 */
import type pg from "pg";
import type { StoredEvent } from "./decode.ts";

/** `FeeKind` of PlatformFees, in its order (the events carry the index). */
export const FEE_KINDS = ["PRIMARY", "RENT", "TRADE", "EXIT"] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

/** The events that move money to a fee collector, by the contract that emits them, and their kind. */
const PAYMENTS = [
  { contract: "PropertyOffering", name: "ProceedsReleased", kind: "PRIMARY" },
  { contract: "RentDistributor", name: "RentFeeCharged", kind: "RENT" },
  { contract: "Settlement", name: "TradeFeeCharged", kind: "TRADE" },
  { contract: "PropertyExit", name: "ProceedsDeposited", kind: "EXIT" },
] as const satisfies readonly { contract: string; name: string; kind: FeeKind }[];

const isPayment = (e: Pick<StoredEvent, "contract" | "name">): boolean =>
  PAYMENTS.some((p) => p.contract === e.contract && p.name === e.name);

interface Schedule {
  bps: number;
  collector: string;
  pending: { bps: number; effectiveAt: number } | null;
}

type Args = Record<string, unknown>;

/** Folds PlatformFees' events (in chain order) into the schedule per kind and the overrides per kind and token. */
export function foldSchedule(events: readonly { name: string; args: Args }[]): {
  schedules: Map<FeeKind, Schedule>;
  overrides: Map<string, { kind: FeeKind; token: string; bps: number }>;
} {
  const schedules = new Map<FeeKind, Schedule>();
  const overrides = new Map<string, { kind: FeeKind; token: string; bps: number }>();
  for (const { name, args } of events) {
    const kind = FEE_KINDS[Number(args["kind"])];
    if (!kind) continue;
    const current = schedules.get(kind);
    const set = (change: Partial<Schedule>): void => {
      // A schedule exists from FeeInitialized on; an event of a kind never initialised cannot come from PlatformFees.
      if (current) schedules.set(kind, { ...current, ...change });
    };
    switch (name) {
      case "FeeInitialized":
        schedules.set(kind, { bps: Number(args["bps"]), collector: String(args["collector"]), pending: null });
        break;
      case "FeeIncreaseAnnounced":
        set({ pending: { bps: Number(args["newBps"]), effectiveAt: Number(args["effectiveAt"]) } });
        break;
      case "FeeIncreaseApplied":
        set({ bps: Number(args["bps"]), pending: null });
        break;
      case "FeeIncreaseCancelled":
        set({ pending: null });
        break;
      case "FeeDecreased":
        set({ bps: Number(args["toBps"]), pending: null });
        break;
      case "CollectorSet":
        set({ collector: String(args["collector"]) });
        break;
      case "FeeOverrideSet":
        overrides.set(`${kind}:${String(args["token"])}`, {
          kind,
          token: String(args["token"]),
          bps: Number(args["bps"]),
        });
        break;
      case "FeeOverrideRemoved":
        overrides.delete(`${kind}:${String(args["token"])}`);
        break;
    }
  }
  return { schedules, overrides };
}

/** Rewrites the chain's schedule and overrides from its stored PlatformFees events. */
export async function replaySchedule(sql: pg.ClientBase, chainId: number): Promise<void> {
  const { rows } = await sql.query<{ name: string; args: Args }>(
    `SELECT name, args FROM chain_events WHERE "chainId" = $1 AND contract = 'PlatformFees' ORDER BY "blockNumber", "logIndex"`,
    [chainId],
  );
  const { schedules, overrides } = foldSchedule(rows);
  await sql.query('DELETE FROM chain_fee_schedules WHERE "chainId" = $1', [chainId]);
  await sql.query('DELETE FROM chain_fee_overrides WHERE "chainId" = $1', [chainId]);
  const kinds = [...schedules.entries()];
  if (kinds.length)
    await sql.query(
      `INSERT INTO chain_fee_schedules ("chainId", kind, bps, collector, "pendingBps", "pendingEffectiveAt")
       SELECT $1, k, b, c, pb, to_timestamp(pe) AT TIME ZONE 'UTC' FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::bigint[]) AS u(k, b, c, pb, pe)`,
      [
        chainId,
        kinds.map(([k]) => k),
        kinds.map(([, s]) => s.bps),
        kinds.map(([, s]) => s.collector),
        kinds.map(([, s]) => s.pending?.bps ?? null),
        kinds.map(([, s]) => s.pending?.effectiveAt ?? null),
      ],
    );
  const list = [...overrides.values()];
  if (list.length)
    await sql.query(
      `INSERT INTO chain_fee_overrides ("chainId", kind, token, bps) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
      [chainId, list.map((o) => o.kind), list.map((o) => o.token), list.map((o) => o.bps)],
    );
}

/**
 * Records the fees paid by the stored events of blocks `from`..`to` (none twice; a row stored earlier only gains what was unknown then). The payment token and the property
 * come from what the sync stored before: the offering's terms, the distributor's `TokenRegistered`, the order's
 * `OrderPosted`, the exit's `ExitLaunched`; the primary fee's collector is the offering's fee recipient (the event does not name it).
 */
export async function recordPayments(sql: pg.ClientBase, chainId: number, from: number, to: number): Promise<void> {
  const kindOf = PAYMENTS.map((p) => `WHEN '${p.name}' THEN '${p.kind}'`).join(" ");
  const which = PAYMENTS.map((p) => `(e.contract = '${p.contract}' AND e.name = '${p.name}')`).join(" OR ");
  await sql.query(
    `INSERT INTO chain_fee_payments ("chainId", "blockNumber", "logIndex", kind, token, "propertyId", "paymentToken", collector, amount, "blockTime", "txHash")
     SELECT e."chainId", e."blockNumber", e."logIndex", CASE e.name ${kindOf} END, e.token, o."propertyId",
       CASE e.name
         WHEN 'ProceedsReleased' THEN o."paymentToken"
         WHEN 'RentFeeCharged' THEN (SELECT r.args->>'paymentToken' FROM chain_events r
           WHERE r."chainId" = e."chainId" AND r.token = e.token AND r.address = e.address AND r.name = 'TokenRegistered' LIMIT 1)
         WHEN 'ProceedsDeposited' THEN (SELECT x.args->>'paymentToken' FROM chain_events x
           WHERE x."chainId" = e."chainId" AND x.token = e.token AND x.name = 'ExitLaunched' AND x.args->>'exit' = e.address LIMIT 1)
         ELSE (SELECT p.args->>'paymentToken' FROM chain_events p
           WHERE p."chainId" = e."chainId" AND p.address = e.address AND p.name = 'OrderPosted' AND p.args->>'orderId' = e.args->>'orderId' LIMIT 1)
       END,
       CASE WHEN e.name = 'ProceedsReleased' THEN o."feeRecipient" ELSE e.args->>'collector' END,
       (e.args->>'fee')::numeric, e."blockTime", e."txHash"
     FROM chain_events e
     LEFT JOIN LATERAL (
       SELECT o."propertyId", o."paymentToken", o."feeRecipient" FROM chain_offerings o
       WHERE o."chainId" = e."chainId" AND o.token = e.token ORDER BY o."discoveredBlock" DESC LIMIT 1
     ) o ON true
     WHERE e."chainId" = $1 AND e."blockNumber" BETWEEN $2 AND $3 AND (${which})
       AND e.token IS NOT NULL AND (e.args->>'fee')::numeric > 0
     ON CONFLICT ("chainId", "blockNumber", "logIndex") DO UPDATE
       SET "propertyId" = EXCLUDED."propertyId", "paymentToken" = EXCLUDED."paymentToken", collector = EXCLUDED.collector
       -- only what an earlier pass could not know yet (an offering's fee recipient read after its payments)
       WHERE (chain_fee_payments."propertyId", chain_fee_payments."paymentToken", chain_fee_payments.collector)
         IS DISTINCT FROM (EXCLUDED."propertyId", EXCLUDED."paymentToken", EXCLUDED.collector)`,
    [chainId, from, to],
  );
}

/** After a range is stored: the payments of its events, and the schedule again if PlatformFees spoke. */
export async function followFees(sql: pg.ClientBase, chainId: number, events: readonly StoredEvent[]): Promise<void> {
  const paid = events.filter(isPayment).map((e) => e.blockNumber);
  if (paid.length) await recordPayments(sql, chainId, Math.min(...paid), Math.max(...paid));
  if (events.some((e) => e.contract === "PlatformFees")) await replaySchedule(sql, chainId);
}

/** In a rollback to `fork` (after its events are deleted): its payments go, and the schedule is replayed. */
export async function rollBackFees(sql: pg.ClientBase, chainId: number, fork: number): Promise<void> {
  await sql.query('DELETE FROM chain_fee_payments WHERE "chainId" = $1 AND "blockNumber" > $2', [chainId, fork]);
  await replaySchedule(sql, chainId);
}

/**
 * Once per sync instance: the fee read models of the events stored before they existed (or before this version),
 * from the whole stored history. Idempotent.
 */
export async function backfillFees(sql: pg.ClientBase, chainId: number): Promise<void> {
  await recordPayments(sql, chainId, 0, 2_147_483_647);
  await replaySchedule(sql, chainId);
}
