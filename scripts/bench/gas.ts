/**
 * `npm run bench:gas`: the side-by-side gas benchmark. In one Hardhat network it deploys an OpenZeppelin ERC-20
 * (baseline), T-REX 4.1.6 (the ERC-3643 reference, from its npm artifacts, through its own proxies) and Freehold; runs
 * the same scenario on each (launch a token, onboard an investor, issue, transfer to an existing and to a new holder,
 * forced transfer, redeem); adds Freehold's platform operations (offering, settlement, rent); prints a table with
 * ratios, the targets and where the gas goes for the headline operations; and writes `bench/results/gas.json`
 * (operation -> gas used).
 *
 * Freehold is measured where users pay: `token.*` on an ERC-1167 clone of the implementation (what the factory
 * launches), `offering.*`, `settlement.*`, `distribution.*` on factory-launched clones, `identity.*` on the one
 * platform registry. A plainly deployed token is measured too, under `token.*.plain`: the difference is the clone's
 * DELEGATECALL to a cold implementation account (~2,700 gas per call).
 * Gas is each transaction receipt's `gasUsed`: deterministic on the simulated chain.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { network } from "hardhat";
import { formatTable } from "@freehold/dev-kit/deploy";
import { benchErc20 } from "./gas/erc20.js";
import { benchIdentity } from "./gas/identity.js";
import type { GasResults } from "./gas/measure.js";
import { benchPlatform, explainGas } from "./gas/platform.js";
import { benchToken, breakdownOf } from "./gas/token.js";
import { benchTrex } from "./gas/trex.js";

const OUTPUT = "bench/results/gas.json";

/** The common scenario: one row per step, the key each implementation reports it under. */
const SCENARIO: { step: string; erc20?: string; trex: string; freehold: string; note?: string }[] = [
  {
    step: "launch a token",
    erc20: "erc20.launch",
    trex: "trex.launch",
    freehold: "factory.launch",
    note: "Freehold: token + offering",
  },
  {
    step: "onboard an investor",
    trex: "trex.onboard",
    freehold: "identity.register",
    note: "T-REX: identity + claim + registry",
  },
  { step: "issue (new holder)", erc20: "erc20.issue", trex: "trex.issue", freehold: "token.issue.new" },
  {
    step: "transfer, existing holder",
    erc20: "erc20.transfer.existing",
    trex: "trex.transfer.existing",
    freehold: "token.transfer.existing",
  },
  {
    step: "transfer, existing, country not cached",
    trex: "trex.transfer.existing",
    freehold: "token.transfer.existing.uncached",
    note: "first transfer after a registry update",
  },
  {
    step: "transfer, new holder",
    erc20: "erc20.transfer.new",
    trex: "trex.transfer.new",
    freehold: "token.transfer.new",
  },
  { step: "forced (controller) transfer", trex: "trex.forced", freehold: "token.controllerTransfer" },
  { step: "redeem", erc20: "erc20.redeem", trex: "trex.redeem", freehold: "token.redeem" },
];

/** Targets of issues 2 and 3 (`max`), and the rent deposit's independence from the holder count. */
const TARGETS: { key: string; max: number }[] = [
  { key: "token.transfer.existing", max: 50_000 },
  { key: "token.transfer.new", max: 75_000 },
  { key: "token.transfer.existing.uncached", max: 55_000 },
  { key: "identity.register", max: 60_000 },
  { key: "factory.launch", max: 500_000 },
  { key: "offering.subscribe", max: 120_000 },
  { key: "settlement.fill", max: 150_000 },
  // Issue 3 (120,000) plus the statement record of issue 16: two new slots per deposit (by id and by hash), plus
  // issue 20's read of the rent fee (PlatformFees: a cold account and two cold slots, ~9,200 gas, fee or not).
  { key: "distribution.deposit.holders1000", max: 145_000 },
  { key: "distribution.claim", max: 80_000 }, // issue 3, with the hold check of issue 13 §3 (the token's takeRent)
  // Issue 20: the same targets with fees on (primary fee in the offering's terms; rent fee taken at deposit).
  { key: "offering.subscribe.withFee", max: 120_000 },
  { key: "distribution.claim.withFee", max: 80_000 },
  { key: "settlement.fill.withFee", max: 150_000 },
  { key: "exit.redeem", max: 90_000 }, // issue 19
];

/** Platform operations whose gas is explained step by step in the output. */
const EXPLAINED = [
  "factory.launch",
  "offering.subscribe",
  "offering.claim",
  "settlement.fill",
  "distribution.deposit.holders1000",
  "distribution.claim",
  "governance.vote",
  "exit.redeem",
];

const fmt = (n: number | undefined): string => (n === undefined ? "-" : n.toLocaleString("en-US"));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`;

// Gas is deterministic, so gas.json does not record the load; it is printed, as every benchmark does.
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const loadBefore = load();
const { ethers } = await network.create();
const erc20 = await benchErc20(ethers);
const trex = await benchTrex(ethers);
const identity = await benchIdentity(ethers);
const token = await benchToken(ethers);
const tokenPlain = await benchToken(ethers, { plain: true });
const platform = await benchPlatform(ethers);
const results: GasResults = {
  ...erc20,
  ...trex,
  ...identity,
  ...token.results,
  ...tokenPlain.results,
  ...platform.results,
};

console.log("\nSame scenario, gas used per transaction (one Hardhat network, receipts' gasUsed)\n");
console.log(
  formatTable(
    [
      "step",
      "ERC-20",
      "T-REX 4.1.6",
      "Freehold (clone)",
      "Freehold (plain)",
      "Freehold/ERC-20",
      "Freehold/T-REX",
      "note",
    ],
    SCENARIO.map((row) => {
      const [e, t, f] = [row.erc20 ? results[row.erc20] : undefined, results[row.trex], results[row.freehold]];
      const plain = results[`${row.freehold}.plain`];
      return [row.step, fmt(e), fmt(t), fmt(f), fmt(plain), ratio(f, e), ratio(f, t), row.note ?? ""];
    }),
  ),
);

// The implementation (with its administration module) is deployed once per platform and shared by every launch.
const implementation = results["token.implementation.deploy"];
const launchSaving = (results["trex.launch"] ?? 0) - (results["factory.launch"] ?? 0);
const breakEven =
  implementation !== undefined && launchSaving > 0 ? Math.ceil(implementation / launchSaving) : undefined;
console.log("\nOne-time cost, amortized over launches\n");
console.log(
  formatTable(
    ["item", "gas", "note"],
    [
      ["token implementation + admin module (once)", fmt(implementation), "deployed once per platform"],
      ["factory.launch (per property)", fmt(results["factory.launch"]), "token + offering clones"],
      ["trex.launch (per property)", fmt(results["trex.launch"]), "T-REX suite through its proxies"],
      [
        "break-even vs T-REX",
        breakEven === undefined ? "-" : `${breakEven} launch(es)`,
        "implementation / (T-REX launch - Freehold launch)",
      ],
    ],
  ),
);

console.log("\nFreehold platform operations\n");
const platformKeys = Object.keys(platform.results);
console.log(
  formatTable(
    ["operation", "gas"],
    platformKeys.map((k) => [k, fmt(results[k])]),
  ),
);

console.log("\nTargets\n");
const failures: string[] = [];
const targetRows = TARGETS.map(({ key, max }) => {
  const gas = results[key];
  const met = gas !== undefined && gas <= max;
  if (!met) failures.push(key);
  return [key, fmt(gas), `<= ${fmt(max)}`, met ? "met" : "MISSED"];
});
const d10 = results["distribution.deposit.holders10"];
const d1000 = results["distribution.deposit.holders1000"];
const spread = d10 !== undefined && d1000 !== undefined ? Math.abs(d1000 - d10) / d10 : Number.NaN;
targetRows.push([
  "deposit: 1,000 vs 10 holders",
  `${(spread * 100).toFixed(3)} %`,
  "<= 1 %",
  spread <= 0.01 ? "met" : "MISSED",
]);
if (!(spread <= 0.01)) failures.push("distribution.deposit holder independence");
console.log(formatTable(["operation", "gas", "target", ""], targetRows));

for (const key of EXPLAINED) {
  const hash = platform.hashes[key];
  if (!hash) continue;
  console.log(`\nWhere the gas goes: ${key} (${fmt(results[key])})\n`);
  const lines = await explainGas(ethers, hash, platform.labels);
  console.log(
    formatTable(
      ["step", "gas"],
      lines.map((l) => [l.step, fmt(l.gas)]),
    ),
  );
}
// The token's headline transfers are always explained (clone overhead, registry call, cold slots, logic), and the
// existing-holder transfer while a holder vote's snapshot is open (issue 19: the funnel, the snapshot reads).
for (const key of [
  "token.transfer.existing",
  "token.transfer.new",
  "token.transfer.existing.uncached",
  "token.transfer.existing.duringVote",
]) {
  const hash = token.hashes[key];
  if (!hash) continue;
  console.log(`\nWhere the gas goes: ${key} (${fmt(results[key])})\n`);
  const lines = await breakdownOf(ethers, hash);
  console.log(
    formatTable(
      ["step", "gas"],
      lines.map((l) => [l.step, fmt(l.gas)]),
    ),
  );
}

mkdirSync("bench/results", { recursive: true });
const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(OUTPUT, JSON.stringify(sorted, null, 2) + "\n");
console.log(
  `\nWrote ${OUTPUT} (${Object.keys(sorted).length} operations)${failures.length ? `; targets missed: ${failures.join(", ")}` : "; every target met"}`,
);
console.log(`load average before ${loadBefore}, after ${load()}`);
