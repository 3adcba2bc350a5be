/**
 * Prints the deployed bytecode size of every compiled contract (mocks included, marked) against the EIP-170 limit
 * (24,576 bytes) and the project's own budgets, and fails (exit 1) when a contract exceeds the limit or its budget.
 * Run by `npm run compile` after Hardhat's compile. Budgets leave room to grow: PropertyToken <= 22,000 bytes
 * (issue 13 §5) so that the next rule fits.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { formatTable } from "@freehold/dev-kit/deploy";

const ARTIFACTS = "artifacts/contracts";
export const EIP170_LIMIT = 24_576;
export const BUDGETS: Record<string, number> = { PropertyToken: 22_000 };

interface Artifact {
  contractName: string;
  deployedBytecode: string;
  bytecode: string;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (entry.endsWith(".json") && !entry.endsWith(".dbg.json")) yield path;
  }
}

const rows: { name: string; runtime: number; initcode: number; mock: boolean }[] = [];
for (const file of walk(ARTIFACTS)) {
  const artifact = JSON.parse(readFileSync(file, "utf8")) as Partial<Artifact>;
  if (!artifact.deployedBytecode || artifact.deployedBytecode === "0x" || !artifact.contractName) continue;
  rows.push({
    name: artifact.contractName,
    runtime: (artifact.deployedBytecode.length - 2) / 2,
    initcode: ((artifact.bytecode ?? "0x").length - 2) / 2,
    mock: relative(ARTIFACTS, file).startsWith("mocks/"),
  });
}
rows.sort((a, b) => b.runtime - a.runtime);
const failures: string[] = [];
const fmt = (n: number): string => n.toLocaleString("en-US");
console.log(`\nDeployed bytecode sizes (EIP-170 limit ${fmt(EIP170_LIMIT)} bytes)\n`);
console.log(
  formatTable(
    ["contract", "deployed bytes", "% of limit", "budget", "initcode bytes", ""],
    rows.map((r) => {
      const budget = BUDGETS[r.name];
      const over = r.runtime > EIP170_LIMIT || (budget !== undefined && r.runtime > budget);
      if (over && !r.mock) failures.push(r.name);
      return [
        r.name + (r.mock ? " (test only)" : ""),
        fmt(r.runtime),
        `${((100 * r.runtime) / EIP170_LIMIT).toFixed(1)} %`,
        budget === undefined ? "" : `<= ${fmt(budget)}`,
        fmt(r.initcode),
        over ? "OVER" : "",
      ];
    }),
  ),
);
if (failures.length) {
  console.error(`\nOver the size limit or budget: ${failures.join(", ")}`);
  process.exit(1);
}
