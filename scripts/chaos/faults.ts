/**
 * The faults the run injects, one at a time at random moments (seeded): the backend killed (SIGKILL) and restarted,
 * the chain's RPC connection cut, dropped or slowed (the proxy), the database shut down fast and restarted. Each
 * fault is a window in time; a recovery is the backend answering /ready again after it.
 */
import type { Stack } from "../ops/backup/testing/stack.js";
import type { FaultProxy } from "./proxy.js";
import type { Random } from "./random.js";

export type FaultKind = "backend" | "rpc" | "database";

export interface FaultWindow {
  kind: FaultKind;
  what: string;
  from: number;
  to: number;
  /** When the backend answered /ready again (null: it did not within the limit). */
  recoveredAt: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function backendReady(apiUrl: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(3_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return true;
    await sleep(200);
  }
  return false;
}

export class FaultInjector {
  readonly windows: FaultWindow[] = [];
  /** Backend exits nobody asked for (a crash): findings. */
  readonly crashes: string[] = [];
  private expectingExit = false;

  constructor(
    private readonly stack: Stack,
    private readonly proxy: FaultProxy,
    private readonly random: Random,
    private readonly backendEnv: Record<string, string>,
  ) {}

  async startBackend(): Promise<void> {
    const backend = await this.stack.startBackend(this.backendEnv);
    void backend.exited.then((code) => {
      if (!this.expectingExit && this.stack.backend === backend) {
        this.crashes.push(`the backend exited by itself (code ${code}): ${backend.recentOutput().slice(-1500)}`);
      }
    });
  }

  /** Restarts a backend that crashed by itself (so the run goes on and reports it). */
  async reviveIfCrashed(): Promise<void> {
    const backend = this.stack.backend;
    if (backend && (backend.child.exitCode !== null || backend.child.signalCode !== null)) {
      this.stack.backend = undefined;
      await this.startBackend();
    }
  }

  /** Injects one fault chosen at random and waits for the recovery. */
  async injectOne(): Promise<FaultWindow> {
    const kind = this.random.pick<FaultKind>(["backend", "rpc", "database"]);
    const downMs = this.random.int(500, 4_000);
    const window: FaultWindow = { kind, what: "", from: Date.now(), to: 0, recoveredAt: null };
    this.windows.push(window);
    if (kind === "backend") {
      window.what = `SIGKILL, restart after ${downMs} ms`;
      this.expectingExit = true;
      await this.stack.killBackend("SIGKILL");
      this.expectingExit = false;
      await sleep(downMs);
      window.to = Date.now();
      await this.startBackend().catch((error: unknown) =>
        this.crashes.push(`restart failed: ${(error as Error).message}`),
      );
    } else if (kind === "rpc") {
      const how = this.random.pick(["cut", "drop", "delay"] as const);
      if (how === "cut") {
        window.what = `cut ${this.proxy.cut()} open connections`;
      } else if (how === "drop") {
        window.what = `refuse connections for ${downMs} ms`;
        this.proxy.cut();
        this.proxy.setMode({ kind: "drop" });
        await sleep(downMs);
      } else {
        const ms = this.random.int(100, 1_500);
        window.what = `delay every chunk ${ms} ms for ${downMs} ms`;
        this.proxy.setMode({ kind: "delay", ms });
        await sleep(downMs);
      }
      this.proxy.setMode({ kind: "pass" });
      window.to = Date.now();
    } else {
      window.what = `fast shutdown, restart after ${downMs} ms`;
      await this.stack.db.stop("fast");
      await sleep(downMs);
      await this.stack.db.start();
      window.to = Date.now();
    }
    if (await backendReady(this.stack.apiUrl, 60_000)) window.recoveredAt = Date.now();
    return window;
  }
}
