/** `npm run restore -- --from <backup folder>`: verifies the manifest, then restores into an empty database and store. */
import { join } from "node:path";
import { ROOT } from "../local/settings.js";
import { restore } from "./backup/run.js";
import { LOCATIONS_HELP, locationsFrom, parseFolderFlag, runCli, UsageError } from "./backup/settings.js";

const USAGE = `Usage: npm run restore -- --from <backup folder>

Checks every file of the backup against its manifest (SHA-256), then restores the database (pg_restore, in one
transaction), the document store and the deployment record. Refuses a database that has any table, a non-empty
document store, or an existing deployment record for the chain. Start the backend afterwards: it applies newer
migrations and its chain sync catches up from the restored cursor.

${LOCATIONS_HELP}`;

await runCli(USAGE, async () => {
  const { folder, help } = parseFolderFlag(process.argv.slice(2), "from");
  if (help) return console.log(USAGE);
  if (!folder) throw new UsageError("--from <backup folder> is required");
  const manifest = await restore(locationsFrom(process.env), folder, join(ROOT, "backend", "prisma", "migrations"));
  const resumes =
    manifest.syncCursor === null ? "starts from the deployment" : `resumes after block ${manifest.syncCursor}`;
  console.log(
    `restored the backup of ${manifest.createdAt} (${manifest.files.length} files verified); the chain sync ${resumes}`,
  );
});
