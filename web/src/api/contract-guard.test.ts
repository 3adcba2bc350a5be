// @vitest-environment node
/**
 * 15 No hand-written API type: the backend's shapes come from the generated types (generated/openapi.ts, written by
 * `npm run openapi` from backend/openapi.json). web/src/api only wraps them: it declares no interface or object
 * type named after a schema; and no file of the web app declares a type under the name of one of the
 * document's schemas (a copy that would drift), other than as an alias of the generated one.
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

  it("15 the guard sees a hand-written copy", () => {
    expect(declarations("export interface Lease { id: string }").shapes).toEqual(["Lease"]);
    expect(declarations('import {\n  type Lease,\n} from "./leases";').names).toEqual([]);
    expect(declarations('import {\n  type Lease,\n} from "./leases";').names).toEqual([]);
    expect(declarations("type Page<T> = { items: T[] };").shapes).toEqual(["Page"]);
    expect(declarations('export type Lease = Schemas["Lease"];').aliases.get("Lease")).toBe('Schemas["Lease"]');
  });
});
