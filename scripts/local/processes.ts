/**
 * Child processes of the local stack: started with their output prefixed, stopped together (process groups),
 * so Ctrl-C leaves nothing running.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
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
  const relay = (stream: NodeJS.ReadableStream | null, sink: NodeJS.WriteStream, always: boolean): void => {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      if (options.verbose || always) for (const line of lines) sink.write(prefix + line + "\n");
    });
  };
  relay(child.stdout, process.stdout, false);
  relay(child.stderr, process.stderr, true);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const managed = { name: options.name, child, exited };
  running.push(managed);
  return managed;
}

/** Stops every started process, newest first: SIGTERM to its group, then SIGKILL after a grace period. */
export async function stopAll(graceMs = 8000): Promise<void> {
  for (const managed of running.splice(0).reverse()) {
    const { child } = managed;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
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
