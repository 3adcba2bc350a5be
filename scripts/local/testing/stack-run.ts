/**
 * Drives `npm start` as a user would, for the start test and the benchmark: spawns it in its own process group
 * (like a terminal), waits until the stack reports itself ready (data/stack.json), stops it with a signal
 * (SIGINT to the group = Ctrl-C, or SIGTERM to npm = a process manager), and lists any process left behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";

export interface StackInfo {
  pid: number;
  webUrl: string;
  apiUrl: string;
  rpcUrl: string;
  chainId: number;
  secondsToUsable: number;
  seeded: "now" | "earlier" | "skipped";
  recordFile: string;
}

export interface RunningStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnStart(cwd: string, args: string[], env: NodeJS.ProcessEnv): RunningStack {
  const child = spawn("npm", ["start", ...(args.length ? ["--", ...args] : [])], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))),
  );
  return { child, output: () => output, exited };
}

/** The end of each process log of the stack (for a failure message). */
function logTails(dataDir: string): string {
  const dir = join(dataDir, "logs");
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .map((file) => `--- ${file}\n${readFileSync(join(dir, file), "utf8").split("\n").slice(-15).join("\n")}`)
    .join("\n");
}

/** Resolves with the stack's own report once it is ready; rejects if `npm start` exits first or time runs out. */
export async function waitReady(stack: RunningStack, dataDir: string, timeoutMs: number): Promise<StackInfo> {
  const file = join(dataDir, "stack.json");
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void stack.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(
        `npm start exited (${exitCode}) before it was ready:\n${stack.output().slice(-4000)}\n${logTails(dataDir)}`,
      );
    // Ready once the marker exists and the banner printed before it has reached us through the pipe.
    if (existsSync(file) && /Freehold is running/.test(stack.output())) {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as StackInfo;
      } catch {
        // being written
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `npm start was not ready after ${timeoutMs / 1000} s:\n${stack.output().slice(-4000)}\n${logTails(dataDir)}`,
  );
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** Every living descendant of `root` (children, grandchildren, ...). */
export function descendants(root: number): number[] {
  const pids = allPids();
  const found = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pid of pids) {
      const parent = parentOf(pid);
      if (parent !== undefined && found.has(parent) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead for our purpose.
    return !readFileSync(`/proc/${pid}/stat`, "utf8")
      .slice(readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2)
      .startsWith("Z");
  } catch {
    return false;
  }
}

/**
 * Stops the stack with `how` and returns what is left `graceMs` after npm exited: the processes it had started
 * that still live, and any other process whose command line names `dir` (an orphan re-parented elsewhere).
 */
export async function stopAndListLeftovers(
  stack: RunningStack,
  dir: string,
  how: "SIGINT-group" | "SIGTERM-npm",
  timeoutMs = 60_000,
  graceMs = 30_000,
): Promise<{ code: number | null; leftovers: string[] }> {
  const pid = stack.child.pid!;
  const started = descendants(pid);
  if (how === "SIGINT-group") process.kill(-pid, "SIGINT");
  else process.kill(pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    stack.exited,
    new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (code === "timeout")
    throw new Error(`npm start did not exit within ${timeoutMs / 1000} s of ${how}:\n${stack.output().slice(-3000)}`);
  // npm may exit on the signal before the stack has finished stopping its children (a terminal shows the prompt
  // while they stop): allow a grace period, then whatever still runs is left behind.
  const list = (): string[] => {
    const leftovers = new Set<string>();
    for (const p of started) if (alive(p)) leftovers.add(`${p} ${commandLine(p)}`);
    for (const p of allPids()) {
      if (p === process.pid) continue;
      const cmd = commandLine(p);
      if (cmd.includes(dir) && alive(p)) leftovers.add(`${p} ${cmd}`);
    }
    return [...leftovers];
  };
  const deadline = Date.now() + graceMs;
  let leftovers = list();
  while (leftovers.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    leftovers = list();
  }
  return { code, leftovers };
}

/** Test clean-up after a failure: SIGKILL every process still running from `dir` (a failed test must not hang CI). */
export function killEverythingUnder(dir: string): string[] {
  const killed: string[] = [];
  for (const p of allPids()) {
    if (p === process.pid) continue;
    const cmd = commandLine(p);
    let cwd = "";
    try {
      cwd = readlinkSync(`/proc/${p}/cwd`);
    } catch {
      // gone, or not ours to read
    }
    if (!(cmd.includes(dir) || cwd.startsWith(dir)) || !alive(p)) continue;
    try {
      process.kill(p, "SIGKILL");
      killed.push(`${p} ${cmd}`);
    } catch {
      // already gone
    }
  }
  return killed;
}
