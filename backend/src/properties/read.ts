/**
 * The hot read paths (search and detail), in SQL on the shared pool: Prisma's query compiler costs several
 * milliseconds per complex query here, ten times the query itself. Rows come back shaped exactly like Prisma's
 * models (see db/pool.ts), so the same presenters serve them, and the same visibility rules apply (access.ts).
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import type { Encumbrance, LandTitle, Property, PropertyDocument, PropertyUnit, Valuation } from "../generated/prisma/client.ts";
import { decodeCursor, encodeCursor } from "../http/cursor.ts";
import { NotFoundError, ValidationError } from "../http/errors.ts";
import { canSee, PUBLIC_STATUSES, seesEverything } from "./access.ts";
import type { ListPropertiesQuery } from "./schemas.ts";

type ListQuery = z.infer<typeof ListPropertiesQuery>;

const SORT_COLUMN = { createdAt: `"createdAt"`, name: `name`, valuation: `"currentValuation"` } as const;
const PUBLIC_SQL = `status IN (${PUBLIC_STATUSES.map((s) => `'${s}'`).join(",")})`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stable prepared-statement name for a SQL text (there are finitely many filter combinations). */
function statementName(sql: string): string {
  return `pl_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
}

function badCursor(): never {
  throw new ValidationError("the cursor is not one this API returned", [{ path: "query.cursor", message: "invalid" }]);
}

/**
 * A summary row as PostgreSQL builds it: the columns of `PropertySummaryView` in its key order, nested objects
 * as sub-rows (row_to_json prints compact JSON), with the presenters' formats: coordinates as JSON numbers
 * (trim_scale: 38.100000 -> 38.1, as Number() prints it), amounts as the column's text, times as
 * Date#toISOString prints them (timestamps are stored as UTC). `coordinates` is null unless both are set.
 */
const SUMMARY_ROW = `SELECT page.id, page.name, page.type, page.status,
    (SELECT a FROM (SELECT page.city, page.region, page.country) a) AS address,
    (SELECT c FROM (SELECT trim_scale(page.latitude) AS latitude, trim_scale(page.longitude) AS longitude) c
      WHERE page.latitude IS NOT NULL AND page.longitude IS NOT NULL) AS coordinates,
    page."floorAreaSqm"::text AS "floorAreaSqm", page.bedrooms, page.currency,
    page."currentValuation"::text AS "currentValuation", page."ownerId", page."managerId",
    to_char(page."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", page.version`;

/**
 * The cursor's sort key in full precision: createdAt with microseconds (a millisecond cursor would skip or
 * repeat rows created within the same millisecond), valuation as the column's text.
 */
const CURSOR_KEY = {
  createdAt: `to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  name: `name`,
  valuation: `"currentValuation"::text`,
} as const;

interface PageRow {
  items: string;
  rows: number;
  lastKey: string | null;
  lastId: string | null;
}

/**
 * One page of the search, as the response body's JSON text `{"items":[PropertySummary...],"nextCursor":...}`:
 * PostgreSQL builds the JSON, so Node neither parses rows nor serialises them again. Visibility, filters and
 * keyset order are in the WHERE clause; one extra row tells whether a next page exists.
 */
export async function listPropertiesJson(pool: pg.Pool, actor: Actor | null, q: ListQuery): Promise<string> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (value: unknown): string => {
    args.push(value);
    return `$${args.length}`;
  };
  if (!seesEverything(actor)) {
    if (actor) {
      const me = arg(actor.id);
      where.push(`(${PUBLIC_SQL} OR "ownerId" = ${me}::uuid OR "managerId" = ${me}::uuid)`);
    } else {
      where.push(PUBLIC_SQL);
    }
  }
  if (q.status) where.push(`status = ${arg(q.status)}::"PropertyStatus"`);
  if (q.type) where.push(`type = ${arg(q.type)}::"PropertyType"`);
  if (q.country) where.push(`country = ${arg(q.country)}::char(2)`);
  if (q.city) where.push(`lower(city) = lower(${arg(q.city)})`);
  if (q.minValuation) where.push(`"currentValuation" >= ${arg(q.minValuation)}::numeric`);
  if (q.maxValuation) where.push(`"currentValuation" <= ${arg(q.maxValuation)}::numeric`);
  if (q.q) where.push(`name ILIKE ${arg(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  if (q.ownerId) where.push(`"ownerId" = ${arg(q.ownerId)}::uuid`);
  if (q.managerId) where.push(`"managerId" = ${arg(q.managerId)}::uuid`);
  const column = SORT_COLUMN[q.sort];
  const op = q.order === "asc" ? ">" : "<";
  const cursor = decodeCursor(q.cursor, 2);
  if (cursor) {
    const [value, id] = cursor;
    if (typeof id !== "string" || !UUID.test(id)) badCursor();
    const idArg = arg(id);
    if (value === null) {
      if (q.sort !== "valuation") badCursor();
      where.push(`("currentValuation" IS NULL AND id ${op} ${idArg}::uuid)`);
    } else {
      const text = String(value);
      if (q.sort === "createdAt" && Number.isNaN(Date.parse(text))) badCursor();
      if (q.sort === "valuation" && !/^\d{1,20}(\.\d{1,2})?$/.test(text)) badCursor();
      const cast = q.sort === "createdAt" ? "::timestamp" : q.sort === "valuation" ? "::numeric" : "";
      const v = `${arg(text)}${cast}`;
      where.push(`(${column} ${op} ${v} OR (${column} = ${v} AND id ${op} ${idArg}::uuid)${q.sort === "valuation" ? ` OR ${column} IS NULL` : ""})`);
    }
  }
  const nulls = q.sort === "valuation" ? " NULLS LAST" : "";
  const order = `${column} ${q.order.toUpperCase()}${nulls}, id ${q.order.toUpperCase()}`;
  const sql = `SELECT '[' || coalesce(string_agg(row_to_json(s)::text, ',' ORDER BY page._rn) FILTER (WHERE page._rn <= ${q.limit}), '') || ']' AS items,
      count(*)::int AS rows, max(page._key) FILTER (WHERE page._rn = ${q.limit}) AS "lastKey", max(page.id::text) FILTER (WHERE page._rn = ${q.limit}) AS "lastId"
    FROM (SELECT *, ${CURSOR_KEY[q.sort]} AS _key, row_number() OVER (ORDER BY ${order}) AS _rn
          FROM properties ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ${q.limit + 1}) page,
      LATERAL (${SUMMARY_ROW}) s`;
  // Named (prepared) per connection: PostgreSQL plans each filter combination once instead of on every request.
  const { rows } = await pool.query<PageRow>({ name: statementName(sql), text: sql, values: args });
  const page = rows[0]!;
  const nextCursor = page.rows > q.limit && page.lastId !== null ? encodeCursor([page.lastKey, page.lastId]) : null;
  return `{"items":${page.items},"nextCursor":${JSON.stringify(nextCursor)}}`;
}

export interface PropertyDetail extends Property {
  title: (LandTitle & { encumbrances: Encumbrance[] }) | null;
  documents: PropertyDocument[];
  units: PropertyUnit[];
  valuations: Valuation[];
}

export async function getPropertyDetail(pool: pg.Pool, actor: Actor | null, id: string): Promise<PropertyDetail> {
  const [property, title, encumbrances, documents, units, valuations] = await Promise.all([
    pool.query<Property>({ name: "pd_property", text: `SELECT * FROM properties WHERE id = $1`, values: [id] }),
    pool.query<LandTitle>({ name: "pd_title", text: `SELECT * FROM land_titles WHERE "propertyId" = $1`, values: [id] }),
    pool.query<Encumbrance>({ name: "pd_encumbrances", text: `SELECT e.* FROM encumbrances e JOIN land_titles t ON t.id = e."titleId" WHERE t."propertyId" = $1 ORDER BY e."registeredOn", e."createdAt"`, values: [id] }),
    pool.query<PropertyDocument>({ name: "pd_documents", text: `SELECT * FROM property_documents WHERE "propertyId" = $1 ORDER BY "createdAt", id`, values: [id] }),
    pool.query<PropertyUnit>({ name: "pd_units", text: `SELECT * FROM property_units WHERE "propertyId" = $1 ORDER BY label`, values: [id] }),
    pool.query<Valuation>({ name: "pd_valuations", text: `SELECT * FROM valuations WHERE "propertyId" = $1 ORDER BY "valuedOn" DESC, "createdAt" DESC LIMIT 5`, values: [id] }),
  ]);
  const p = property.rows[0];
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  const t = title.rows[0];
  return { ...p, title: t ? { ...t, encumbrances: encumbrances.rows } : null, documents: documents.rows, units: units.rows, valuations: valuations.rows };
}
