/**
 * Issue 14, "Backend layers": routes -> services -> data access, errors mapped once.
 * - a route file (`src/<domain>/routes.ts`) translates HTTP to a service call: it imports no database client and
 *   runs no query (`deps.db.<model>`, `deps.pool.<method>`, `tx.<model>`);
 * - a service (every other module of a domain, `core/`, `storage/`, ...) imports nothing from `src/http/`;
 * - the ESLint configuration keeps it so: for any domain and any forbidden module, the lint refuses the import.
 * The scans read every file, so a new domain or a new module is covered without editing this test.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import fc from "fast-check";
import ts from "typescript";

const backend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(backend, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["generated", "testing"].includes(entry.name) ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const relative = (file: string) => path.relative(src, file).split(path.sep).join("/");
/** Every module specifier a file imports or re-exports, resolved against the file when relative. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map(({ fileName }) =>
    fileName.startsWith(".") ? relative(path.resolve(path.dirname(file), fileName)) : fileName,
  );
}

const all = sourceFiles(src);
const isRouteFile = (file: string) =>
  /^[a-z-]+\/routes\.ts$/.test(relative(file)) && relative(file) !== "http/routes.ts";
/** Outside the HTTP layer: not http/, not the OpenAPI builder, not a route file, not the composition roots. */
const isServiceSide = (file: string) =>
  !/^(http|openapi)\//.test(relative(file)) && !isRouteFile(file) && !["server.ts", "main.ts"].includes(relative(file));
const DATABASE_MODULE = /^(db\/|generated\/prisma\/(?!enums\.ts$))|^@prisma\//;
/** A query written in a route: a model or method reached through the database handles. */
const QUERY_IN_ROUTE = /\b(?:deps\.db\.|deps\.pool\.|tx\.)[$A-Za-z]/;

describe("14 backend layers", () => {
  it("14 layers: no route file imports the database client or runs a query", () => {
    const routes = all.filter(isRouteFile);
    assert.ok(routes.length >= 9, `found the route files: ${routes.map(relative).join(", ")}`);
    const offences = routes.flatMap((file) => [
      ...importsOf(file)
        .filter((m) => DATABASE_MODULE.test(m))
        .map((m) => `${relative(file)} imports ${m}`),
      ...readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          QUERY_IN_ROUTE.test(line) ? [`${relative(file)}:${i + 1} queries: ${line.trim()}`] : [],
        ),
    ]);
    assert.deepEqual(offences, []);
  });

  it("14 layers: no service imports src/http/", () => {
    const services = all.filter(isServiceSide);
    assert.ok(services.length > 50, "the scan sees the services");
    const offences = services.flatMap((file) =>
      importsOf(file)
        .filter((m) => m.startsWith("http/"))
        .map((m) => `${relative(file)} imports ${m}`),
    );
    assert.deepEqual(offences, []);
  });

  it("14 layers: route handlers need no actor! assertion and no cast to never", () => {
    const files = [...all.filter(isRouteFile), path.join(src, "http/route.ts")];
    const offences = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bactor!|as never\b/.test(line) ? [`${relative(file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(offences, []);
  });

  it("14 layers: the lint refuses, in any domain, a route importing the database client and a service importing http/", async () => {
    const eslint = new ESLint({ cwd: path.resolve(backend, "..") });
    const domains = fc.constantFrom(
      "aml",
      "audit",
      "auth",
      "chain",
      "kyc",
      "leases",
      "properties",
      "titles",
      "users",
      "newdomain",
    );
    const routeCase = fc.record({
      domain: domains,
      module: fc.constantFrom("../db/client.ts", "../db/pool.ts", "../generated/prisma/client.ts"),
      file: fc.constant("routes.ts"),
    });
    const serviceCase = fc.record({
      domain: domains,
      module: fc.constantFrom(
        "../http/route.ts",
        "../http/deps.ts",
        "../http/problem.ts",
        "../http/upload.ts",
        "../http/app.ts",
      ),
      file: fc.constantFrom("service.ts", "workflow.ts", "read.ts", "schemas.ts", "repository.ts"),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(routeCase, serviceCase), async ({ domain, module, file }) => {
        const code = `import type { X } from "${module}";\nexport type Y = X;\n`;
        const [result] = await eslint.lintText(code, { filePath: path.join(src, domain, file) });
        const refused = result?.messages.some(
          (m) => m.ruleId === "@typescript-eslint/no-restricted-imports" && m.severity === 2,
        );
        assert.ok(refused, `${domain}/${file} importing ${module}: ${JSON.stringify(result?.messages)}`);
      }),
      { numRuns: 25 },
    );
    // and the rule does not refuse what the layers allow
    const [route] = await eslint.lintText(
      `import { defineRoute } from "../http/route.ts";\nexport const r = defineRoute;\n`,
      { filePath: path.join(src, "kyc/routes.ts") },
    );
    assert.deepEqual(
      route?.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports"),
      [],
    );
    const [service] = await eslint.lintText(`import type { Db } from "../db/client.ts";\nexport type D = Db;\n`, {
      filePath: path.join(src, "kyc/service.ts"),
    });
    assert.deepEqual(
      service?.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports"),
      [],
    );
  });
});
