/** Starts the test signer (signer-process.ts) as a child process and waits for its URL. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";

export interface RunningSigner {
  url: string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./signer-process.ts", import.meta.url));

export function startTestSigner(key: Hex, flags: string[] = []): Promise<RunningSigner> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, key, ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, stop });
    });
    child.once("exit", (code) => reject(new Error(`the test signer exited (${code}) before listening`)));
  });
}
