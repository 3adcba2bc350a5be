/** Compiled contracts read from Hardhat's `artifacts/` folder (`npm run compile` writes it). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../repo.js";
import type { ArtifactSource, CompiledContract } from "./bytecode.js";

export { REPO_ROOT };

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Artifacts found by contract name under `<root>/artifacts/contracts` (names are unique: codegen checks it). */
export function artifactsOnDisk(root = REPO_ROOT): ArtifactSource {
  const dir = join(root, "artifacts", "contracts");
  const cache = new Map<string, CompiledContract>();
  return {
    async readArtifact(name: string): Promise<CompiledContract> {
      const cached = cache.get(name);
      if (cached) return cached;
      if (!existsSync(dir)) throw new Error(`No compiled contracts in ${dir}: run \`npm run compile\``);
      for (const file of walk(dir)) {
        if (file.endsWith(`/${name}.json`)) {
          const artifact = JSON.parse(readFileSync(file, "utf8")) as CompiledContract;
          cache.set(name, artifact);
          return artifact;
        }
      }
      throw new Error(`Contract ${name} is not compiled (no artifact under ${dir}): run \`npm run compile\``);
    },
  };
}
