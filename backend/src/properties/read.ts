/**
 * The hot read paths (search and detail), in SQL on the shared pool: Prisma's query compiler costs several
 * milliseconds per complex query here, ten times the query itself. PostgreSQL builds each response body's JSON
 * in the documented schema, with the presenters' key order and formats (tests compare them byte for byte), so
 * Node neither parses rows nor serialises them again; the visibility rules are those of access.ts.
 */
import type pg from "pg";
import type { z } from "zod";
import { hasRole, type Actor } from "../auth/actor.ts";
import type { Property } from "../generated/prisma/client.ts";
import { decodeCursor, encodeCursor } from "../core/cursor.ts";
import { NotFoundError, UnauthenticatedError } from "../core/errors.ts";
import { closedSetLiteral, pageRows, parameters } from "../db/prepared.ts";
import { isoTimestamp } from "../db/json-text.ts";
import { distinctKeys, turnBatcher } from "../db/turn-batch.ts";
import { canSee, PUBLIC_STATUSES, seesEverything, STAKEHOLDER_ROLE } from "./access.ts";
import type { ListPropertiesQuery } from "./schemas.ts";

type ListQuery = z.infer<typeof ListPropertiesQuery>;

/**
 * What each sort orders by, per direction. A valuation sorts its missing ones last both ways, as an infinity at the
 * far end (the expression indexes of migration list_seek serve both): a keyset condition on one expression, unlike
 * "greater, or missing", is a range an index can seek to, so a page after a cursor does not walk the pages before it.
 */
const SORT_KEY = {
  createdAt: { asc: `"createdAt"`, desc: `"createdAt"` },
  name: { asc: `name`, desc: `name` },
  valuation: {
    asc: `coalesce("currentValuation", 'Infinity'::numeric)`,
    desc: `coalesce("currentValuation", '-Infinity'::numeric)`,
  },
} as const;
const PUBLIC_SQL = `status IN (${PUBLIC_STATUSES.map((s) => `'${s}'`).join(",")})`;

/**
 * The tsquery of a search text (`$n`) against the `search` column (migration scale_search, GIN-indexed): its words
 * as that column's configuration splits them (plainto_tsquery: operators and quotes in the text are plain
 * characters), all required, the last one as a prefix (search as you type: "lisb" finds Lisbon). The query's
 * text form is read back as a tsquery, which does not split words again. A text without a word (punctuation only)
 * is an empty query, which matches nothing.
 */
const wordsQuery = (text: string): string =>
  `regexp_replace(plainto_tsquery('simple', ${text})::text, '''$', ''':*')::tsquery`;

/**
 * A page row's card (`PropertySummary` JSON text), read from the property's stored card (property_cards, kept by the
 * triggers of migration list_cards, which build it in the presenters' key order and formats): its body, then the
 * governing offering on chain `chain` (a text parameter) as `chain`, null before launch. Null only if a property had
 * no stored card, which the triggers rule out.
 */
const card = (chain: string, rows = "properties"): string =>
  `(SELECT c.body || ',"chain":' || coalesce(c.chains ->> ${chain}, 'null') || '}' FROM property_cards c WHERE c."propertyId" = ${rows}.id)`;

/**
 * The cursor's sort key in full precision, from the sort key `key`: createdAt with microseconds (a millisecond cursor
 * would skip or repeat rows created within the same millisecond), valuation as the column's text, null when missing.
 */
const CURSOR_KEY = {
  createdAt: (key: string) => `to_char(${key}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  name: (key: string) => key,
  valuation: (key: string) => `nullif(nullif(${key}, 'Infinity'), '-Infinity')::text`,
} as const;

/** What the first value of a cursor holds for each sort (the decoder refuses anything else with a 400). */
const CURSOR_KIND = { createdAt: "timestamp", name: "text", valuation: "decimal-or-null" } as const;

/** A cursor's first value (`value`, a parameter) as the sort key it stands for: a missing valuation is its infinity. */
const CURSOR_VALUE = {
  createdAt: (value: string) => `${value}::timestamp`,
  name: (value: string) => value,
  valuation: (value: string, order: "asc" | "desc") =>
    `coalesce(${value}::numeric, '${order === "asc" ? "" : "-"}Infinity'::numeric)`,
} as const;

interface PageRow {
  id: string;
  key: string | null;
  card: string | null;
}

/**
 * One page of the search, as the response body's JSON text `{"items":[PropertySummary...],"nextCursor":...}`, in one
 * statement (listPageSql): the page's rows in keyset order with their stored cards, and one extra row that tells
 * whether a next page exists. PostgreSQL returns each card as JSON text, so Node neither parses rows nor serialises
 * them again.
 */
export async function listPropertiesJson(
  pool: pg.Pool,
  actor: Actor | null,
  q: ListQuery,
  chainId: number,
): Promise<string> {
  const rows = await pageRows<PageRow>(pool, listPageSql(actor, q, chainId));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor([last.key, last.id]) : null;
  const cards = page.map((row) => {
    if (row.card === null) throw new Error(`property ${row.id} has no stored card (migration list_cards triggers)`);
    return row.card;
  });
  return `{"items":[${cards.join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/**
 * The scope's visibility rules as WHERE clauses (access.ts): the marketplace asks for public properties only, so a
 * signed-in manager's drafts or an officer's review queue never appear among them (12.15); own and review lists
 * ask for them by name.
 */
function visibility(actor: Actor | null, q: ListQuery, arg: (value: unknown) => string): string[] {
  if (q.scope === "public") return [PUBLIC_SQL];
  if (q.scope === "mine") {
    if (!actor) throw new UnauthenticatedError("scope=mine lists the caller's own properties: sign in first");
    const me = arg(actor.id);
    const own = `("ownerId" = ${me}::uuid OR "managerId" = ${me}::uuid)`;
    // without the PROPERTY_MANAGER role the owner of record has no stakeholder rights (12.5): public ones only
    return hasRole(actor, STAKEHOLDER_ROLE) ? [own] : [own, PUBLIC_SQL];
  }
  if (seesEverything(actor)) return [];
  if (actor && hasRole(actor, STAKEHOLDER_ROLE)) {
    const me = arg(actor.id);
    return [`(${PUBLIC_SQL} OR "ownerId" = ${me}::uuid OR "managerId" = ${me}::uuid)`];
  }
  return [PUBLIC_SQL];
}

/**
 * The statement of one page (id, the cursor's sort key and the card on chain `chainId`, `limit + 1` rows), its
 * parameters, and whether it may be prepared. The card's expression sits above the ORDER BY and LIMIT, so PostgreSQL
 * evaluates it for the returned rows only (list-plans.test.ts counts the stored cards it reads).
 * Its plan must be made for its values: a plan made for any value (the generic plan a prepared statement gets after
 * its first runs) cannot tell a rare combination of filters from a common one (cities, types and countries are
 * correlated; valuation ranges are rare or common), walks the sort index for it and reads the whole table when the
 * combination matches few rows (city=Lisbon&type=MULTIFAMILY over 100,000 properties: 18 ms instead of 1.5). So the
 * filters from closed sets (status, type, country) are literals in the text, and a statement whose every other
 * parameter leaves the plan alone (the chain id, which only picks a card's offering, and a search's words, which
 * PostgreSQL never estimates: searchPageSql) is prepared (`prepare`): PostgreSQL parses and plans each text once per
 * connection, and a page then costs it a third of what it did (issue 17: 0.17 ms instead of 0.5, one at a time).
 * A city, a valuation range, an owner or manager, the caller's own id and a cursor are parameters whose values the
 * plan depends on: their pages run unnamed, planned for their values on every run. The benchmark prints the plan.
 */
export function listPageSql(
  actor: Actor | null,
  q: ListQuery,
  chainId: number,
): { sql: string; args: unknown[]; prepare: boolean } {
  const { args, arg } = parameters();
  // a parameter the plan depends on: the statement then runs unnamed
  let planned = false;
  const planArg = (value: unknown): string => {
    planned = true;
    return arg(value);
  };
  const chain = `${arg(String(chainId))}::text`;
  const scope = visibility(actor, q, planArg);
  const filters: string[] = [];
  if (q.status) filters.push(`status = ${closedSetLiteral(q.status)}::"PropertyStatus"`);
  if (q.type) filters.push(`type = ${closedSetLiteral(q.type)}::"PropertyType"`);
  if (q.country) filters.push(`country = ${closedSetLiteral(q.country)}::char(2)`);
  if (q.city) filters.push(`lower(city) = lower(${planArg(q.city)})`);
  // Sorted by valuation, the range is also stated on the sort key (which it implies), so that the sort key's index
  // seeks to the range instead of walking every valuation above or below it.
  const sortKey = SORT_KEY[q.sort][q.order];
  const valued = q.sort === "valuation" ? [`"currentValuation"`, sortKey] : [`"currentValuation"`];
  if (q.minValuation) {
    const min = planArg(q.minValuation);
    for (const key of valued) filters.push(`${key} >= ${min}::numeric`);
  }
  if (q.maxValuation) {
    const max = planArg(q.maxValuation);
    for (const key of valued) filters.push(`${key} <= ${max}::numeric`);
  }
  if (q.ownerId) filters.push(`"ownerId" = ${planArg(q.ownerId)}::uuid`);
  if (q.managerId) filters.push(`"managerId" = ${planArg(q.managerId)}::uuid`);
  const cursor = decodeCursor(q.cursor, [CURSOR_KIND[q.sort], "uuid"]);
  if (cursor) {
    // (key, id) past the cursor's as one row comparison, which an index seeks to (migration list_seek)
    const [value, id] = cursor as [string | null, string];
    const after = `(${CURSOR_VALUE[q.sort](planArg(value), q.order)}, ${planArg(id)}::uuid)`;
    scope.push(`(${sortKey}, id) ${q.order === "asc" ? ">" : "<"} ${after}`);
  }
  const dir = q.order === "asc" ? "ASC" : "DESC";
  const page: Page = { sortKey, dir, cursorKey: CURSOR_KEY[q.sort], rows: q.limit + 1, chain };
  const sql = q.q
    ? searchPageSql(page, scope, filters, wordsQuery(arg(q.q)))
    : plainPageSql(page, [...scope, ...filters]);
  return { sql, args, prepare: !planned };
}

/** What both forms of the page statement share: the sort, the cursor's key, the rows to return, the chain's parameter. */
interface Page {
  /** The sort key's expression over a properties row. */
  sortKey: string;
  dir: "ASC" | "DESC";
  /** The cursor's first value, from the sort key. */
  cursorKey: (key: string) => string;
  rows: number;
  chain: string;
}

/** The page's order over `key`, the sort key's expression or a column holding it, then id. */
const orderBy = (page: Page, key = page.sortKey): string => `${key} ${page.dir}, id ${page.dir}`;

const whereClause = (conditions: string[]): string => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");

/** A list without words: PostgreSQL's plan for the filters, which the list indexes serve (list-plans.test.ts). */
function plainPageSql(page: Page, where: string[]): string {
  return `SELECT id, ${page.cursorKey(page.sortKey)} AS key, ${card(page.chain)} AS card FROM properties ${whereClause(where)}
    ORDER BY ${orderBy(page)} LIMIT ${page.rows}`;
}

/** A search's first walk, in rows of the scope per row of the page (searchPageSql). */
const SEARCH_NEAR_WALK = 8;
/** How many pages of matches a search counts, at most, before it sorts them all. */
const SEARCH_COUNTED_PAGES = 4;
/**
 * A search's second walk: enough rows to meet the page's last match with probability above 99.99% when 1 row of the
 * scope in 50 matches (the kth of matches spread at random falls within `k + 4 sqrt(k) + 5` mean gaps).
 */
const farWalk = (rows: number): number => Math.ceil(50 * (rows + 4 * Math.sqrt(rows) + 5));

/**
 * A search's page, in one statement whose every read is bounded by the matches or by a fixed walk, whatever
 * PostgreSQL would estimate. Left to its estimates, PostgreSQL multiplied the words' shares (and the filters'), which
 * is wrong for words that are each common but seldom together ("Lisbon Porto": 1 property in 36 expected, none
 * there); it then walked the sort's index expecting a match every few dozen rows, through the whole table (30 ms over
 * 100,000 properties). So the words reach the plan as a value computed once (`words`), which PostgreSQL does not
 * estimate (that also saves the 0.3 ms of estimating a prefix), and the statement tries the cheapest bounded read
 * first:
 * 1. `near` walks the scope (visibility and cursor) in the page's order, SEARCH_NEAR_WALK rows per row of the page,
 *    and keeps the matches: when they fill the page, they are its first rows. Common words stop here.
 * 2. When near's matches say that `far` will find two pages, `far` walks farWalk rows and, when its matches fill
 *    the page, they are the page. A common word with a narrow filter stops here, without reading the GIN index's
 *    long list for that word.
 * 3. Otherwise `matches` (every match, read through the GIN index and the filters' indexes) is read until it shows
 *    more than SEARCH_COUNTED_PAGES pages of matches. When it does not, those are all the matches, sorted. Rare words
 *    stop here.
 * 4. Otherwise `far`, if not tried yet; failing that, every match, sorted: they are then fewer than about 1 in 50
 *    rows of the scope.
 * `choice` takes each count only when the one before leaves the question open (CASE, and PostgreSQL evaluates a
 * subquery when it is first needed), and every branch but the chosen one stops at its one-time filter, so only the
 * reads a page needs run. The page's cards are read for its rows only. list-plans.test.ts holds every search to a
 * page's budget of rows and its pages to the matches in order.
 */
function searchPageSql(page: Page, scope: string[], filters: string[], tsquery: string): string {
  const { rows } = page;
  const matching = [...filters, `search @@ (SELECT q FROM words)`];
  // Each read keeps the id and the sort key (as sort_key). A walk's stretch hands its sort key up as a column, so
  // PostgreSQL knows the stretch is in the page's order and stops at the page instead of sorting the stretch.
  const walk = (name: string, scopeRows: number): string =>
    `${name} AS MATERIALIZED (SELECT id, sort_key FROM
      (SELECT *, ${page.sortKey} AS sort_key FROM properties ${whereClause(scope)} ORDER BY ${orderBy(page)} LIMIT ${scopeRows}) scope
      ${whereClause(matching)} ORDER BY ${orderBy(page, "sort_key")} LIMIT ${rows})`;
  const counted = SEARCH_COUNTED_PAGES * rows;
  const nearForeseesFar = Math.ceil((2 * rows * SEARCH_NEAR_WALK * rows) / farWalk(rows));
  const branch = (n: number) => `(SELECT branch FROM choice) = ${n}`;
  const sorted = orderBy(page, "sort_key");
  return `WITH words AS MATERIALIZED (SELECT ${tsquery} AS q),
    ${walk("near", SEARCH_NEAR_WALK * rows)}, ${walk("far", farWalk(rows))},
    matches AS MATERIALIZED (SELECT id, ${page.sortKey} AS sort_key FROM properties ${whereClause([...scope, ...matching])}),
    choice AS MATERIALIZED (SELECT CASE
      WHEN (SELECT count(*) FROM near) = ${rows} THEN 1
      WHEN (SELECT count(*) FROM near) >= ${nearForeseesFar}
        AND (SELECT count(*) FROM far) = ${rows} THEN 2
      WHEN (SELECT count(*) FROM (SELECT FROM matches LIMIT ${counted + 1}) m) <= ${counted} THEN 3
      WHEN (SELECT count(*) FROM far) = ${rows} THEN 2
      ELSE 3 END AS branch)
    SELECT id, ${page.cursorKey("sort_key")} AS key, ${card(page.chain, "page")} AS card FROM (
      SELECT id, sort_key FROM near WHERE ${branch(1)}
      UNION ALL SELECT id, sort_key FROM far WHERE ${branch(2)}
      UNION ALL (SELECT id, sort_key FROM matches WHERE ${branch(3)} ORDER BY ${sorted} LIMIT ${rows})
    ) page ORDER BY ${sorted}`;
}

/** A calendar date as `YYYY-MM-DD` (toDateOnly). */
const day = (column: string): string => `to_char(${column}, 'YYYY-MM-DD')`;
/** A decimal as Prisma.Decimal#toString prints it (no trailing zeros). */
const dec = (column: string): string => `trim_scale(${column})::text`;
/** A JSON array of compact rows: `[` + row_to_json of each + `]` (json_agg would add whitespace). */
const array = (row: string, from: string, where: string, order: string): string =>
  `(SELECT ('[' || coalesce(string_agg(row_to_json(r)::text, ',' ORDER BY ${order}), '') || ']')::json FROM ${from}, LATERAL (${row}) r WHERE ${where})`;

/** Newest approved first, as `latestApprovedValuation` (valuations/service.ts) orders them. */
const APPROVED_ORDER = `"valuedOn" DESC, "decidedAt" DESC, "createdAt" DESC`;

/**
 * The details (`PropertyDetail`: presentProperty + title with encumbrances, documents, units, the five newest
 * approved valuations, the governing offering on the configured chain as on the list's cards) of the properties
 * `$1` as one statement that builds each response's JSON, in the presenters' key order and formats.
 */
const DETAIL_SQL = `SELECT p.id, p.status, p."ownerId", p."managerId", p.version, row_to_json(d)::text AS json
FROM properties p, LATERAL (SELECT p.id, p."ownerId", p."managerId", p.name, p.description, p.type, p.status,
  (SELECT a FROM (SELECT p."addressLine1" AS line1, p."addressLine2" AS line2, p.city, p.region, p."postalCode", p.country) a) AS address,
  (SELECT c FROM (SELECT trim_scale(p.latitude) AS latitude, trim_scale(p.longitude) AS longitude) c WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL) AS coordinates,
  (SELECT s FROM (SELECT ${dec(`p."landAreaSqm"`)} AS "landAreaSqm", ${dec(`p."floorAreaSqm"`)} AS "floorAreaSqm", p."yearBuilt", p.floors, p.bedrooms,
    p.bathrooms, p."parkingSpaces", p.amenities) s) AS specifications,
  p.currency, ${dec(`p."currentValuation"`)} AS "currentValuation", ${isoTimestamp(`p."statusChangedAt"`)} AS "statusChangedAt", p."statusChangedById",
  p."rejectionReason", p.version, ${isoTimestamp(`p."createdAt"`)} AS "createdAt", ${isoTimestamp(`p."updatedAt"`)} AS "updatedAt",
  (SELECT t FROM land_titles lt, LATERAL (SELECT lt.id, lt."propertyId", lt.jurisdiction, lt."titleNumber", lt."parcelId", lt."registryOffice",
      lt."ownerOfRecord", lt.tenure, ${day(`lt."leaseholdExpiresOn"`)} AS "leaseholdExpiresOn", ${dec(`lt."areaSqm"`)} AS "areaSqm", lt."documentId",
      lt."documentSha256", lt.status, lt."verifiedById", ${isoTimestamp(`lt."verifiedAt"`)} AS "verifiedAt", lt."rejectionReason",
      (SELECT an FROM (SELECT lt."anchorChainId" AS "chainId", lt."anchorTxHash" AS "txHash", ${isoTimestamp(`lt."anchoredAt"`)} AS "anchoredAt") an
        WHERE lt."anchorChainId" IS NOT NULL AND lt."anchorTxHash" <> '' AND lt."anchoredAt" IS NOT NULL) AS anchor,
      ${array(
        `SELECT e.id, e.kind, e.holder, e.description, ${dec("e.amount")} AS amount, e.currency, e.reference, ${day(`e."registeredOn"`)} AS "registeredOn",
        ${day(`e."releasedOn"`)} AS "releasedOn", e."releasedOn" IS NULL AS active`,
        `encumbrances e`,
        `e."titleId" = lt.id`,
        `e."registeredOn", e."createdAt"`,
      )} AS encumbrances,
      lt.version, ${isoTimestamp(`lt."createdAt"`)} AS "createdAt") t
    WHERE lt."propertyId" = p.id) AS title,
  ${array(`SELECT doc.id, doc."propertyId", doc.kind, doc."fileName", doc."contentType", doc."sizeBytes", doc.sha256, doc."uploadedById", ${isoTimestamp(`doc."createdAt"`)} AS "createdAt"`, `property_documents doc`, `doc."propertyId" = p.id`, `doc."createdAt", doc.id`)} AS documents,
  ${array(`SELECT u.id, u."propertyId", u.label, ${dec(`u."floorAreaSqm"`)} AS "floorAreaSqm", u.bedrooms, ${isoTimestamp(`u."createdAt"`)} AS "createdAt"`, `property_units u`, `u."propertyId" = p.id`, `u.label`)} AS units,
  ${array(
    `SELECT v.id, ${dec("v.amount")} AS amount, v.currency, v.method, v.valuer, ${day(`v."valuedOn"`)} AS "valuedOn", v."reportSha256", v."recordedById", ${isoTimestamp(`v."createdAt"`)} AS "createdAt"`,
    `(SELECT * FROM valuations WHERE "propertyId" = p.id AND status = 'APPROVED' ORDER BY ${APPROVED_ORDER} LIMIT 5) v`,
    "true",
    `v."valuedOn" DESC, v."decidedAt" DESC, v."createdAt" DESC`,
  )} AS "recentValuations",
  (SELECT c.chains -> $2::text FROM property_cards c WHERE c."propertyId" = p.id) AS chain
) d
WHERE p.id = ANY($1::uuid[])`;

interface DetailRow {
  id: string;
  status: Property["status"];
  ownerId: string;
  managerId: string | null;
  version: number;
  json: string;
}

/**
 * The property pages requested in one turn of the event loop, read by one statement (DETAIL_SQL, prepared; see
 * db/turn-batch.ts): measured in issue 17, 1.9 times the uncached page's requests per second.
 */
function detailPages(pool: pg.Pool, chainId: number) {
  return turnBatcher<string, DetailRow | null>(pool, `property-detail:${chainId}`, async (ids) => {
    // PostgreSQL prints a uuid in lower case; a request may name it in either case
    const { distinct, spread } = distinctKeys(ids, (id) => id.toLowerCase());
    const { rows } = await pool.query<DetailRow>({
      name: "pd_json",
      text: DETAIL_SQL,
      values: [distinct, String(chainId)],
    });
    return spread(rows, (row) => row.id).map((row) => row ?? null);
  });
}

/**
 * One property as the response body's JSON text, with its version (the ETag), after the visibility check:
 * an invisible property is a 404, as if it did not exist.
 */
export async function getPropertyDetailJson(
  pool: pg.Pool,
  actor: Actor | null,
  id: string,
  chainId: number,
): Promise<{ json: string; version: number; status: Property["status"] }> {
  const p = await detailPages(pool, chainId).load(id);
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  return { json: p.json, version: p.version, status: p.status };
}
