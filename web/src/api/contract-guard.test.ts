// @vitest-environment node
/**
 * 15 No hand-written API type: the backend's shapes come from the generated types (generated/openapi.ts, written by
 * `npm run openapi` from backend/openapi.json). web/src/api only wraps them: it declares no interface or object
 * type named after a schema; and no file of the web app declares a type under the name of one of the
 * document's schemas (a copy that would drift), other than as an alias of the generated one. Nor does it write the
 * values of one of the document's enums as a list of its own (an array, a union of literals, a select's options):
 * lists come from the generated arrays (enums.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../", import.meta.url));
const api = fileURLToPath(new URL("./", import.meta.url));
const document = JSON.parse(readFileSync(new URL("../../../backend/openapi.json", import.meta.url), "utf8")) as {
  components: { schemas: Record<string, unknown> };
};
const schemaNames = new Set(Object.keys(document.components.schemas));

/** Every enum of string values in the document (schemas, parameters, bodies), as a sorted key. */
function documentEnums(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) documentEnums(item, found);
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node))
      if (key === "enum" && Array.isArray(value) && value.length > 1 && value.every((v) => typeof v === "string"))
        found.add(setKey(value as string[]));
      else documentEnums(value, found);
  return found;
}
const setKey = (values: readonly string[]): string => [...new Set(values)].sort().join("|");
const enumKeys = documentEnums(document);

/** String-literal lists written in code: array literals, unions of literals, and the option values of a select. */
function literalLists(code: string): string[][] {
  const strings = (text: string) => [...text.matchAll(/"([^"\n]*)"/g)].map((m) => m[1]!);
  const arrays = [...code.matchAll(/\[\s*(?:"[^"\n]*"\s*,\s*)+"[^"\n]*"\s*,?\s*\]/g)].map((m) => strings(m[0]));
  const unions = [...code.matchAll(/"[^"\n]*"(?:\s*\|\s*"[^"\n]*")+/g)].map((m) => strings(m[0]));
  const selects = [...code.matchAll(/<select\b[\s\S]*?<\/select>/g)].map((m) =>
    [...m[0].matchAll(/<option\b[^>]*\bvalue="([^"]*)"/g)].map((o) => o[1]!).filter(Boolean),
  );
  return [...arrays, ...unions, ...selects].filter((list) => list.length > 1);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.includes(`${path.sep}generated${path.sep}`));
}

/** `interface X` and `type X = {…}` declarations (a hand-written shape), and every declared type name. */
function declarations(code: string): { shapes: string[]; names: string[]; aliases: Map<string, string> } {
  const at = (pattern: string) => [
    ...code.matchAll(new RegExp(`^[ \\t]*(?:export\\s+)?(?:declare\\s+)?${pattern}`, "gm")),
  ];
  const shapes = [...at(String.raw`interface\s+(\w+)`), ...at(String.raw`type\s+(\w+)(?:<[^=]*>)?\s*=\s*\{`)];
  const aliases = new Map(at(String.raw`type\s+(\w+)(?:<[^=]*>)?\s*=\s*([^;]+);`).map((m) => [m[1]!, m[2]!]));
  const names = at(String.raw`(?:interface|type)\s+(\w+)(?=\s*(?:<|=|\{|extends))`).map((m) => m[1]!);
  return { shapes: shapes.map((m) => m[1]!), names, aliases };
}

/** Shapes the web reads from the contracts (viem), not from the API, that share a name with an API schema. */
const READ_FROM_CHAIN = new Set([
  "compliance/offeringLimits.ts: OfferingTerms",
  "pages/property/ChainActivity.tsx: Activity",
]);

describe("15 no hand-written API type in the web app", () => {
  it("15 web/src/api writes no shape of its own for a schema (no interface or object type named after one)", () => {
    // Object types left in web/src/api are the client's own and form state (filters as typed), never a reply.
    const copies = (name: string) => [...schemaNames].some((schema) => name === schema || name.endsWith(schema));
    const found = sources(api).flatMap((file) =>
      declarations(readFileSync(file, "utf8"))
        .shapes.filter(copies)
        .map((name) => `${path.relative(src, file)}: ${name}`),
    );
    expect(found).toEqual([]);
  });

  it("15 no web file declares a schema's name except as an alias of the generated schema", () => {
    const found = sources(src).flatMap((file) => {
      const { names, aliases } = declarations(readFileSync(file, "utf8"));
      return names
        .filter(
          (name) =>
            schemaNames.has(name) &&
            !READ_FROM_CHAIN.has(`${path.relative(src, file)}: ${name}`) &&
            !/\bSchemas\[|components\["schemas"\]/.test(aliases.get(name) ?? ""),
        )
        .map((name) => `${path.relative(src, file)}: ${name}`);
    });
    expect(found).toEqual([]);
  });

  it("15 no web file writes the values of a backend enum as a list of its own (they come from api/enums.ts)", () => {
    const found = sources(src).flatMap((file) =>
      literalLists(readFileSync(file, "utf8"))
        .filter((list) => enumKeys.has(setKey(list)))
        .map((list) => `${path.relative(src, file)}: ${list.join(", ")}`),
    );
    expect(found).toEqual([]);
  });

  it("15 the guard sees a copied enum list, in any order or form", () => {
    expect(enumKeys.has(setKey(["MONTHLY", "QUARTERLY"]))).toBe(true);
    const lists = (code: string) => literalLists(code).map(setKey);
    expect(lists('const M = ["CARD", "CASH",\n  "BANK_TRANSFER", "CHEQUE", "STABLECOIN"] as const;')).toContain(
      setKey(["BANK_TRANSFER", "CARD", "CHEQUE", "CASH", "STABLECOIN"]),
    );
    expect(lists('type F = "QUARTERLY" | "MONTHLY";')).toEqual([setKey(["MONTHLY", "QUARTERLY"])]);
    expect(
      lists(
        '<select value={f}>\n  <option value="">Any</option>\n  <option value="MONTHLY">Monthly</option>\n  <option value="QUARTERLY">Quarterly</option>\n</select>',
      ),
    ).toEqual([setKey(["MONTHLY", "QUARTERLY"])]);
  });

  it("15 the guard sees a hand-written copy", () => {
    expect(declarations("export interface Lease { id: string }").shapes).toEqual(["Lease"]);
    expect(declarations('import {\n  type Lease,\n} from "./leases";').names).toEqual([]);
    expect(declarations('import {\n  type Lease,\n} from "./leases";').names).toEqual([]);
    expect(declarations("type Page<T> = { items: T[] };").shapes).toEqual(["Page"]);
    expect(declarations('export type Lease = Schemas["Lease"];').aliases.get("Lease")).toBe('Schemas["Lease"]');
  });
});
