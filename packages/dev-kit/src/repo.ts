/**
 * The repository's root folder: the deploy engine reads the contracts Hardhat compiled into `<root>/artifacts`
 * (files on disk, not imports), and the web journeys run `npm run deploy` there.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
