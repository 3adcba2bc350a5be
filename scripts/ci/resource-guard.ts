/**
 * Generated files are written by the suites that declare it (`Suite.writes`) and only read by the others, which the
 * scheduler relies on to run readers in parallel. A suite that rewrites them without saying so (a test harness that
 * compiles "just in case") removes or truncates files that other lanes are importing at that moment: a failure in
 * someone else's suite, once in many runs. The guard turns that into a failure every run, naming the files and the
 * suites that were running when they changed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** What "changed" means: a file appeared, went, or was written (its modification time or size moved). */
export type Fingerprint = Map<string, string>;

/** Every file under `paths` (files or folders, relative to `root`) with its modification time and size. */
export function fingerprint(root: string, paths: readonly string[]): Fingerprint {
  const files: Fingerprint = new Map();
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else files.set(relative(root, path), `${stat.mtimeMs}:${stat.size}`);
  };
  for (const path of paths) visit(join(root, path));
  return files;
}

/** The files whose fingerprint differs (added, removed or rewritten), sorted. */
export function changedFiles(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

export interface Rewrite {
  resource: string;
  files: string[];
  /** The suites that were running at some time since the files were last seen unchanged. */
  suspects: string[];
}

export class GeneratedFilesGuard {
  private readonly seen = new Map<string, Fingerprint>();
  /** Running suites, with what each declares it writes. */
  private readonly running = new Map<string, readonly string[]>();
  /** Suites that ran at some time since the last check. */
  private readonly active = new Set<string>();
  readonly rewrites: Rewrite[] = [];

  /** `paths`: the files and folders of each resource, relative to `root`. Each is taken as it is now. */
  constructor(
    private readonly root: string,
    private readonly paths: Readonly<Record<string, readonly string[]>>,
  ) {
    for (const resource of Object.keys(paths)) this.seen.set(resource, this.take(resource));
  }

  started(name: string, writes: readonly string[] = []): void {
    this.running.set(name, writes);
    this.active.add(name);
  }

  /**
   * A suite ended. A resource that a running suite (this one included) declares it writes is taken as it is now
   * once its writers ended; any other that changed since it was last taken was rewritten by one of the suites that
   * ran meanwhile.
   */
  ended(name: string): void {
    const writing = new Set([...this.running.values()].flat());
    const writes = this.running.get(name) ?? [];
    this.running.delete(name);
    const stillWriting = new Set([...this.running.values()].flat());
    for (const [resource, before] of this.seen) {
      if (writing.has(resource)) continue;
      const now = this.take(resource);
      const files = changedFiles(before, now);
      if (files.length > 0) {
        this.rewrites.push({ resource, files, suspects: [...this.active].sort() });
        this.seen.set(resource, now);
      }
    }
    for (const resource of writes)
      if (this.paths[resource] && !stillWriting.has(resource)) this.seen.set(resource, this.take(resource));
    this.active.clear();
    for (const other of this.running.keys()) this.active.add(other);
  }

  private take(resource: string): Fingerprint {
    return fingerprint(this.root, this.paths[resource] ?? []);
  }
}

/** The failure account of each rewrite: the resource, the files (the first ten) and who may have done it. */
export function rewriteLines(rewrites: readonly Rewrite[]): string[] {
  return rewrites.flatMap(({ resource, files, suspects }) => [
    `${resource}: ${files.length} generated file(s) changed while ${suspects.join(", ")} ran, ` +
      `and none of them declares that it writes ${resource}:`,
    ...files.slice(0, 10).map((file) => `  ${file}`),
    ...(files.length > 10 ? [`  (${files.length - 10} more)`] : []),
  ]);
}
