/** Runs the project's graph-cli (`graph codegen`, `graph build`) in a subgraph folder, with the current Node. */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const GRAPH_BIN = join(dirname(require.resolve("@graphprotocol/graph-cli/package.json")), "bin/run.js");

export function graph(cwd: string, command: "codegen" | "build"): void {
  try {
    execFileSync(process.execPath, [GRAPH_BIN, command], { cwd, stdio: "pipe" });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? "";
    throw new Error(`graph ${command} failed in ${cwd}:\n${output.slice(-3000)}`, { cause: error });
  }
}
