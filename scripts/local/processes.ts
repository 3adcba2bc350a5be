/**
 * Child processes of the local stack: started with their output prefixed, stopped together (process groups),
 * so Ctrl-C leaves nothing running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited (its exit code; 128 when a signal ended it). */
  exited: Promise<number | null>;
  /** The last lines it printed (for error messages). */
  recentOutput(): string;
}

const running: ManagedProcess[] = [];

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Print the process's output (prefixed with its name). Errors are always printed. */
  verbose?: boolean;
  /** Also append everything the process prints to this file. */
  logFile?: string;
  /** Print stderr too only with `verbose` (for tools that log progress on stderr). */
  quietStderr?: boolean;
}

export function startProcess(options: StartOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: we can signal the whole tree (npm -> node -> workers) at once.
    detached: true,
  });
  const prefix = `[${options.name}] `;
  const log: WriteStream | undefined = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const output: string[] = [];
  const relay = (stream: NodeJS.ReadableStream | null, sink: NodeJS.WriteStream, always: boolean): void => {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      log?.write(chunk);
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        output.push(line);
        if (output.length > 60) output.shift();
        if (options.verbose || always) sink.write(prefix + line + "\n");
      }
    });
  };
  relay(child.stdout, process.stdout, false);
  relay(child.stderr, process.stderr, !options.quietStderr);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      log?.end();
      resolve(code ?? (signal ? 128 : null));
    }),
  );
  const managed = { name: options.name, child, exited, recentOutput: () => output.join("\n") };
  running.push(managed);
  return managed;
}

/** Stops every started process, newest first: SIGTERM to its group, then SIGKILL after a grace period. */
export async function stopAll(graceMs = 8000): Promise<void> {
  for (const managed of running.splice(0).reverse()) await stopGroup(managed, graceMs);
}

/** Stops one started process the same way (the stack restarting its backend). */
export async function stopProcess(managed: ManagedProcess, graceMs = 8000): Promise<void> {
  const index = running.indexOf(managed);
  if (index >= 0) running.splice(index, 1);
  await stopGroup(managed, graceMs);
}

async function stopGroup(managed: ManagedProcess, graceMs: number): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
  await managed.exited;
  clearTimeout(timer);
  // Anything the process left behind in its group.
  signalGroup("SIGKILL");
}

/** Polls `probe` until it returns true, the process dies, or the timeout passes. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; process?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let dead = false;
  void options.process?.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what}: the process exited before it was ready (see its output above)`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: not ready after ${Math.round(options.timeoutMs / 1000)} s`);
}

/** Runs a command to completion (a build step); throws with the end of its output when it fails. */
export async function runStep(options: StartOptions): Promise<void> {
  const managed = startProcess({ ...options, quietStderr: options.quietStderr ?? true });
  const code = await managed.exited;
  const index = running.indexOf(managed);
  if (index >= 0) running.splice(index, 1);
  if (code !== 0) {
    throw new Error(
      `${options.name} failed (exit code ${code}): ${options.command} ${options.args.join(" ")}\n${managed.recentOutput()}`,
    );
  }
}
