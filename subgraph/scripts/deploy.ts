/**
 * Deploys the subgraph (UNTESTED here: it needs a graph-node or Subgraph Studio; the plan itself is tested).
 *
 *   npm run deploy:local -w subgraph                       # local graph-node from docker-compose.yml
 *   npm run deploy:studio -w subgraph -- --network sepolia --name freehold-sepolia
 *
 * Options: --network (default localhost, studio: sepolia), --name (default freehold/freehold, studio: freehold),
 * --version (default the package version), --node, --ipfs. The manifest is regenerated for the network first.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { deployPlan } from "./deploy-plan.js";
import { generateManifest, SUBGRAPH_DIR } from "./manifest.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    network: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    node: { type: "string" },
    ipfs: { type: "string" },
  },
});
const target = positionals[0];
if (target !== "local" && target !== "studio") {
  console.error(
    "usage: tsx scripts/deploy.ts local|studio [--network n] [--name n] [--version v] [--node url] [--ipfs url]",
  );
  process.exit(2);
}
const version = (JSON.parse(readFileSync(join(SUBGRAPH_DIR, "package.json"), "utf8")) as { version: string }).version;
const network = values.network ?? (target === "local" ? "localhost" : "sepolia");
const graphBin = join(
  dirname(createRequire(import.meta.url).resolve("@graphprotocol/graph-cli/package.json")),
  "bin/run.js",
);
const graph = (args: string[], mayAlreadyExist = false): void => {
  console.log(`$ graph ${args.join(" ")}`);
  try {
    const output = execFileSync(process.execPath, [graphBin, ...args], {
      cwd: SUBGRAPH_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    process.stdout.write(output);
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer };
    const text = `${failure.stdout?.toString() ?? ""}${failure.stderr?.toString() ?? ""}`;
    if (mayAlreadyExist && /already exists/i.test(text)) return;
    throw new Error(`graph ${args[0]} failed:\n${text}`, { cause: error });
  }
};
try {
  const plan = deployPlan({
    target,
    network,
    name: values.name ?? (target === "local" ? "freehold/freehold" : "freehold"),
    versionLabel: values.version ?? version,
    node: values.node,
    ipfs: values.ipfs,
    addressesDir: process.env["FREEHOLD_DEPLOYMENTS_DIR"] || undefined,
  });
  const generated = generateManifest({ network, addressesDir: process.env["FREEHOLD_DEPLOYMENTS_DIR"] || undefined });
  writeFileSync(join(SUBGRAPH_DIR, "subgraph.yaml"), generated.manifest);
  writeFileSync(join(SUBGRAPH_DIR, "networks.json"), JSON.stringify(generated.networks, null, 2) + "\n");
  graph(["codegen"]);
  graph(["build"]);
  for (const step of plan) graph(step.args, step.mayAlreadyExist);
} catch (error) {
  console.error(`Subgraph deploy failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
