/**
 * `npm start`: the whole platform on this machine, with progress, then the URLs and demo accounts.
 *
 *   checks (Node, dependencies, ports)  ->  chain (anvil, state in the data folder) | PostgreSQL | generated code
 *   -> deploy (npm run deploy, idempotent)  ->  backend (migrations, API, compliance agent, chain sync) | web build
 *   -> web server (/api proxied)  ->  demo data on the first start (through the API and the contracts)
 *
 * Ctrl-C (SIGINT) or SIGTERM stops every process it started, newest first. See `npm start -- --help`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { banner } from "./banner.js";
import { fundIfLow, LOCAL_CHAIN_ID, startChain } from "./chain.js";
import { commandStartedAt } from "./command-start.js";
import { embeddedPostgresMajor, moveAsideOtherMajor } from "./database-version.js";
import { assertPortsFree } from "./ports.js";
import { prepareGeneratedCode } from "./prepare.js";
import { checkPrerequisites, PrerequisiteError } from "./prerequisites.js";
import { stopAll, stopProcess, type ManagedProcess } from "./processes.js";
import { historyStart } from "./seed/timeline.js";
import { DEMO, PEOPLE, RELAYER } from "@freehold/dev-kit/accounts";
import { loadOrCreateSecrets } from "./secrets.js";
import { backendEnvironment, buildWeb, deploy, startBackend, startPostgres } from "./services.js";
import { dataPaths, parseSettings, ROOT, START_USAGE, type StackSettings } from "./settings.js";
import { serveBuild, type StaticServer } from "@freehold/dev-kit/static-server";
import { startSmtpSink, type SmtpSink } from "@freehold/dev-kit/smtp-sink";

/** From the developer's command: the prestart (dependency install) counts too. */
const started = commandStartedAt(Date.now());
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
const log = (line: string): void => console.log(`[start ${elapsed()}] ${line}`);
/** A path as the developer would type it: relative to the repository when inside it. */
const shown = (path: string): string => (path.startsWith(ROOT + "/") ? relative(ROOT, path) : path);

let web: StaticServer | undefined;
let mailSink: SmtpSink | undefined;
let stateFile: string | undefined;
let shuttingDown: Promise<void> | undefined;

function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    log("stopping every process this start launched ...");
    await web?.close();
    await stopAll();
    await mailSink?.close();
    if (stateFile) rmSync(stateFile, { force: true });
    log("stopped; nothing is left running");
    process.exit(code);
  })();
  return shuttingDown;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
// Whoever started us (npm, tsx, a terminal) died without passing a signal on: stop too, leave nothing behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 1_000).unref();

async function main(settings: StackSettings): Promise<void> {
  const paths = dataPaths(settings.dataDir);
  const embeddedDatabase = settings.databaseUrl === undefined;
  if (settings.reset && existsSync(settings.dataDir)) {
    log(`--reset: removing ${settings.dataDir}`);
    rmSync(settings.dataDir, { recursive: true, force: true });
  }
  if (settings.reset && !embeddedDatabase)
    log(
      "note: --reset does not empty the database at DATABASE_URL; empty it yourself, or the demo data will not match the new chain",
    );
  if (embeddedDatabase) {
    const movedAside = moveAsideOtherMajor(settings.dataDir, embeddedPostgresMajor());
    if (movedAside) log(movedAside);
  }
  mkdirSync(paths.logs, { recursive: true });
  // A report left by a start that was killed (SIGKILL) describes processes that no longer exist.
  rmSync(join(settings.dataDir, "stack.json"), { force: true });
  mkdirSync(join(settings.dataDir, "chain"), { recursive: true });

  log("checking prerequisites and ports");
  for (const note of checkPrerequisites({ dataDir: settings.dataDir, embeddedDatabase })) log(`note: ${note}`);
  const ports: Record<string, number> = {
    chain: settings.ports.chain,
    API: settings.ports.api,
    web: settings.ports.web,
  };
  if (embeddedDatabase) ports["database"] = settings.ports.database;
  await assertPortsFree(ports);
  const seedState = existsSync(paths.seed)
    ? (JSON.parse(readFileSync(paths.seed, "utf8")) as { status: string })
    : undefined;
  if (seedState && !existsSync(paths.chainState)) {
    throw new PrerequisiteError(
      `the database in ${settings.dataDir} refers to a chain whose state is gone (${paths.chainState}); start afresh with npm start -- --reset`,
    );
  }
  if (seedState?.status === "started") {
    throw new PrerequisiteError(
      `the demo data of an earlier first start is incomplete (it was interrupted); start afresh with npm start -- --reset`,
    );
  }
  const { secrets, created } = loadOrCreateSecrets(paths.secrets);
  if (created) log(`generated the local secrets (KYC encryption key, database password) into ${shown(paths.secrets)}`);

  const processOptions = { verbose: settings.verbose, logsDir: paths.logs };
  log(`starting the local chain on port ${settings.ports.chain}, PostgreSQL and code generation in parallel`);
  // A chain created for the demo data begins 13 months ago: the seed writes a year of history at its own dates.
  const genesis = settings.seed && !seedState && !existsSync(paths.chainState) ? historyStart(new Date()) : undefined;
  if (genesis) log(`a new chain for the demo data: its first block is dated ${genesis.toISOString().slice(0, 10)}`);
  const chainStart = startChain({
    port: settings.ports.chain,
    stateFile: paths.chainState,
    verbose: settings.verbose,
    logFile: join(paths.logs, "chain.log"),
    ...(genesis ? { genesis } : {}),
  }).then((chain) => {
    log(
      `local chain ready at ${chain.url}${chain.persistent ? " (state kept in the data folder)" : " (hardhat node: state NOT kept)"}`,
    );
    return chain;
  });
  const database = embeddedDatabase
    ? startPostgres({
        ...processOptions,
        dir: paths.postgres,
        port: settings.ports.database,
        password: secrets.postgresPassword,
      }).then((pg) => {
        log(`PostgreSQL ready on port ${settings.ports.database} (data in ${shown(paths.postgres)})`);
        return pg.url;
      })
    : Promise.resolve(settings.databaseUrl!);
  const generated = prepareGeneratedCode(log, paths.logs, settings.verbose);
  const [chain] = await Promise.all([chainStart, generated]);

  log("deploying the platform: npm run deploy -- --network localhost (only what is missing)");
  await deploy({
    ...processOptions,
    rpcUrl: chain.url,
    recordDir: paths.deployments,
    agent: DEMO.agent.address,
    manager: DEMO.manager.address,
  });
  const recordFile = join(paths.deployments, `${LOCAL_CHAIN_ID}.json`);
  log(`contracts recorded in ${shown(recordFile)}`);
  if (await fundIfLow(chain.url, RELAYER.address, 10n ** 19n))
    log(`relayer ${RELAYER.address} (gasless investor actions) funded with 100 ETH`);

  const webOrigin = `http://127.0.0.1:${settings.ports.web}`;
  const apiUrl = `http://127.0.0.1:${settings.ports.api}`;
  const webBuild = buildWeb({
    ...processOptions,
    outDir: paths.web,
    rpcUrl: chain.url,
    chainId: LOCAL_CHAIN_ID,
    recordDir: paths.deployments,
  }).then((outcome) => {
    log(outcome === "built" ? "web app built" : "web app unchanged since the last build (reused)");
  });
  const databaseUrl = await database;
  // Emails go to a sink in this process (nothing leaves the machine); the backend lists them at /api/v1/dev/mail.
  mailSink = await startSmtpSink();
  const mail = { smtpUrl: mailSink.url, sinkHttpUrl: await mailSink.serveHttp() };
  log(`SMTP sink at ${mail.smtpUrl} (caught emails: ${apiUrl}/api/v1/dev/mail)`);
  log("starting the backend (migrations, API, compliance agent, chain sync)");
  const backendEnv = backendEnvironment(
    {
      port: settings.ports.api,
      databaseUrl,
      webOrigin,
      rpcUrl: chain.url,
      chainId: LOCAL_CHAIN_ID,
      firstAdmin: DEMO.admin.address,
      kycEncryptionKeys: secrets.kycEncryptionKeys,
      agentKey: DEMO.agent.key,
      relayerKey: RELAYER.key,
      storageDir: paths.storage,
      recordDir: paths.deployments,
      mail,
    },
    settings.verbose,
  );
  let backend: ManagedProcess;
  await Promise.all([
    startBackend({ ...processOptions, env: backendEnv, url: apiUrl }).then((started) => {
      backend = started;
      log(`backend ready at ${apiUrl}`);
    }),
    webBuild,
  ]);
  web = await serveBuild(paths.web, () => apiUrl, { port: settings.ports.web, connectSrc: [chain.url] });
  log(`web app served at ${web.url} (/api goes to the backend)`);

  let seeded: "now" | "earlier" | "skipped" = seedState ? "earlier" : "skipped";
  if (!seedState && settings.seed) {
    writeFileSync(paths.seed, JSON.stringify({ status: "started", at: new Date().toISOString() }) + "\n");
    log("first start: creating the demo data through the API and the contracts");
    // Loaded here: it needs the ABIs that a fresh clone only has once the contracts are compiled.
    const { seedDemoData, waitForDemoStatements } = await import("./seed/scenario.js");
    const summary = await seedDemoData({
      apiUrl,
      appOrigin: webOrigin,
      rpcUrl: chain.url,
      chainId: LOCAL_CHAIN_ID,
      recordDir: paths.deployments,
      sanctionsDir: join(ROOT, "backend", "data", "sanctions", "ofac-sample"),
      log: (line) => log(`  seed: ${line}`),
    });
    writeFileSync(
      paths.seed,
      JSON.stringify({ status: "done", at: new Date().toISOString(), ...summary }, null, 2) + "\n",
    );
    log(
      `demo data created (investors whitelisted ${summary.whitelistedBy === "agent" ? "by the backend's compliance agent" : "directly with the agent key"})`,
    );
    if (summary.history.onChainDates) {
      // The statements job runs hourly and when the backend starts: a restart writes the year's statements now.
      log("restarting the backend: its statements job writes the demo investors' statements of the past year");
      await stopProcess(backend!);
      backend = await startBackend({ ...processOptions, env: backendEnv, url: apiUrl });
      const counts = await waitForDemoStatements(
        { apiUrl, appOrigin: webOrigin, chainId: LOCAL_CHAIN_ID },
        summary.history.months.at(-1)!,
      );
      log(
        `statements written: ${Object.entries(counts)
          .map(([who, n]) => `${who} ${n}`)
          .join(", ")}`,
      );
    }
    seeded = "now";
  }

  // What each demo account is now (a developer may have approved, funded or revoked since the seed ran).
  // Loaded here, like the seed: it reads the ABIs, which a fresh clone only has once the contracts are compiled.
  const { describeAccount, readAccountStates } = await import("./accounts-state.js");
  const people = await readAccountStates(
    {
      apiUrl,
      appOrigin: webOrigin,
      rpcUrl: chain.url,
      chainId: LOCAL_CHAIN_ID,
      recordDir: paths.deployments,
      adminKey: DEMO.admin.key,
    },
    PEOPLE,
  ).then(
    ({ coin, states }) =>
      PEOPLE.map((account) => ({ account, now: describeAccount(states.get(account.address.toLowerCase())!, coin) })),
    (error: unknown) => PEOPLE.map((account) => ({ account, now: `could not be read (${(error as Error).message})` })),
  );
  const secondsToUsable = (Date.now() - started) / 1000;
  console.log(
    banner({
      webUrl: web.url,
      apiUrl,
      rpcUrl: chain.url,
      chainId: LOCAL_CHAIN_ID,
      dataDir: settings.dataDir,
      recordFile,
      secondsToUsable,
      seeded,
      logsDir: paths.logs,
      people,
    }),
  );
  // The readiness marker comes last, after the banner: whoever waits for it can rely on everything printed.
  stateFile = join(settings.dataDir, "stack.json");
  writeFileSync(
    stateFile,
    JSON.stringify(
      {
        pid: process.pid,
        webUrl: web.url,
        apiUrl,
        rpcUrl: chain.url,
        chainId: LOCAL_CHAIN_ID,
        secondsToUsable,
        seeded,
        recordFile,
      },
      null,
      2,
    ) + "\n",
  );
}

let settings: StackSettings;
try {
  settings = parseSettings(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${START_USAGE}`);
  process.exit(2);
}
if (settings.help) {
  console.log(START_USAGE);
  process.exit(0);
}
try {
  await main(settings);
} catch (error) {
  if (!shuttingDown) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`\nnpm start failed: ${message}\n(process output is in ${dataPaths(settings.dataDir).logs})`);
    await shutdown(1);
  }
}
