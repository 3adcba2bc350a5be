/**
 * When the developer's `npm start` began: npm runs `prestart` (scripts/setup/ensure-installed.cjs, which may
 * install every dependency) first, and that script leaves its start time in a file. The banner's figure counts
 * from there, so a slow install is not hidden. Run without npm (or long after a prestart), the start script's own
 * start is the answer.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./settings.js";

/** Where the prestart leaves its record (FREEHOLD_COMMAND_START_FILE moves it, for tests). */
export const COMMAND_START_FILE =
  process.env["FREEHOLD_COMMAND_START_FILE"] || join(ROOT, "node_modules", ".cache", "freehold", "command-start.json");

/** The longest plausible pause between the prestart's end and the start script's first line (node + tsx boot). */
const MAX_GAP_MS = 60_000;

/** Reads and removes the prestart's record; its start time when it ran just before `ownStart`, else `ownStart`. */
export function commandStartedAt(ownStart: number, file = COMMAND_START_FILE): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return ownStart;
  }
  rmSync(file, { force: true });
  try {
    const { startedAt, finishedAt } = JSON.parse(text) as { startedAt: unknown; finishedAt: unknown };
    if (typeof startedAt !== "number" || typeof finishedAt !== "number") return ownStart;
    const fresh = startedAt <= finishedAt && finishedAt <= ownStart && ownStart - finishedAt <= MAX_GAP_MS;
    return fresh ? startedAt : ownStart;
  } catch {
    return ownStart;
  }
}
