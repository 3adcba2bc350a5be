/**
 * What the chain tells people (issue 16.4), written in the transaction that stores a block range, so a
 * reorganisation that rolls the range back deletes them with it (`forgetRolledBack`, in the rollback's transaction;
 * their email outbox rows go with them, ON DELETE CASCADE).
 *
 * - From the property moves of the range (`followChain`: the status the property shows): its offering opened ->
 *   the property's followers (OFFERING_OPENED); succeeded or finalized -> its subscribers (OFFERING_FUNDED, once);
 *   finalized -> its subscribers who have not claimed yet (UNITS_CLAIMABLE); failed or cancelled with refunds open ->
 *   its subscribers not refunded yet (OFFERING_FAILED). Offering phases that pass by time have no event: the move is
 *   the fact, at the range's last block.
 * - From the range's events: a deposit of the rent distributor -> every holder at the deposit (balances from the
 *   stored transfers before it), with the deposit's amount, as its kind says (DISTRIBUTOR_NOTICES): `RentDeposited`
 *   RENT_CLAIMABLE (and the month of the closed period whose statement it names), `CapitalDeposited` CAPITAL_RETURNED
 *   (capital returned by a refinance); the distributor's other events tell no one (SILENT_DISTRIBUTOR_EVENTS).
 *   `OrderFilled` -> the order's seller and the buyer (ORDER_FILLED).
 * - Holder votes and the exit (issue 19): a governor's `ProposalCreated` -> the token's holders at it (VOTE_OPENED);
 *   its `ProposalFinalized` -> the holders at it (VOTE_DECIDED); the exit's `ProceedsDeposited` -> each holder at the
 *   close, with its units and what they redeem for (PROCEEDS_DEPOSITED); `Redeemed` -> the holder (REDEMPTION_PAID).
 * - People are found by wallet (`users.address`); a wallet with no user gets nothing. Only offerings and tokens a
 *   property's owner or manager launched count, as for its status (`launchedByStakeholder`).
 * - Each has a dedupe key naming the fact (offering, deposit id, fill position), so a replayed range adds nothing.
 */
import type pg from "pg";
import { formatUnits } from "viem";
import type { NotificationEvent } from "../../generated/prisma/enums.ts";
import type { EventData } from "../../notifications/events.ts";
import { notifySql, type NotifySql } from "../../notifications/notify.ts";
import { ZERO, type StoredEvent } from "./decode.ts";
import { payoutFor } from "./exits.ts";
import { launchedByStakeholder } from "./offerings.ts";
import { PROPOSAL_KINDS } from "./proposals.ts";
import type { StateMove } from "./property-state.ts";

/**
 * An amount of the token's payment coin as its currency reads ("1575.5"), with the decimals of the coin the token was
 * launched with (read on chain by the sync), never an assumed 6. Null when they are unknown: a notice with an amount
 * is then not sent, since its amount could not be stated.
 */
const coinAmount = (raw: bigint, property: { decimals: number | null }): string | null =>
  property.decimals === null ? null : formatUnits(raw, property.decimals);

/**
 * What each deposit of the rent distributor tells the token's holders at it, and the prefix of its dedupe key: the
 * holders claim either kind from their portfolio (one accumulator on chain), but capital returned is not rent.
 */
export const DISTRIBUTOR_NOTICES = {
  RentDeposited: { event: "RENT_CLAIMABLE", key: "rent-claimable" },
  CapitalDeposited: { event: "CAPITAL_RETURNED", key: "capital-returned" },
} as const satisfies Record<string, { event: NotificationEvent; key: string }>;

/** The distributor's events that tell no one, and why (a test holds every event of its ABI to one of the two lists). */
export const SILENT_DISTRIBUTOR_EVENTS = {
  RentClaimed: "the holder's own claim, which its wallet sent",
  RentRedirected: "the controller's payout of a holder's claimable to another wallet (a lost wallet, a court order)",
  RentFeeCharged: "the platform's fee on a rent deposit, told with the deposit (its amount is net of it)",
  TokenRegistered: "setup by the platform",
  RoleAdminChanged: "access control",
  RoleGranted: "access control",
  RoleRevoked: "access control",
} as const;

interface Recipient {
  userId: string;
}

interface PropertyRef {
  propertyId: string;
  propertyName: string;
  currency: string;
}

/** A pg client as `NotifySql`. */
export function pgSql(client: pg.PoolClient): NotifySql {
  return { query: async (text, values) => ({ rows: (await client.query(text, values)).rows }) };
}

/** The notifications of one stored range; returns how many were new. */
export async function notifyRange(
  client: pg.PoolClient,
  chainId: number,
  to: number,
  events: readonly StoredEvent[],
  moves: readonly StateMove[],
): Promise<number> {
  const sql = pgSql(client);
  let created = 0;
  const send = async <E extends NotificationEvent>(
    recipients: readonly Recipient[],
    event: E,
    data: EventData<E>,
    dedupeKey: string,
    block: number,
  ): Promise<void> => {
    for (const { userId } of recipients)
      if (await notifySql(sql, { userId, event, data, dedupeKey, chain: { chainId, block } })) created += 1;
  };

  for (const move of moves) {
    if (!move.offering) continue;
    const property = await propertyRef(sql, move.propertyId);
    if (!property) continue;
    const ref = { propertyId: property.propertyId, propertyName: property.propertyName };
    const fact = `${chainId}:${move.offering}`;
    if (move.to === "OFFERING")
      await send(await followers(sql, move.propertyId), "OFFERING_OPENED", ref, `offering-opened:${fact}`, to);
    // Funded and sold within one range: the move ends EXITED, but the offering was funded on the way.
    const funded = move.to === "FUNDED" || (move.to === "EXITED" && move.from !== "FUNDED");
    if (move.to === "CLOSED" || funded)
      await send(await subscribers(sql, chainId, move.offering), "OFFERING_FUNDED", ref, `offering-funded:${fact}`, to);
    if (move.to === "FUNDED")
      await send(
        await subscribers(sql, chainId, move.offering, "Claimed"),
        "UNITS_CLAIMABLE",
        ref,
        `units-claimable:${fact}`,
        to,
      );
    if (move.to === "REFUNDING")
      await send(
        await subscribers(sql, chainId, move.offering, "Refunded"),
        "OFFERING_FAILED",
        ref,
        `offering-failed:${fact}`,
        to,
      );
  }

  for (const e of events) {
    const notice = e.contract === "RentDistributor" ? distributorNotice(e.name) : null;
    if (notice && e.token) {
      const property = await tokenProperty(sql, chainId, e.token);
      const amount = property && coinAmount(BigInt(String(e.args["amount"])), property);
      if (!property || amount === null) continue;
      const period =
        notice.event === "RENT_CLAIMABLE" ? await paidPeriod(sql, property.propertyId, e.statementHash) : null;
      await send(
        await holdersAt(sql, chainId, e.token, e.blockNumber, e.logIndex),
        notice.event,
        {
          propertyId: property.propertyId,
          propertyName: property.propertyName,
          amount,
          currency: property.currency,
          ...(period ? { period } : {}),
        },
        `${notice.key}:${chainId}:${e.token}:${String(e.args["depositId"])}`,
        e.blockNumber,
      );
    }
    if (e.contract === "Settlement" && e.name === "OrderFilled" && e.token) {
      const property = await tokenProperty(sql, chainId, e.token);
      const seller = await orderSeller(sql, chainId, e.address, String(e.args["orderId"]));
      if (!property || !seller) continue;
      const base = {
        propertyId: property.propertyId,
        propertyName: property.propertyName,
        units: String(e.args["units"]),
      };
      const fill = `${chainId}:${e.blockNumber}:${e.logIndex}`;
      const remaining = await orderRemaining(sql, chainId, e.address, String(e.args["orderId"]), e);
      await send(
        await usersOf(sql, [seller]),
        "ORDER_FILLED",
        { ...base, side: "SELL", ...(remaining === null ? {} : { remaining }) },
        `order-sold:${fill}`,
        e.blockNumber,
      );
      await send(
        await usersOf(sql, [String(e.args["buyer"])]),
        "ORDER_FILLED",
        { ...base, side: "BUY" },
        `order-bought:${fill}`,
        e.blockNumber,
      );
    }
    if (e.contract === "PropertyGovernor" || e.contract === "PropertyExit") await notifyExit(e);
  }
  return created;

  /** Holder votes and the exit (issue 19). */
  async function notifyExit(e: StoredEvent): Promise<void> {
    const property = e.token ? await tokenProperty(sql, chainId, e.token) : null;
    if (!property || !e.token) return;
    const ref = { propertyId: property.propertyId, propertyName: property.propertyName };
    const a = e.args;
    const fact = `${chainId}:${e.address}`;
    if (e.name === "ProposalCreated") {
      await send(
        await holdersAt(sql, chainId, e.token, e.blockNumber, e.logIndex),
        "VOTE_OPENED",
        {
          ...ref,
          proposalKind: PROPOSAL_KINDS[Number(a["kind"])] ?? "unknown",
          endsAt: new Date(Number(a["endTime"]) * 1000).toISOString(),
        },
        `vote-opened:${fact}:${String(a["proposalId"])}`,
        e.blockNumber,
      );
    } else if (e.name === "ProposalFinalized") {
      const kind = await proposalKind(sql, chainId, e.address, String(a["proposalId"]));
      await send(
        await holdersAt(sql, chainId, e.token, e.blockNumber, e.logIndex),
        "VOTE_DECIDED",
        { ...ref, proposalKind: kind, approved: a["approved"] === true },
        `vote-decided:${fact}:${String(a["proposalId"])}`,
        e.blockNumber,
      );
    } else if (e.name === "ProceedsDeposited") {
      const sale = { proceeds: String(a["proceeds"]), supplyAtClose: String(a["supplyAtClose"]) };
      for (const h of await holdingsAt(sql, chainId, e.token, e.blockNumber, e.logIndex)) {
        const amount = coinAmount(payoutFor(BigInt(h.units), sale), property);
        if (amount === null) continue;
        await send(
          [h],
          "PROCEEDS_DEPOSITED",
          {
            ...ref,
            units: h.units,
            amount,
            currency: property.currency,
          },
          `proceeds-deposited:${fact}:${h.userId}`,
          e.blockNumber,
        );
      }
    } else if (e.name === "Redeemed") {
      const amount = coinAmount(BigInt(String(a["payout"])), property);
      if (amount === null) return;
      await send(
        await usersOf(sql, [String(a["holder"])]),
        "REDEMPTION_PAID",
        {
          ...ref,
          units: String(a["units"]),
          amount,
          currency: property.currency,
        },
        `redemption-paid:${chainId}:${e.blockNumber}:${e.logIndex}`,
        e.blockNumber,
      );
    }
  }
}

function distributorNotice(name: string) {
  return Object.hasOwn(DISTRIBUTOR_NOTICES, name)
    ? DISTRIBUTOR_NOTICES[name as keyof typeof DISTRIBUTOR_NOTICES]
    : null;
}

/** In a rollback's transaction: the notifications of the ranges past the fork block go with them. */
export async function forgetRolledBack(client: pg.PoolClient, chainId: number, fork: number): Promise<number> {
  const deleted = await client.query('DELETE FROM notifications WHERE "chainId" = $1 AND "chainBlock" > $2', [
    chainId,
    fork,
  ]);
  return deleted.rowCount ?? 0;
}

async function propertyRef(sql: NotifySql, propertyId: string): Promise<PropertyRef | null> {
  const { rows } = await sql.query<PropertyRef>(
    `SELECT id::text AS "propertyId", name AS "propertyName", currency FROM properties WHERE id = $1::uuid`,
    [propertyId],
  );
  return rows[0] ?? null;
}

/** The property of a token launched by its owner or manager. */
/** The token's property, and the decimals of the coin the token was launched with (null when unknown). */
async function tokenProperty(
  sql: NotifySql,
  chainId: number,
  token: string,
): Promise<(PropertyRef & { decimals: number | null }) | null> {
  const { rows } = await sql.query<PropertyRef & { decimals: number | null }>(
    `SELECT p.id::text AS "propertyId", p.name AS "propertyName", p.currency, o."paymentDecimals" AS decimals
     FROM chain_offerings o JOIN properties p ON p.id = o."propertyId"
     WHERE o."chainId" = $1 AND o.token = $2 AND ${launchedByStakeholder("o", "p")}
     LIMIT 1`,
    [chainId, token],
  );
  return rows[0] ?? null;
}

async function followers(sql: NotifySql, propertyId: string): Promise<Recipient[]> {
  const { rows } = await sql.query<Recipient>(
    `SELECT "userId"::text AS "userId" FROM property_follows WHERE "propertyId" = $1::uuid ORDER BY "userId"`,
    [propertyId],
  );
  return rows;
}

/** The users behind the offering's subscribers, less those with a `settled` event (already claimed or refunded). */
async function subscribers(
  sql: NotifySql,
  chainId: number,
  offering: string,
  settled?: "Claimed" | "Refunded",
): Promise<Recipient[]> {
  const { rows } = await sql.query<Recipient>(
    `SELECT DISTINCT u.id::text AS "userId"
     FROM chain_events s JOIN users u ON u.address = s.args->>'investor'
     WHERE s."chainId" = $1 AND s.address = $2 AND s.name = 'Subscribed'
       AND NOT EXISTS (SELECT 1 FROM chain_events x WHERE x."chainId" = $1 AND x.address = $2 AND x.name = $3
                         AND x.args->>'investor' = s.args->>'investor')
     ORDER BY 1`,
    [chainId, offering, settled ?? ""],
  );
  return rows;
}

/** The users holding units of `token` just before the event at (block, logIndex): the deposit's snapshot. */
async function holdersAt(
  sql: NotifySql,
  chainId: number,
  token: string,
  block: number,
  logIndex: number,
): Promise<Recipient[]> {
  return (await holdingsAt(sql, chainId, token, block, logIndex)).map(({ userId }) => ({ userId }));
}

/** The users holding units of `token` just before the event at (block, logIndex), with their units. */
async function holdingsAt(
  sql: NotifySql,
  chainId: number,
  token: string,
  block: number,
  logIndex: number,
): Promise<(Recipient & { units: string })[]> {
  const { rows } = await sql.query<Recipient & { units: string }>(
    `WITH moves AS (
       SELECT "toAddr" AS holder, amount FROM chain_events
       WHERE "chainId" = $1 AND address = $2 AND name = 'Transfer' AND ("blockNumber", "logIndex") < ($3, $4)
       UNION ALL
       SELECT "fromAddr", -amount FROM chain_events
       WHERE "chainId" = $1 AND address = $2 AND name = 'Transfer' AND ("blockNumber", "logIndex") < ($3, $4)
     )
     SELECT u.id::text AS "userId", SUM(m.amount)::text AS units FROM moves m JOIN users u ON u.address = m.holder
     WHERE m.holder <> $5 GROUP BY u.id HAVING SUM(m.amount) > 0 ORDER BY 1`,
    [chainId, token, block, logIndex, ZERO],
  );
  return rows;
}

/** The kind of the governor's proposal `id` (from its stored ProposalCreated). */
async function proposalKind(sql: NotifySql, chainId: number, governor: string, id: string) {
  const { rows } = await sql.query<{ kind: string }>(
    `SELECT args->>'kind' AS kind FROM chain_events
     WHERE "chainId" = $1 AND address = $2 AND name = 'ProposalCreated' AND args->>'proposalId' = $3 LIMIT 1`,
    [chainId, governor, id],
  );
  return PROPOSAL_KINDS[Number(rows[0]?.kind)] ?? "unknown";
}

/** The month (YYYY-MM) of the property's closed period whose statement the deposit names, if one matches. */
async function paidPeriod(sql: NotifySql, propertyId: string, statementHash: string | null): Promise<string | null> {
  if (!statementHash) return null;
  const { rows } = await sql.query<{ period: string }>(
    `SELECT to_char(make_date(year, month, 1), 'YYYY-MM') AS period FROM financial_periods
     WHERE "propertyId" = $1::uuid AND status = 'CLOSED' AND "statementSha256" = $2 LIMIT 1`,
    [propertyId, statementHash.replace(/^0x/, "").toLowerCase()],
  );
  return rows[0]?.period ?? null;
}

async function orderSeller(sql: NotifySql, chainId: number, settlement: string, orderId: string) {
  const { rows } = await sql.query<{ seller: string }>(
    `SELECT args->>'seller' AS seller FROM chain_events
     WHERE "chainId" = $1 AND address = $2 AND name = 'OrderPosted' AND args->>'orderId' = $3 LIMIT 1`,
    [chainId, settlement, orderId],
  );
  return rows[0]?.seller ?? null;
}

/** Units of order `orderId` still for sale right after the fill at `at`: posted less every fill up to it. */
async function orderRemaining(
  sql: NotifySql,
  chainId: number,
  settlement: string,
  orderId: string,
  at: { blockNumber: number; logIndex: number },
): Promise<string | null> {
  const { rows } = await sql.query<{ remaining: string | null }>(
    `SELECT ((SELECT (args->>'units')::numeric FROM chain_events
               WHERE "chainId" = $1 AND address = $2 AND name = 'OrderPosted' AND args->>'orderId' = $3 LIMIT 1)
             - COALESCE((SELECT SUM((args->>'units')::numeric) FROM chain_events
               WHERE "chainId" = $1 AND address = $2 AND name = 'OrderFilled' AND args->>'orderId' = $3
                 AND ("blockNumber", "logIndex") <= ($4::int, $5::int)), 0))::text AS remaining`,
    [chainId, settlement, orderId, at.blockNumber, at.logIndex],
  );
  return rows[0]?.remaining ?? null;
}

async function usersOf(sql: NotifySql, wallets: readonly string[]): Promise<Recipient[]> {
  const { rows } = await sql.query<Recipient>(
    `SELECT id::text AS "userId" FROM users WHERE address = ANY($1::text[]) ORDER BY 1`,
    [wallets],
  );
  return rows;
}
