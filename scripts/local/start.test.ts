/**
 * The README's first command from a fresh clone: `npm start` in a `git clone` of HEAD (dependencies linked, see
 * testing/fresh-clone.ts). It must come up with the demo data, answer /health, show the marketplace in Chromium
 * and hold the contracts and the seeded holdings on the chain; Ctrl-C must leave no process behind. A second
 * start must deploy nothing, seed nothing, and still show the same data (chain state and database persisted),
 * then stop on SIGTERM, again leaving nothing. Then the README's next step, `npm test`, starts with its style and type
 * gates in that same clone, next to what npm start wrote (./data holds the built web app): they must pass (12.16).
 *
 * Run: npx tsx --test --test-reporter=tap scripts/local/start.test.ts (in `npm test` as the "local-stack" suite).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Contract, JsonRpcProvider, type EventLog } from "ethers";
import { chromium, type Browser } from "playwright-core";
import { abis } from "@freehold/deployments";
import { freePorts, isPortFree } from "@freehold/dev-kit/ports";
import { DEMO, RELAYER } from "@freehold/dev-kit/accounts";
import { ApiSession } from "./seed/api.js";
import { START_USAGE } from "./settings.js";
import { freshClone, type FreshClone } from "./testing/fresh-clone.js";
import {
  killEverythingUnder,
  spawnStart,
  stopAndListLeftovers,
  waitReady,
  type StackInfo,
} from "./testing/stack-run.js";

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let clone: FreshClone;
let browser: Browser;
let env: NodeJS.ProcessEnv;
let ports: number[];
let first: StackInfo;
let harbourId: string;

before(async () => {
  clone = freshClone();
  ports = await freePorts(4);
  const {
    DATABASE_URL: _db,
    FREEHOLD_DATA_DIR: _data,
    FREEHOLD_DEPLOYMENTS_DIR: _records,
    FREEHOLD_RPC_URL: _rpc,
    ...rest
  } = process.env;
  env = {
    ...rest,
    FREEHOLD_CHAIN_PORT: String(ports[0]),
    FREEHOLD_API_PORT: String(ports[1]),
    FREEHOLD_WEB_PORT: String(ports[2]),
    FREEHOLD_DB_PORT: String(ports[3]),
  };
  browser = await chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
  });
});

after(async () => {
  await browser?.close();
  // A test that failed half-way leaves its stack running: kill it, or the runner (and CI) would wait forever.
  if (clone) {
    const killed = killEverythingUnder(clone.dir);
    if (killed.length) console.error(`killed what a failed test left running:\n${killed.join("\n")}`);
  }
  clone?.remove();
});

async function marketplaceShows(webUrl: string, names: string[]): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(webUrl);
    const cards = page.getByTestId("property-card");
    for (const name of names) await cards.filter({ hasText: name }).first().waitFor({ timeout: 30_000 });
    return errors;
  } finally {
    await context.close();
  }
}

/** What the banner says an account is now (`now: ...` under its address). */
function bannerState(output: string, address: string): string | undefined {
  return output.match(new RegExp(`${address}\\n\\s+key 0x\\w+\\n\\s+now: (.*)`))?.[1];
}

async function chainFacts(info: StackInfo) {
  const provider = new JsonRpcProvider(info.rpcUrl, info.chainId, { staticNetwork: true });
  try {
    const record = JSON.parse(readFileSync(info.recordFile, "utf8")) as {
      contracts: Record<string, { address: string }>;
    };
    const registry = new Contract(record.contracts["IdentityRegistry"]!.address, abis.IdentityRegistry, provider);
    return {
      chainId: Number((await provider.getNetwork()).chainId),
      registryCode: await provider.getCode(record.contracts["IdentityRegistry"]!.address),
      aliceVerified: (await registry.getFunction("isVerified")(DEMO.alice.address)) as boolean,
      erinVerified: (await registry.getFunction("isVerified")(DEMO.erin.address)) as boolean,
      blockNumber: await provider.getBlockNumber(),
    };
  } finally {
    provider.destroy();
  }
}

interface SeededPeriod {
  year: number;
  month: number;
  status: string;
  statementSha256: string | null;
  totals: { distributable: string };
  distribution: { blockTime: string } | null;
  distributedMinor: string | null;
}

/**
 * Issue 16's demo data: a year of closed periods for Harbour View, each paid out by a rent deposit that names its
 * statement (on chain and in the backend's distributions view), two approved valuations per property, and monthly
 * statements for Alice and Bob written by the backend's statements job from the chain's dated history.
 */
async function assertSeededYear(info: StackInfo, dir: string): Promise<void> {
  const seed = JSON.parse(readFileSync(join(dir, "data", "seed.json"), "utf8")) as {
    properties: Record<string, { id: string; token?: string }>;
    history: { months: string[]; onChainDates: boolean };
  };
  assert.equal(seed.history.onChainDates, true, "the fresh chain started in the past and the seed moved its clock");
  const harbour = seed.properties["harbour"]!;
  const periods = (await (
    await fetch(`${info.apiUrl}/api/v1/properties/${harbour.id}/financial-periods`)
  ).json()) as SeededPeriod[];
  const closed = periods.filter((p) => p.status === "CLOSED");
  assert.ok(closed.length >= 12, `Harbour View has ${closed.length} closed periods`);
  const label = (p: SeededPeriod) => `${p.year}-${String(p.month).padStart(2, "0")}`;
  assert.deepEqual(closed.map(label).reverse(), seed.history.months);
  for (const p of closed) {
    assert.ok(p.distribution, `${label(p)} was paid out`);
    assert.equal(p.distributedMinor, p.totals.distributable, `${label(p)}: distributed = distributable`);
    // Paid in the month after the period, never before it ended.
    assert.ok(new Date(p.distribution.blockTime) >= new Date(Date.UTC(p.year, p.month, 1)), label(p));
  }
  assert.ok(new Set(closed.map((p) => p.totals.distributable)).size > 6, "the monthly figures vary");

  // On chain: every RentDeposited of the token names a closed period's statement, each one once.
  const provider = new JsonRpcProvider(info.rpcUrl, info.chainId, { staticNetwork: true });
  try {
    const record = JSON.parse(readFileSync(info.recordFile, "utf8")) as {
      contracts: Record<string, { address: string }>;
    };
    const distributor = new Contract(record.contracts["RentDistributor"]!.address, abis.RentDistributor, provider);
    const deposits = await distributor.queryFilter(distributor.filters["RentDeposited"]!(harbour.token), 0);
    const named = deposits.map((e) => ((e as EventLog).args["statementHash"] as string).slice(2));
    assert.deepEqual(named.sort(), closed.map((p) => p.statementSha256!).sort());
    const head = await provider.getBlock("latest");
    assert.ok(Math.abs(head!.timestamp - Date.now() / 1000) < 600, "the chain's clock is back at the present");
  } finally {
    provider.destroy();
  }

  const admin = await ApiSession.signIn(info.apiUrl, info.webUrl, info.chainId, DEMO.admin.key);
  for (const [key, property] of Object.entries(seed.properties)) {
    const { body } = await admin.request<{ status: string; valuedOn: string }[]>(
      "GET",
      `/properties/${property.id}/valuations`,
    );
    const approved = body.filter((v) => v.status === "APPROVED");
    assert.ok(approved.length >= 2, `${key} has ${approved.length} approved valuations`);
    assert.ok(new Set(approved.map((v) => v.valuedOn)).size >= 2, `${key}: valuations of different dates`);
  }

  for (const investor of [DEMO.alice, DEMO.bob]) {
    const session = await ApiSession.signIn(info.apiUrl, info.webUrl, info.chainId, investor.key);
    const { body } = await session.request<{ items: { kind: string; label: string }[] }>(
      "GET",
      "/me/statements?limit=100",
    );
    const monthly = body.items.filter((s) => s.kind === "MONTHLY").map((s) => s.label);
    for (const month of seed.history.months)
      assert.ok(monthly.includes(month), `${investor.label} has the ${month} statement (has ${monthly.join(", ")})`);
  }
}

/** Issue 20: the backend relays investors' gasless actions with the dev-kit's RELAYER, which the stack funded. */
async function assertRelayerReady(info: StackInfo): Promise<void> {
  const alice = await ApiSession.signIn(info.apiUrl, info.webUrl, info.chainId, DEMO.alice.key);
  const { body } = await alice.request<{ enabled: boolean; relayer: string; forwarder: string }>("GET", "/relay");
  const record = JSON.parse(readFileSync(info.recordFile, "utf8")) as {
    contracts: Record<string, { address: string }>;
  };
  assert.deepEqual(
    [body.enabled, body.relayer, body.forwarder],
    [true, RELAYER.address, record.contracts["FreeholdForwarder"]!.address],
  );
  const provider = new JsonRpcProvider(info.rpcUrl, info.chainId, { staticNetwork: true });
  try {
    assert.ok((await provider.getBalance(RELAYER.address)) >= 10n ** 19n, "the relayer holds ETH to pay gas");
  } finally {
    provider.destroy();
  }
}

/**
 * Issue 20's demo placement: a new user signed in as Alice finds one open invitation from the manager to Canal Street
 * Lofts' offering, the one the seed posted (its digest); Bob, not invited, finds none.
 */
async function assertOpenInvitation(info: StackInfo, dir: string): Promise<void> {
  const seed = JSON.parse(readFileSync(join(dir, "data", "seed.json"), "utf8")) as {
    properties: Record<string, { id: string; offering?: string }>;
    placement: { property: string; hash: string };
  };
  const canal = seed.properties["canal"]!;
  assert.equal(seed.placement.property, "canal");
  const alice = await ApiSession.signIn(info.apiUrl, info.webUrl, info.chainId, DEMO.alice.key);
  const { body } = await alice.request<{
    items: { propertyId: string; offering: string; status: string; hash: string; signer: string }[];
  }>("GET", "/me/invitations");
  assert.deepEqual(
    body.items.map((i) => [i.propertyId, i.offering.toLowerCase(), i.status, i.hash, i.signer]),
    [[canal.id, canal.offering!.toLowerCase(), "open", seed.placement.hash, DEMO.manager.address]],
  );
  const bob = await ApiSession.signIn(info.apiUrl, info.webUrl, info.chainId, DEMO.bob.key);
  assert.deepEqual((await bob.request<{ items: unknown[] }>("GET", "/me/invitations")).body.items, []);
}

describe("npm start from a fresh clone", () => {
  it("starts everything with demo data, serves the app in Chromium, and Ctrl-C leaves nothing running", async () => {
    const stack = spawnStart(clone.dir, [], env);
    // Generous: compiling and generating take minutes on a loaded machine (a time limit, never an assertion on speed).
    first = await waitReady(stack, join(clone.dir, "data"), 900_000);
    assert.equal(first.seeded, "now", stack.output());
    assert.match(stack.output(), /Freehold is running/);
    assert.match(
      stack.output(),
      /0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80/,
      "prints the demo accounts' dev keys",
    );
    assert.match(
      stack.output(),
      /Add a network manually: name "Freehold local", RPC URL http:\/\/127\.0\.0\.1:\d+,\s+chain id 31337/,
    );

    const health = await fetch(`${first.apiUrl}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const facts = await chainFacts(first);
    assert.equal(facts.chainId, 31337);
    assert.notEqual(facts.registryCode, "0x");
    assert.equal(facts.aliceVerified, true, "Alice was whitelisted on chain");
    assert.equal(facts.erinVerified, false, "Erin has not done KYC");

    const { body: list } = {
      body: (await (await fetch(`${first.webUrl}/api/v1/properties?limit=50`)).json()) as {
        items: { id: string; name: string; status: string }[];
      },
    };
    const byName = Object.fromEntries(list.items.map((p) => [p.name, p]));
    assert.equal(byName["Harbour View Residences"]?.status, "FUNDED");
    assert.equal(byName["Canal Street Lofts"]?.status, "OFFERING");
    assert.equal(byName["Old Mill Workshops"]?.status, "VERIFIED");
    assert.equal(byName["Elm Court"], undefined, "a draft is not public");
    harbourId = byName["Harbour View Residences"]!.id;

    assert.deepEqual(await marketplaceShows(first.webUrl, ["Harbour View Residences", "Canal Street Lofts"]), []);
    await assertSeededYear(first, clone.dir);
    await assertRelayerReady(first);
    await assertOpenInvitation(first, clone.dir);

    // 15 The banner reads each account's state: Dave's application waits for review, Alice is approved and whitelisted.
    assert.match(bannerState(stack.output(), DEMO.dave.address) ?? "", /KYC submitted, waiting for review/);
    assert.match(bannerState(stack.output(), DEMO.alice.address) ?? "", /KYC approved · whitelisted on chain/);
    assert.match(stack.output(), /Freehold is running \(\d+\.\d s from the command/);
    // Then an officer approves Dave in the app: the next start's banner must say so, not what the seed did.
    const omar = await ApiSession.signIn(first.apiUrl, first.webUrl, first.chainId, DEMO.officer.key);
    const { body: queue } = await omar.request<{ items: { id: string; wallet: string; residenceCountry: number }[] }>(
      "GET",
      "/kyc/applications?status=SUBMITTED&limit=100",
    );
    const dave = queue.items.find((a) => a.wallet.toLowerCase() === DEMO.dave.address.toLowerCase());
    assert.ok(dave, JSON.stringify(queue.items));
    const path = `/kyc/applications/${dave.id}`;
    await omar.versioned(path, "POST", `${path}/review`);
    await omar.versioned(path, "POST", `${path}/approve`, {
      country: dave.residenceCountry,
      accredited: false,
      kycExpiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    // --help names every log the stack wrote.
    const documented = [...START_USAGE.matchAll(/^ {2}([\w-]+\.log) /gm)].map((m) => m[1]);
    for (const file of readdirSync(join(clone.dir, "data", "logs")))
      assert.ok(documented.includes(file), `${file} is in data/logs but not in npm start --help`);

    const { code, leftovers } = await stopAndListLeftovers(stack, clone.dir, "SIGINT-group");
    assert.deepEqual(leftovers, [], "no process is left after Ctrl-C");
    assert.equal(code, 0, stack.output().slice(-2000));
    for (const port of ports) assert.equal(await isPortFree(port), true, `port ${port} is free again`);
  });

  it("a second start reuses the chain and the database: nothing deployed, nothing seeded, the demo data is there", async () => {
    assert.ok(first, "the first start ran");
    const deployLog = join(clone.dir, "data", "logs", "deploy.log");
    const before = readFileSync(deployLog, "utf8").length;
    const stack = spawnStart(clone.dir, [], env);
    const second = await waitReady(stack, join(clone.dir, "data"), 600_000);
    try {
      assert.equal(second.seeded, "earlier");
      const thisRun = readFileSync(deployLog, "utf8").slice(before);
      assert.match(thisRun, /PropertyTokenFactory: kept/);
      assert.doesNotMatch(thisRun, /: (deployed|granted|configured|adopted) /, "the second deploy sends nothing");

      const facts = await chainFacts(second);
      assert.equal(facts.aliceVerified, true);
      assert.ok(facts.blockNumber > 20, `the chain kept its blocks (head ${facts.blockNumber})`);

      const detail = await fetch(`${second.apiUrl}/api/v1/properties/${harbourId}`);
      assert.equal(detail.status, 200);
      assert.equal(((await detail.json()) as { status: string }).status, "FUNDED");
      // The cap table the chain sync stored, as the platform admin sees it (a real SIWE sign-in).
      const admin = await ApiSession.signIn(second.apiUrl, second.webUrl, second.chainId, DEMO.admin.key);
      const { body: capTable } = await admin.request<{ holders: { holder: string; balance: string }[] }>(
        "GET",
        `/chain/properties/${harbourId}/cap-table`,
      );
      const alice = capTable.holders.find((h) => h.holder.toLowerCase() === DEMO.alice.address.toLowerCase());
      assert.equal(alice?.balance, "600", JSON.stringify(capTable));

      assert.deepEqual(await marketplaceShows(second.webUrl, ["Harbour View Residences"]), []);
      // 15 Approved between the starts: the banner reads the database and the chain, not the first start's seed.
      assert.match(bannerState(stack.output(), DEMO.dave.address) ?? "", /roles investor · KYC approved/);
    } finally {
      const { code, leftovers } = await stopAndListLeftovers(stack, clone.dir, "SIGTERM-npm");
      assert.deepEqual(leftovers, [], "no process is left after SIGTERM");
      assert.equal(code, 0);
    }
  });

  it("12.16 after npm start and Ctrl-C, npm test's lint and typecheck gates pass in the same clone", () => {
    assert.ok(first, "the first start ran");
    assert.ok(
      existsSync(join(clone.dir, "data", "web", "index.html")),
      "npm start wrote the built web app into ./data",
    );
    // The commands `npm test` runs for its lint:ts and typecheck gates (scripts/ci/test-all.ts), in the clone.
    for (const [name, args] of [
      ["lint:ts", ["run", "lint:ts"]],
      ["typecheck", ["exec", "--", "tsc", "-p", "tsconfig.json"]],
    ] as const) {
      const run = spawnSync("npm", [...args], {
        cwd: clone.dir,
        env,
        encoding: "utf8",
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(run.status, 0, `${name} failed after npm start:\n${(run.stdout + run.stderr).slice(-3000)}`);
    }
  });
});
