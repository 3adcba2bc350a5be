/** `npm run backup -- [--out <folder>]`: a consistent backup of the database, document store and deployment record. */
import { mkdirSync } from "node:fs";
import { backup } from "./backup/run.js";
import { LOCATIONS_HELP, locationsFrom, parseFolderFlag, runCli } from "./backup/settings.js";

const USAGE = `Usage: npm run backup -- [--out <folder>]

Writes a new folder freehold-<time> inside --out (default BACKUP_DIR, else ./backups) holding database.dump
(pg_dump, custom format), storage/ (the document store), deployments/<chainId>.json and manifest.json (SHA-256 of
every file). The folder appears only once complete.

${LOCATIONS_HELP}
  BACKUP_DIR             default for --out`;

await runCli(USAGE, async () => {
  const { folder, help } = parseFolderFlag(process.argv.slice(2), "out");
  if (help) return console.log(USAGE);
  const out = folder ?? parseFolderFlag(["--out", process.env["BACKUP_DIR"] || "backups"], "out").folder!;
  mkdirSync(out, { recursive: true });
  const { dir, manifest } = await backup(locationsFrom(process.env), out);
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `backup written to ${dir}: ${manifest.files.length} files, ${bytes} bytes, sync cursor at block ${manifest.syncCursor ?? "none"}`,
  );
});
