/** Port checks, so the stack fails fast with a clear message instead of half-starting. */
import { createServer } from "node:net";

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) taken.push(`${name} port ${port}`);
  }
  if (taken.length) {
    throw new Error(
      `Port already in use: ${taken.join(", ")}. Stop what uses it, or choose other ports ` +
        `(FREEHOLD_CHAIN_PORT, FREEHOLD_API_PORT, FREEHOLD_WEB_PORT).`,
    );
  }
}

/** An unused port chosen by the OS (for tests and benchmarks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
