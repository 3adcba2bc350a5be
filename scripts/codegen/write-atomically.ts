/**
 * Generated files are imported by running processes (a dev server, a test in another lane) while they are
 * regenerated. Written in place, a reader can find one missing or half written; renamed into place, it reads the old
 * file or the new one, never neither.
 */
import { renameSync, writeFileSync } from "node:fs";

export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
