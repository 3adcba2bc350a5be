/**
 * Generated code a fresh clone does not have yet, rebuilt only when its sources changed: contract artifacts and
 * ABIs (`npm run compile`) and the backend's Prisma client (`npm run generate -w backend`).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { runStep } from "./processes.js";
import { ROOT } from "./settings.js";

/** Newest modification time of the files under `path` (0 when it does not exist). */
export function newestMtime(path: string, accept: (file: string) => boolean = () => true): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return accept(path) ? stat.mtimeMs : 0;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry), accept));
  return newest;
}

/** Whether `output` is missing or older than any of `sources`. */
export function isStale(output: string, sources: readonly number[]): boolean {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return built === 0 || sources.some((mtime) => mtime > built);
}

export async function prepareGeneratedCode(
  log: (line: string) => void,
  logsDir: string,
  verbose: boolean,
): Promise<void> {
  const contracts = newestMtime(join(ROOT, "contracts"), (f) => f.endsWith(".sol"));
  const abiModule = join(ROOT, "deployments", "generated", "abi.ts");
  if (
    isStale(abiModule, [contracts, newestMtime(join(ROOT, "hardhat.config.ts"))]) ||
    !existsSync(join(ROOT, "artifacts"))
  ) {
    log("compiling the contracts (npm run compile)");
    await runStep({
      name: "compile",
      command: "npm",
      args: ["run", "compile"],
      cwd: ROOT,
      verbose,
      logFile: join(logsDir, "compile.log"),
    });
  }
  const client = join(ROOT, "backend", "src", "generated", "prisma", "client.ts");
  if (isStale(client, [newestMtime(join(ROOT, "backend", "prisma", "schema"))])) {
    log("generating the backend's database client (npm run generate -w backend)");
    await runStep({
      name: "generate",
      command: "npm",
      args: ["run", "generate", "-w", "backend"],
      cwd: ROOT,
      verbose,
      logFile: join(logsDir, "generate.log"),
    });
  }
}
