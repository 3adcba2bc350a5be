/**
 * A fresh clone of this repository for the start test and the start benchmark: `git clone` of HEAD into a temp
 * folder. Installing its dependencies from the registry would take minutes, so they are linked instead: every
 * top-level entry of node_modules (and of each workspace's node_modules) is a symlink to this checkout's, except
 * the workspace links (`@freehold/*`, pointing into the clone itself) and npm's install marker
 * (`node_modules/.package-lock.json`, copied, so `ensure-installed.cjs` sees an installed tree). Everything else
 * a fresh clone lacks (contract artifacts, ABIs, the Prisma client, the web build, ./data) it must make itself.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../settings.js";

/** The root package.json's workspaces: a new one (packages/rules once was not here) has its own node_modules too. */
const WORKSPACES: string[] = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { workspaces: string[] })
  .workspaces;

function linkModules(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    if (entry === ".package-lock.json") {
      copyFileSync(source, join(to, entry));
    } else if (entry === "@freehold") {
      // Workspace links are relative (../../backend): recreate them so they point into the clone.
      mkdirSync(join(to, entry));
      for (const ws of readdirSync(source)) symlinkSync(readlinkSync(join(source, ws)), join(to, entry, ws));
    } else {
      symlinkSync(source, join(to, entry));
    }
  }
}

export interface FreshClone {
  dir: string;
  commit: string;
  remove(): void;
}

export function freshClone(): FreshClone {
  const parent = mkdtempSync(join(tmpdir(), "freehold-clone-"));
  // PostgreSQL runs as the `postgres` user under root and must enter the clone's ./data.
  chmodSync(parent, 0o755);
  const dir = join(parent, "freehold");
  execFileSync("git", ["clone", "--quiet", ROOT, dir], { stdio: "pipe" });
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
  linkModules(join(ROOT, "node_modules"), join(dir, "node_modules"));
  for (const ws of WORKSPACES) {
    const modules = join(ROOT, ws, "node_modules");
    if (existsSync(modules) && lstatSync(modules).isDirectory()) symlinkSync(modules, join(dir, ws, "node_modules"));
  }
  return { dir, commit, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
