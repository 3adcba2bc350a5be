/** Ports on 127.0.0.1: is one free, and free ones chosen by the OS for tests, benchmarks and throw-away chains. */
import { createServer } from "node:net";

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * `count` distinct unused ports chosen by the OS (for tests and benchmarks). All listeners stay open until every
 * port is chosen: asking one at a time can hand out the same port twice once the first listener has closed.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

/** An unused port chosen by the OS (for tests and benchmarks). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
