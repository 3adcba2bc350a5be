/**
 * The local stack's own rules, fast: settings from flags and environment, secrets generated once and kept,
 * prerequisite and port checks that fail before anything starts, and `npm start` refusing a taken port with a
 * message naming it (nothing started, nothing left running).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { ESLint } from "eslint";
import * as prettier from "prettier";
import { freePort, freePorts } from "@freehold/dev-kit/ports";
import { assertPortsFree } from "./ports.js";
import { checkPrerequisites, PrerequisiteError } from "./prerequisites.js";
import { loadOrCreateSecrets } from "./secrets.js";
import { parseSettings, ROOT } from "./settings.js";

const scratch = mkdtempSync(join(tmpdir(), "freehold-local-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("settings", () => {
  it("defaults to ./data and the documented ports, and reads the environment", () => {
    const defaults = parseSettings([], {});
    assert.equal(defaults.dataDir, join(ROOT, "data"));
    assert.deepEqual(defaults.ports, { chain: 8545, api: 4000, web: 5173, database: 54329 });
    assert.equal(defaults.databaseUrl, undefined);
    const custom = parseSettings(["--reset", "--no-seed"], {
      FREEHOLD_API_PORT: "4100",
      FREEHOLD_DATA_DIR: "/srv/x",
      DATABASE_URL: "postgresql://u@h/db",
    });
    assert.equal(custom.reset, true);
    assert.equal(custom.seed, false);
    assert.equal(custom.ports.api, 4100);
    assert.equal(custom.dataDir, "/srv/x");
    assert.equal(custom.databaseUrl, "postgresql://u@h/db");
  });

  it("refuses bad input with a message naming it", () => {
    assert.throws(() => parseSettings([], { FREEHOLD_WEB_PORT: "80a" }), /FREEHOLD_WEB_PORT must be a port number/);
    assert.throws(() => parseSettings([], { FREEHOLD_CHAIN_PORT: "70000" }), /FREEHOLD_CHAIN_PORT/);
    assert.throws(() => parseSettings([], { FREEHOLD_API_PORT: "8545" }), /ports must differ/);
    assert.throws(() => parseSettings([], { DATABASE_URL: "mysql://x" }), /DATABASE_URL must be a postgres/);
    assert.throws(() => parseSettings(["--wipe"], {}), /--wipe/);
  });
});

describe("local secrets", () => {
  it("are generated once (mode 0600) and the same ones come back on the next start", () => {
    const file = join(scratch, "secrets", "secrets.json");
    const first = loadOrCreateSecrets(file);
    assert.equal(first.created, true);
    assert.match(first.secrets.kycEncryptionKeys, /^local:[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(first.secrets.kycEncryptionKeys.slice(6), "base64").length, 32);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = loadOrCreateSecrets(file);
    assert.equal(second.created, false);
    assert.deepEqual(second.secrets, first.secrets);
    assert.notEqual(
      loadOrCreateSecrets(join(scratch, "other.json")).secrets.kycEncryptionKeys,
      first.secrets.kycEncryptionKeys,
    );
  });

  it("refuses a damaged secrets file instead of replacing it (the data it protects would be lost)", () => {
    const file = join(scratch, "damaged.json");
    writeFileSync(file, JSON.stringify({ kycEncryptionKeys: "local:short", postgresPassword: "x" }));
    assert.throws(() => loadOrCreateSecrets(file), /not a valid secrets file/);
    assert.equal(readFileSync(file, "utf8").includes("short"), true);
  });
});

describe("prerequisites and ports", () => {
  it("names every taken port", async () => {
    const port = await freePort();
    const server = await listen(port);
    try {
      await assert.rejects(
        assertPortsFree({ chain: port, web: await freePort() }),
        new RegExp(`Port already in use: chain port ${port}\\. .*FREEHOLD_CHAIN_PORT`),
      );
    } finally {
      server.close();
    }
    await assertPortsFree({ chain: port });
  });

  it("as root, refuses a data folder the postgres user cannot enter (and accepts one it can)", () => {
    const closed = mkdtempSync(join(scratch, "closed-"));
    chmodSync(closed, 0o700);
    if (userInfo().uid === 0) {
      assert.throws(
        () => checkPrerequisites({ dataDir: join(closed, "data"), embeddedDatabase: true }),
        (e: unknown) => e instanceof PrerequisiteError && e.message.includes(closed),
      );
    } else {
      // PostgreSQL runs as this user, who owns the folder.
      assert.doesNotThrow(() => checkPrerequisites({ dataDir: join(closed, "data"), embeddedDatabase: true }));
    }
    assert.doesNotThrow(() => checkPrerequisites({ dataDir: join(closed, "data"), embeddedDatabase: false }));
    chmodSync(closed, 0o755);
    chmodSync(scratch, 0o755);
    assert.doesNotThrow(() => checkPrerequisites({ dataDir: join(closed, "data"), embeddedDatabase: true }));
  });
});

describe("npm start with a taken port", () => {
  it("fails fast, names the port, and starts nothing", async () => {
    const chainPort = await freePort();
    const server = await listen(chainPort);
    const dataDir = join(scratch, "stack-data");
    const [apiPort, webPort, dbPort] = await freePorts(3);
    try {
      const started = Date.now();
      const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "local", "start.ts")], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          FREEHOLD_DATA_DIR: dataDir,
          FREEHOLD_CHAIN_PORT: String(chainPort),
          FREEHOLD_API_PORT: String(apiPort),
          FREEHOLD_WEB_PORT: String(webPort),
          FREEHOLD_DB_PORT: String(dbPort),
        },
      });
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.match(result.stderr, new RegExp(`npm start failed: Port already in use: chain port ${chainPort}`));
      assert.ok(Date.now() - started < 30_000, "fails before starting anything slow");
      assert.equal(existsSync(join(dataDir, "postgres")), false, "no database was created");
      assert.equal(existsSync(join(dataDir, "chain", "state.json")), false, "no chain was started");
    } finally {
      server.close();
    }
  });
});

/** Every .gitignore of the repository (outside node_modules), repository-relative. */
function gitignoreFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".git") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...gitignoreFiles(path));
    else if (entry.name === ".gitignore") out.push(relative(ROOT, path));
  }
  return out;
}

/** The folders a .gitignore names (`dir/` lines), as repository-relative paths (a bare name: at the file's level). */
function ignoredFolders(): string[] {
  return gitignoreFiles().flatMap((file) =>
    readFileSync(join(ROOT, file), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.endsWith("/") && !line.startsWith("#") && !line.startsWith("!") && !line.includes("*"))
      .map((line) => join(dirname(file), line.replace(/^\//, "")).replace(/\/$/, "")),
  );
}

describe("12.16 tools ignore what the stack and the builds write", () => {
  it("ESLint ignores every folder git ignores (./data with the built web app, ./tmp, generated code, reports)", async () => {
    const folders = ignoredFolders();
    assert.ok(
      folders.includes("data") && folders.includes("tmp") && folders.includes("backend/src/generated"),
      folders.join(", "),
    );
    const eslint = new ESLint({ cwd: ROOT });
    const linted: string[] = [];
    for (const folder of folders) {
      for (const probe of [join(folder, "probe.ts"), join(folder, "assets", "index-abc123.js")]) {
        // The probe is really ignored by git (the folder list above is read correctly)...
        execFileSync("git", ["check-ignore", "--quiet", "--no-index", probe], { cwd: ROOT });
        // ...and ESLint must not lint it either.
        if (!(await eslint.isPathIgnored(join(ROOT, probe)))) linted.push(probe);
      }
    }
    assert.deepEqual(linted, [], "git-ignored output that `eslint .` would lint: add it to eslint.config.js's ignores");
  });

  it("14 Prettier ignores every folder git ignores and every committed generated file", async () => {
    // The CLI reads ./.gitignore and ./.prettierignore; the nested .gitignore files are not read, so their folders
    // must be repeated in .prettierignore. A generated file that is committed is rewritten byte for byte by its
    // generator: formatting it would make `format:check` fail after every `npm run compile`.
    const ignorePath = [join(ROOT, ".gitignore"), join(ROOT, ".prettierignore")];
    const generated = execFileSync("git", ["ls-files", "*generated*"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    assert.ok(generated.length > 0, "git ls-files finds the committed generated files");
    const probes = [
      ...ignoredFolders().flatMap((folder) => [join(folder, "probe.ts"), join(folder, "assets", "index-abc123.js")]),
      ...generated,
    ];
    const formatted: string[] = [];
    for (const probe of probes) {
      if (!(await prettier.getFileInfo(join(ROOT, probe), { ignorePath })).ignored) formatted.push(probe);
    }
    assert.deepEqual(formatted, [], "a tool writes these, Prettier would format them: add them to .prettierignore");
  });

  it("tsc's projects include nothing from ./data (what npm start writes)", () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    for (const project of ["tsconfig.json", "backend/tsconfig.json", "web/tsconfig.json"]) {
      const files = execFileSync(process.execPath, [tsc, "-p", join(ROOT, project), "--listFilesOnly"], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      const fromData = files
        .split("\n")
        .filter((f) => f.startsWith(join(ROOT, "data") + "/") || f.startsWith(join(ROOT, "tmp") + "/"));
      assert.deepEqual(fromData, [], project);
    }
  });
});
