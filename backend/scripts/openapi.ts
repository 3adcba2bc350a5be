/**
 * Writes the API contract files from the route declarations (no database needed):
 *   npm run openapi              # backend/openapi.json and web/src/api/generated/openapi.ts
 *   npm run openapi -- --check   # exit 1, naming the stale files, when either differs from what would be written
 * Run it after changing a route or a schema, and commit the two files with the change (CI runs --check).
 * `--root <dir>` reads and writes under another checkout (tests use a temporary copy).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, staleContractFiles } from "../src/openapi/export.ts";

const { values } = parseArgs({ options: { check: { type: "boolean" }, root: { type: "string" } } });
const root = path.resolve(values.root ?? REPO_ROOT);
const stale = await staleContractFiles(root);
const names = stale.map((s) => s.file).join(", ");
if (values.check) {
  if (stale.length) {
    console.error(`Stale API contract: ${names}. Run \`npm run openapi\` and commit the result.`);
    process.exit(1);
  }
  console.log("The API contract files are up to date.");
} else {
  for (const { file, text } of stale) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  console.log(stale.length ? `Wrote ${names}.` : "The API contract files were up to date.");
}
