/**
 * Builds of the subgraph for the tests, with the real graph-cli: the subgraph itself (reused when `npm run build`
 * already produced it from the current sources), and mutants: copies with one deliberate bug, built the same way,
 * to prove the scenario's assertions catch a wrong mapping.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
// graph-cli's compiler entry point: the exact AssemblyScript invocation `graph build` makes for each mapping.
import * as asc from "@graphprotocol/graph-cli/dist/compiler/asc.js";
import { parse as parseYaml } from "yaml";
import { generateManifest, SUBGRAPH_DIR } from "../../scripts/manifest.js";
import { graph } from "./graph-cli.js";

function newestSource(dir: string): number {
  const files = ["schema.graphql", "subgraph.yaml", ...readdirSync(join(dir, "src")).map((f) => join("src", f))];
  return Math.max(...files.map((f) => statSync(join(dir, f)).mtimeMs));
}

/** The compiled manifest of the subgraph, building it if it is missing or older than its sources. */
export function buildSubgraph(): string {
  const manifest = join(SUBGRAPH_DIR, "build/subgraph.yaml");
  if (!existsSync(join(SUBGRAPH_DIR, "subgraph.yaml"))) {
    writeFileSync(join(SUBGRAPH_DIR, "subgraph.yaml"), generateManifest({ network: "localhost" }).manifest);
  }
  if (!existsSync(manifest) || statSync(manifest).mtimeMs < newestSource(SUBGRAPH_DIR)) {
    graph(SUBGRAPH_DIR, "codegen");
    graph(SUBGRAPH_DIR, "build");
  }
  return manifest;
}

export interface Mutation {
  name: string;
  file: string;
  /** Exact source text to replace (the build fails loudly if the mapping no longer contains it). */
  find: string;
  replace: string;
}

/**
 * Builds a copy of the subgraph with one mutation, under subgraph/.mutants/<name>, and returns its compiled
 * manifest. Only the mutated mapping is recompiled, by graph-cli's own compiler entry point with the flags
 * `graph build` uses; the rest (generated types, other modules, ABIs, manifest) is the real build's.
 */
export async function buildMutant(mutation: Mutation): Promise<string> {
  const realManifest = buildSubgraph();
  const dir = join(SUBGRAPH_DIR, ".mutants", mutation.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const part of ["src", "generated", "build"])
    cpSync(join(SUBGRAPH_DIR, part), join(dir, part), { recursive: true });
  const path = join(dir, mutation.file);
  const source = readFileSync(path, "utf8");
  if (!source.includes(mutation.find))
    throw new Error(`mutation ${mutation.name}: ${mutation.file} no longer contains the text to mutate`);
  writeFileSync(path, source.replace(mutation.find, mutation.replace));

  const manifest = parseYaml(readFileSync(join(SUBGRAPH_DIR, "subgraph.yaml"), "utf8")) as {
    dataSources: { name: string; mapping: { file: string } }[];
    templates: { name: string; mapping: { file: string } }[];
  };
  const outputs = [
    ...manifest.dataSources.map((d) => ({ ...d, out: join("build", d.name, `${d.name}.wasm`) })),
    ...manifest.templates.map((t) => ({ ...t, out: join("build/templates", t.name, `${t.name}.wasm`) })),
  ].filter((d) => relative(SUBGRAPH_DIR, join(SUBGRAPH_DIR, d.mapping.file)) === mutation.file);
  if (!outputs.length) throw new Error(`mutation ${mutation.name}: no data source maps ${mutation.file}`);
  await asc.ready();
  const libs = join(SUBGRAPH_DIR, "../node_modules");
  const global = relative(dir, join(libs, "@graphprotocol/graph-ts/global/global.ts"));
  for (const output of outputs)
    asc.compile({ inputFile: mutation.file, global, baseDir: dir, libs, outputFile: output.out });
  if (!existsSync(realManifest)) throw new Error("the real build disappeared");
  return join(dir, "build/subgraph.yaml");
}
