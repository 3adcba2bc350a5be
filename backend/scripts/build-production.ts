/**
 * `npm run build:production -w backend`: the release build. Bundles src/main.ts with esbuild into
 * `dist/server/main.js`, run by plain Node (`npm run start:production -w backend`), so production needs neither
 * tsx nor esbuild. The API's own code, the generated Prisma client and the @freehold workspace packages (TypeScript
 * sources) go into the bundle; every other package stays an import, resolved in the lean install
 * (`npm ci --omit=dev --omit=optional -w backend`). The bundle sits two folders below the backend, like
 * src/db/migrate.ts, so `prisma/migrations` resolves the same way; the deployment records are copied next to it,
 * where @freehold/deployments/node looks for them (CHAIN_DEPLOYMENTS_DIR still wins). Prerequisites:
 * `npm run compile` (ABIs) and `npm run generate -w backend` (Prisma client).
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { packageName } from "./runtime-imports.ts";

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = path.join(BACKEND, "dist", "server", "main.js");

/** Bundles the API; returns the packages the bundle imports at run time (every one must be a dependency). */
export async function buildProduction(outdir = path.dirname(BUNDLE)): Promise<Record<string, string[]>> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: path.join(BACKEND, "src", "main.ts") },
    outdir,
    bundle: true,
    // import() stays a separate chunk: the embedded PostgreSQL's chunk (and its package) loads only when used.
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
    // Packages load from node_modules at run time, except the workspace packages, which ship TypeScript.
    plugins: [
      {
        name: "packages-external",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith("@freehold/") || args.path.startsWith("node:")
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  const records = path.join(BACKEND, "..", "deployments", "addresses");
  if (existsSync(records)) cpSync(records, path.join(outdir, "addresses"), { recursive: true });
  return externalPackages(result.metafile, outdir);
}

/** Output file (relative to `outdir`) -> the packages it imports. */
function externalPackages(metafile: Metafile, outdir: string): Record<string, string[]> {
  const byOutput: Record<string, string[]> = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith(".map")) continue;
    const names = new Set<string>();
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith("node:")) continue;
      names.add(packageName(imported.path));
    }
    byOutput[path.relative(outdir, path.resolve(file))] = [...names].sort();
  }
  return byOutput;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, packages] of Object.entries(await buildProduction()))
    console.log(`dist/server/${file}: imports ${packages.join(", ") || "no package"}`);
}
