/**
 * Issue 12.7: the OpenAPI-wide fuzz. Every operation of the served OpenAPI document gets requests generated from
 * its own description (path parameters, query parameters, JSON or multipart body, the headers it reads) with
 * fast-check: valid values, values from a valid request of the authorization matrix (so requests get past 404s
 * into the rules), and hostile ones (NUL and other control characters, bidi overrides, lone surrogates, extreme
 * numbers and lengths, huge amounts, date-times at and beyond years 0001..9999, forged cursors, malformed multipart,
 * text files with NUL, controls or lone surrogates inside, wrong types), sent as anonymous and as each role.
 *
 * Properties: never a 5xx; a refusal is problem+json; and a refused request changes nothing (a fingerprint of
 * every table: row count and newest row version, compared before and after).
 * Prints `fuzz: N operations covered of M, K requests sent`. FUZZ_OPENAPI_RUNS sets the requests per operation.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { encodeCursor } from "../src/core/cursor.ts";
import { PNG } from "../src/kyc/kyc.fixtures.ts";
import { CALLERS, type Caller, type MatrixRequest, type MatrixRow, type World } from "./authz/types.ts";
import { loadRows, matrixWorld } from "./support/authz-matrix.ts";
import { createTestContext, signIn, type TestContext } from "./support/harness.ts";
import { FAKE_PDF, minimalPdf } from "./support/files.ts";

const RUNS = Number(process.env["FUZZ_OPENAPI_RUNS"] ?? 10);
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

// ---- the OpenAPI document, as served

type Schema = { [key: string]: unknown };
interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  "x-access"?: unknown;
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

// ---- generators

/**
 * Instants at and beyond what PostgreSQL's timestamptz and a JavaScript Date both hold (years 0001..9999 in UTC):
 * year 0000, an offset that moves year 0001 into year 0000 or year 9999 into year 10000, five-digit and expanded
 * years; and the last and first instants that are in range. Year 0000 reached PostgreSQL once (a 500 on /audit).
 */
const EDGE_DATE_TIMES = [
  "0000-01-01T00:00:00Z",
  "0000-12-31T23:59:59.999Z",
  "0001-01-01T00:00:00+01:00",
  "0001-01-01T00:00:00Z",
  "0001-01-01T00:59:59-01:00",
  "9999-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59+01:00",
  "9999-12-31T23:59:59-01:00",
  "9999-12-31T23:00:00-23:59",
  "10000-01-01T00:00:00Z",
  "+010000-01-01T00:00:00.000Z",
  "-000001-01-01T00:00:00.000Z",
];

/** Text that has crashed or could crash a request: controls, NUL, bidi, lone surrogates, huge or odd numbers. */
const hostileText = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\u0001\u0002\u001f",
    "\u007f",
    "\u0085",
    "\u202e",
    "\ud800",
    "x\udc00y",
    "\ufeff",
    "%00",
    "'; DROP TABLE users; --",
    "../../etc/passwd",
    "\\",
    '"',
    "💥".repeat(300),
  ),
  fc.constantFrom(
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "9".repeat(40),
    "0.001",
    "1.005",
    "9999999999999999.99",
    "99999999999999999.99",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "999999999999999",
    "1000000000000000",
  ),
  fc.constantFrom(...EDGE_DATE_TIMES),
  fc.constantFrom(
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "+275760-09-13",
    "2026-13-01",
    "1970-01-01T00:00:00Z",
    "99999-01-01",
  ),
  fc.string({ maxLength: 30 }).map((s) => s + String.fromCharCode(0)),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer({ min: 1, max: 12 }).map((k) => "x".repeat(k * 1_000)),
);

/** A control character (NUL most often) slipped into an otherwise plausible string. */
const CONTROLS = ["\u0000", "\u0000", "\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u007f", "\u0085", "\ud800"];
const withControl = (base: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...CONTROLS), fc.nat({ max: base.length }))
    .map(([c, at]) => base.slice(0, at) + c + base.slice(at));

const hostileNumber = fc.constantFrom(
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  -(2 ** 31) - 1,
  2 ** 31,
  0.5,
  -0,
  1e-300,
  123456789012345,
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 2 }),
);

/**
 * What a text file (a sanctions list) must not smuggle in: NUL and other control characters, lone surrogates (as
 * the UTF-8 bytes of a surrogate, which no valid UTF-8 holds), an overlong NUL, bytes that are never UTF-8, and the
 * end-of-file marker anywhere. A NUL inside an uploaded list reached PostgreSQL once (a 500).
 */
const FILE_POISON = [
  Buffer.from("\u0000"),
  Buffer.from("\u0001"),
  Buffer.from("\u001b"),
  Buffer.from("\u007f"),
  Buffer.from("\u0085"),
  Buffer.from("\u001a"),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xed, 0xb0, 0x80]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xff, 0xfe]),
];
/** The text with one poison inserted somewhere. */
const poisoned = (text: Buffer): fc.Arbitrary<Buffer> =>
  fc
    .tuple(fc.constantFrom(...FILE_POISON), fc.nat({ max: text.length }))
    .map(([bad, at]) => Buffer.concat([text.subarray(0, at), bad, text.subarray(at)]));
const LIST_ROW = '1,"ACME TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n';
/** Text files for any upload: a list row with poison in it, or hostile text as UTF-8. */
const hostileTextFile: fc.Arbitrary<Buffer> = fc.oneof(
  poisoned(Buffer.from(LIST_ROW)),
  fc.constant(Buffer.from(LIST_ROW.replace("ACME ", "ACME\u0000 "))),
  hostileText.map((s) => Buffer.from(s, "utf8")),
);
const isTextFile = (file: File): boolean =>
  /^(text\/|application\/(xml|json|csv))/.test(file.type) || /\.(csv|xml|txt)$/i.test(file.name);

/** Cursors a client could make by hand: any JSON, truncated ones, non-base64. */
const forgedCursor = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
  fc
    .tuple(fc.oneof(hostileText, fc.uuid(), fc.constant(null), hostileNumber), fc.oneof(fc.uuid(), hostileText))
    .map((v) => encodeCursor(v as never)),
  fc.tuple(fc.uuid(), fc.nat({ max: 30 })).map(([u, n]) => encodeCursor([new Date().toISOString(), u]).slice(0, n)),
  hostileText,
);

/** Percent-encodes the UTF-8 bytes of any string (encodeURIComponent throws on lone surrogates). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s["$ref"] === "string"; i++)
    s = doc.components?.schemas?.[String(s["$ref"]).split("/").pop()!] ?? {};
  return s;
}

function formatted(format: string | undefined, ids: string[]): fc.Arbitrary<string> | undefined {
  const day = fc.date({
    min: new Date("1990-01-01T00:00:00Z"),
    max: new Date("2120-12-31T00:00:00Z"),
    noInvalidDate: true,
  });
  switch (format) {
    case "uuid":
      return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    case "date":
      return day.map((d) => d.toISOString().slice(0, 10));
    case "date-time":
      return fc.oneof(
        { weight: 4, arbitrary: day.map((d) => d.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) },
      );
    case "email":
      return fc.emailAddress();
    case "uri":
      return fc.webUrl();
    case "binary":
      return fc.string();
  }
  return undefined;
}

/** A value the schema accepts (as far as JSON Schema says; the rules behind it may still refuse it). */
function valid(doc: OpenApiDocument, raw: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (depth > 5) return fc.constant(null);
  if (Array.isArray(schema["enum"])) return fc.constantFrom(...(schema["enum"] as unknown[]));
  if ("const" in schema) return fc.constant(schema["const"]);
  for (const key of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(schema[key]))
      return fc.oneof(...(schema[key] as Schema[]).map((s) => valid(doc, s, ids, depth + 1)));
  }
  if (Array.isArray(schema["allOf"])) return valid(doc, (schema["allOf"] as Schema[])[0], ids, depth + 1);
  const type = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : [schema["type"] as string | undefined];
  if (type.length > 1) return fc.oneof(...type.map((t) => valid(doc, { ...schema, type: t }, ids, depth + 1)));
  const num = (key: string, fallback: number) => (typeof schema[key] === "number" ? (schema[key] as number) : fallback);
  switch (type[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({
        min: Math.max(num("minimum", -1_000_000), -(2 ** 31)),
        max: Math.min(num("maximum", 1_000_000), 2 ** 31 - 1),
      });
    case "number":
      return fc.double({ min: num("minimum", -1e6), max: num("maximum", 1e6), noNaN: true, noDefaultInfinity: true });
    case "string": {
      const byFormat = formatted(schema["format"] as string | undefined, ids);
      if (byFormat) return byFormat;
      const max = Math.min(num("maxLength", 40), 60);
      // A pattern decides the length it needs (a signature is 132+ characters); only the schema's bounds filter it.
      if (typeof schema["pattern"] === "string")
        return fc
          .stringMatching(new RegExp(schema["pattern"] as string))
          .filter((s) => s.length <= num("maxLength", Infinity) && s.length >= num("minLength", 0));
      return fc.string({ minLength: Math.min(num("minLength", 0), max), maxLength: max });
    }
    case "array":
      return fc.array(valid(doc, schema["items"] as Schema, ids, depth + 1), {
        minLength: num("minItems", 0),
        maxLength: Math.min(num("maxItems", 3), 3),
      });
    default: {
      const properties = (schema["properties"] ?? {}) as Record<string, Schema>;
      const required = (schema["required"] ?? []) as string[];
      if (!Object.keys(properties).length)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, inner] of Object.entries(properties)) model[key] = valid(doc, inner, ids, depth + 1);
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
  }
}

/** Replaces one leaf (or adds/removes a key) of a JSON value with something hostile. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== "object") return hostileValue;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const clone = (change: (copy: Record<string, unknown>) => void): unknown => {
    const copy: Record<string, unknown> = Array.isArray(value)
      ? ({ ...value } as Record<string, unknown>)
      : { ...(value as Record<string, unknown>) };
    change(copy);
    return Array.isArray(value) ? Object.values(copy) : copy;
  };
  const options: fc.Arbitrary<unknown>[] = [
    fc.tuple(hostileText, hostileValue).map(([k, v]) => clone((c) => (c[k] = v))),
  ];
  if (entries.length) {
    options.push(
      fc
        .constantFrom(...entries.map(([k]) => k))
        .chain((k) => mutate((value as Record<string, unknown>)[k]).map((v) => clone((c) => (c[k] = v)))),
      fc.constantFrom(...entries.map(([k]) => k)).map((k) => Object.fromEntries(entries.filter(([key]) => key !== k))),
    );
  }
  return fc.oneof(...options);
}

// ---- the world: users of every role and a valid request per operation (from the authorization matrix)

const rows: MatrixRow[] = await loadRows();

/** Every table's row count and newest row version (xmin): any insert, update or delete changes it. */
async function fingerprintQuery(c: pg.Client): Promise<string> {
  const tables = (
    await c.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    )
  ).rows.map((r) => r.t);
  return `SELECT string_agg(t || ':' || n || ':' || coalesce(x, '-'), '|' ORDER BY t) AS f FROM (${tables
    .map((t) => `SELECT '${t}' AS t, count(*) AS n, max(xmin::text::bigint)::text AS x FROM "${t}"`)
    .join(" UNION ALL ")}) s`;
}

const UUID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|0x[0-9a-fA-F]{40}/g;

interface Sent {
  status: number;
  contentType: string | null;
  text: string;
}

describe("12.7 OpenAPI-wide fuzz: every operation, every caller, hostile inputs", () => {
  let t: TestContext;
  let world: World;
  let db: pg.Client;
  let fingerprintSql: string;
  let doc: OpenApiDocument;
  const cookies = new Map<Caller, string | undefined>();
  before(async () => {
    t = await createTestContext();
    world = await matrixWorld(t);
    for (const caller of CALLERS) cookies.set(caller, caller === "anonymous" ? undefined : world.users[caller].cookie);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    fingerprintSql = await fingerprintQuery(db);
    doc = (await t.anonymous.get("/api/v1/openapi.json")).body as OpenApiDocument;
  });
  after(async () => {
    await db.end();
    await t.close();
  });

  const fingerprint = async (): Promise<string> => (await db.query<{ f: string }>(fingerprintSql)).rows[0]!.f;

  async function send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: RequestInit["body"] | undefined,
  ): Promise<Sent> {
    const res = await fetch(t.baseUrl + url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: "manual",
    });
    return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
  }

  it("never answers 5xx, refuses with problem+json, and a refused request changes nothing", async () => {
    const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ template, method: m, op: item[m]! })),
    );
    const covered = new Set<string>();
    let requests = 0;
    // Ids of real resources (from the valid requests), so generated ids sometimes name something that exists.
    const ids: string[] = [world.owner.id, world.users.investor.id];

    for (const { template, method, op } of operations) {
      const name = `${method.toUpperCase()} ${template.replace(/^\/api\/v1/, "").replace(/\{(\w+)\}/g, ":$1")}`;
      const row = rows.find((r) => r.route === name);
      const allowed = row ? (row.allow === "everyone" ? [...CALLERS] : row.allow) : [];
      const validCaller: Caller = allowed.includes("owner")
        ? "owner"
        : (allowed.find((c) => c !== "anonymous") ?? "admin");
      let sample: MatrixRequest | undefined;
      try {
        sample = row ? await row.request(world, validCaller) : undefined;
      } catch (error) {
        assert.fail(`${name}: building its valid request failed: ${String(error)}`);
      }
      for (const found of sample?.path.match(UUID_IN_PATH) ?? []) if (!ids.includes(found)) ids.push(found);
      const [validPath = template, validQuery = ""] = (sample?.path ?? template).split("?");

      const params = op.parameters ?? [];
      const templateSegments = template.split("/");
      const validSegments = validPath.split("/");
      const pathArb = fc
        .array(
          fc.oneof(
            { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
            { weight: 1, arbitrary: fc.uuid() },
            { weight: 2, arbitrary: hostileText.map(percentEncode) },
            { weight: 1, arbitrary: fc.constantFrom("%ff%fe", "%ED%A0%80", "%", "%zz", "%00", "..", "%2e%2e%2f") },
          ),
          {
            minLength: templateSegments.length,
            maxLength: templateSegments.length,
          },
        )
        .map((choices) =>
          templateSegments
            .map((segment, i) => {
              if (!/^\{\w+\}$/.test(segment)) return segment;
              const replacement = choices[i];
              return replacement === undefined ? (validSegments[i] ?? segment) : replacement || "x";
            })
            .join("/"),
        );
      const queryParams = params.filter((p) => p.in === "query");
      const queryArb = fc
        .tuple(
          fc.boolean(),
          fc.tuple(
            ...queryParams.map((p) =>
              fc.oneof(
                { weight: 3, arbitrary: fc.constant<unknown>(undefined) },
                { weight: 3, arbitrary: p.name === "cursor" ? forgedCursor : valid(doc, p.schema, ids) },
                { weight: 2, arbitrary: hostileText },
                { weight: 1, arbitrary: fc.array(hostileText, { minLength: 2, maxLength: 2 }) },
              ),
            ),
          ),
          fc.option(fc.tuple(hostileText, hostileText), { nil: undefined }),
        )
        .map(([keepValid, values, junk]) => {
          const search = new URLSearchParams(keepValid ? validQuery : "");
          queryParams.forEach((p, i) => {
            const v = values[i];
            if (v === undefined) return;
            search.delete(p.name);
            for (const item of Array.isArray(v) ? v : [v])
              search.append(p.name, typeof item === "string" ? item : JSON.stringify(item));
          });
          if (junk) search.append(junk[0], junk[1]);
          const q = search.toString();
          return q ? `?${q}` : "";
        });

      const json = op.requestBody?.content["application/json"]?.schema;
      const multipart = op.requestBody?.content["multipart/form-data"]?.schema;
      const jsonChoices: fc.WeightedArbitrary<unknown>[] = [
        { weight: 3, arbitrary: valid(doc, json, ids) },
        { weight: 4, arbitrary: valid(doc, json, ids).chain(mutate) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ];
      if (sample?.body !== undefined)
        jsonChoices.push({ weight: 4, arbitrary: fc.oneof(fc.constant(sample.body), mutate(sample.body)) });
      const jsonArb = fc.oneof(...jsonChoices).map((v) => (v === undefined ? undefined : JSON.stringify(v)));
      const rawJsonArb = fc.constantFrom(
        "{not json",
        "[1,2",
        '{"a":',
        "",
        "null",
        '"\\u0000"',
        '{"a":"\\ud800"}',
        `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
      );

      const fileArb = fc.oneof(
        fc.constant(minimalPdf("fuzz")),
        fc.constant(FAKE_PDF),
        fc.constant(PNG),
        fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
        fc.constant(Buffer.alloc(0)),
        hostileTextFile,
      );
      const fileNameArb = fc.oneof(
        fc.constant("doc.pdf"),
        fc.constantFrom("SDN.CSV", "SDN.XML", "notes.txt"),
        hostileText.map((s) => s.slice(0, 120)),
        fc.constant("Évora\u202Efdp.exe"),
      );
      const fileTypeArb = fc.constantFrom(
        "",
        "application/pdf",
        "image/png",
        "text/plain",
        "text/csv",
        "application/xml",
        "application/octet-stream",
      );
      const formArb = fc
        .tuple(
          valid(doc, multipart, ids).chain((v) => fc.oneof(fc.constant(v), mutate(v))),
          fc.option(fc.tuple(fileArb, fileNameArb, fileTypeArb), { nil: undefined }),
          fc.boolean(),
        )
        .map(([fields, file, sendFile]) => {
          const form = new FormData();
          if (fields && typeof fields === "object" && !Array.isArray(fields)) {
            for (const [k, v] of Object.entries(fields))
              if (k !== "file") form.append(k, typeof v === "string" ? v : JSON.stringify(v));
          }
          if (file && sendFile) form.append("file", new Blob([new Uint8Array(file[0])], { type: file[2] }), file[1]);
          return form;
        });
      const boundary = "fuzzboundary";
      const rawMultipartArb = fc.tuple(
        fc.constantFrom(
          `multipart/form-data; boundary=${boundary}`,
          "multipart/form-data",
          "multipart/form-data; boundary=",
        ),
        fc.constantFrom(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 truncated`,
          `--${boundary}\r\nContent-Disposition form-data\r\n\r\nx\r\n--${boundary}--\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E2%80%AEfdp.exe\r\n\r\nxx\r\n--${boundary}--\r\n`,
          `--${boundary}--\r\n`,
          "",
        ),
      );

      const headerArb = fc.record({
        caller: fc.constantFrom(...CALLERS),
        junkCookie: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        ifMatch: fc.option(
          fc.oneof(
            fc.constant(sample?.headers?.["if-match"] ?? '"1"'),
            fc.constantFrom('"0"', 'W/"99999999999"', "*", "", '"abc"', '"-1"'),
            fc.nat().map((n) => `"${n}"`),
          ),
          { nil: undefined },
        ),
        idempotencyKey: fc.option(
          fc.oneof(
            fc.constant("fuzz-key-00000001"),
            fc.string({ maxLength: 140 }).map((s) => s.replace(/[^\x20-\x7e]/g, "k")),
          ),
          { nil: undefined },
        ),
        contentType: fc.constantFrom(
          "application/json",
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "application/json; charset=latin-9",
          "application/x-www-form-urlencoded",
        ),
      });

      const requestArb = fc.record({
        path: pathArb,
        query: queryArb,
        headers: headerArb,
        body: multipart
          ? fc.oneof(
              { weight: 4, arbitrary: formArb.map((f) => ({ form: f })) },
              {
                weight: 1,
                arbitrary: sample?.form ? fc.constant({ form: sample.form }) : formArb.map((f) => ({ form: f })),
              },
              { weight: 1, arbitrary: rawMultipartArb.map(([type, raw]) => ({ type, raw })) },
            )
          : fc.oneof(
              { weight: 6, arbitrary: jsonArb.map((j) => ({ json: j })) },
              { weight: 1, arbitrary: rawJsonArb.map((j) => ({ json: j })) },
            ),
      });

      // Focused requests: the valid request of the matrix, sent by an allowed caller, with exactly one input made
      // hostile (one path parameter, one query parameter, one leaf of the body), so the hostile value reaches the
      // rules and the database instead of being stopped by another field's validation.
      const sampleQuery = new URLSearchParams(validQuery);
      const pathSlots = templateSegments.flatMap((segment, i) => (/^\{\w+\}$/.test(segment) ? [i] : []));
      const focusedSlots: fc.Arbitrary<{ path: string; query: string; body: unknown }>[] = [];
      const plain = { path: validPath, query: validQuery ? `?${validQuery}` : "", body: sample?.body };
      if (pathSlots.length) {
        focusedSlots.push(
          fc
            .tuple(
              fc.constantFrom(...pathSlots),
              fc.oneof(hostileText, withControl(validSegments[pathSlots[0]!] ?? "x")),
            )
            .map(([slot, v]) => ({
              ...plain,
              path: validSegments.map((seg, i) => (i === slot ? percentEncode(v) || "x" : seg)).join("/"),
            })),
        );
      }
      if (queryParams.length) {
        focusedSlots.push(
          fc
            .constantFrom(...queryParams)
            .chain((param) =>
              fc.tuple(
                fc.constant(param.name),
                param.name === "cursor"
                  ? forgedCursor
                  : fc.oneof(hostileText, valid(doc, param.schema, ids).map(String).chain(withControl)),
              ),
            )
            .map(([key, v]) => {
              const q = new URLSearchParams(sampleQuery);
              q.set(key, v);
              return { ...plain, query: `?${q.toString()}` };
            }),
        );
      }
      if (sample?.body !== undefined && sample.body !== null && typeof sample.body === "object") {
        const leaves = Object.entries(sample.body as Record<string, unknown>);
        if (leaves.length) {
          focusedSlots.push(
            fc
              .constantFrom(...leaves)
              .chain(([key, v]) =>
                (typeof v === "string"
                  ? fc.oneof(withControl(v), hostileText)
                  : fc.oneof(hostileValue, hostileNumber)
                ).map((bad) => ({ ...plain, body: { ...(sample!.body as object), [key]: bad } })),
              ),
          );
        }
      }
      // The valid upload of a route that takes a text file, with that file poisoned (the rest of the form as it was).
      const sampleFile = sample?.form?.get("file");
      let poisonedFormArb: fc.Arbitrary<FormData> | undefined;
      if (sample?.form && sampleFile instanceof File && isTextFile(sampleFile)) {
        const form = sample.form;
        const bytes = Buffer.from(await sampleFile.arrayBuffer());
        poisonedFormArb = poisoned(bytes).map((poison) => {
          const copy = new FormData();
          for (const [key, value] of form.entries()) if (key !== "file") copy.append(key, value);
          copy.append("file", new Blob([new Uint8Array(poison)], { type: sampleFile.type }), sampleFile.name);
          return copy;
        });
      }
      const allowedCallers = allowed.filter((c): c is Caller => CALLERS.includes(c as Caller));
      const focusedArb = focusedSlots.length
        ? fc
            .tuple(
              fc.oneof(...focusedSlots),
              allowedCallers.length ? fc.constantFrom(...allowedCallers) : fc.constantFrom(...CALLERS),
              fc.constant(sample?.headers?.["if-match"]),
            )
            .map(([slot, caller, ifMatch]) => ({
              path: slot.path,
              query: slot.query,
              headers: {
                caller,
                junkCookie: false,
                ifMatch,
                idempotencyKey: undefined,
                contentType: "application/json",
              },
              body: sample?.form
                ? { form: sample.form }
                : { json: slot.body === undefined ? undefined : JSON.stringify(slot.body) },
            }))
        : undefined;
      const poisonedArb = poisonedFormArb
        ?.chain((form) =>
          fc.tuple(
            fc.constant(form),
            allowedCallers.length ? fc.constantFrom(...allowedCallers) : fc.constantFrom(...CALLERS),
          ),
        )
        .map(([form, caller]) => ({
          path: validPath,
          query: validQuery ? `?${validQuery}` : "",
          headers: { caller, junkCookie: false, ifMatch: undefined, idempotencyKey: undefined, contentType: "" },
          body: { form },
        }));
      const anyRequestArb = fc.oneof(
        { weight: 2, arbitrary: requestArb },
        ...(focusedArb ? [{ weight: 2, arbitrary: focusedArb }] : []),
        ...(poisonedArb ? [{ weight: 1, arbitrary: poisonedArb }] : []),
      );

      const started = Date.now();
      if (process.env["FUZZ_TRACE"]) console.error(`start ${name}`);
      let previous = await fingerprint();
      await fc.assert(
        fc.asyncProperty(anyRequestArb, async (r) => {
          const headers: Record<string, string> = {};
          const cookie = r.headers.junkCookie
            ? "fh_session=x%00y"
            : sample?.freshSession && r.headers.caller !== "anonymous"
              ? (await signIn(t.baseUrl, t.config, world.users[r.headers.caller].account)).cookie
              : cookies.get(r.headers.caller);
          if (cookie) headers["cookie"] = cookie;
          if (r.headers.ifMatch !== undefined) headers["if-match"] = r.headers.ifMatch;
          if (r.headers.idempotencyKey !== undefined) headers["idempotency-key"] = r.headers.idempotencyKey;
          let body: RequestInit["body"] | undefined;
          if ("form" in r.body) body = r.body.form;
          else if ("raw" in r.body) {
            headers["content-type"] = r.body.type;
            body = r.body.raw;
          } else if (r.body.json !== undefined && method !== "get") {
            headers["content-type"] = r.headers.contentType;
            body = r.body.json;
          }
          if (sample?.freshSession) previous = await fingerprint();
          const url = r.path + r.query;
          if (process.env["FUZZ_TRACE"] === "2")
            console.error(
              `send ${name} ${url.slice(0, 100)} ${JSON.stringify(headers).slice(0, 200)} ${typeof body === "string" ? JSON.stringify(body.slice(0, 300)) : ""}`,
            );
          const res = await send(method.toUpperCase(), url, headers, body);
          requests++;
          covered.add(name);
          const where = `${name} as ${r.headers.caller}: ${method.toUpperCase()} ${url.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`;
          assert.ok(res.status < 500, `5xx: ${where} body ${typeof body === "string" ? body.slice(0, 200) : ""}`);
          const now = await fingerprint();
          if (res.status >= 400) {
            assert.equal(res.contentType?.split(";")[0], "application/problem+json", `not problem+json: ${where}`);
            assert.equal(now, previous, `refused but changed the database: ${where}`);
          }
          previous = now;
        }),
        { numRuns: RUNS, includeErrorInReport: true },
      );
      if (process.env["FUZZ_TRACE"]) console.error(`done ${name} ${Date.now() - started} ms`);
    }
    console.log(`fuzz: ${covered.size} operations covered of ${operations.length}, ${requests} requests sent`);
    assert.equal(covered.size, operations.length, "every operation of the OpenAPI document was fuzzed");
  });

  it("leaves a valid audit chain behind", async () => {
    const res = await t.as(t.admin).get("/api/v1/audit/verify");
    assert.equal(res.body.valid, true, JSON.stringify(res.body).slice(0, 300));
  });
});
