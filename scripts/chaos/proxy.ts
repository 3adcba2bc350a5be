/**
 * A TCP proxy between the backend and the chain's JSON-RPC (anvil), on 127.0.0.1 only, that the fault run turns
 * against the backend: `cut` destroys every open connection at once, `drop` accepts and closes every new connection
 * (the node looks down), `delay` holds every chunk back before passing it on (a slow provider).
 */
import net from "node:net";

export type ProxyMode = { kind: "pass" } | { kind: "drop" } | { kind: "delay"; ms: number };

export interface FaultProxy {
  url: string;
  port: number;
  setMode(mode: ProxyMode): void;
  /** Destroys every open connection (both sides) now. */
  cut(): number;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: ProxyMode = { kind: "pass" };
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  /** Pipes `from` to `to`, holding each chunk back while the mode delays. */
  const relay = (from: net.Socket, to: net.Socket): void => {
    let queue = Promise.resolve();
    from.on("data", (chunk: Buffer) => {
      const current = mode;
      queue = queue.then(async () => {
        if (current.kind === "delay") await new Promise((r) => setTimeout(r, current.ms));
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on("end", () => void queue.then(() => to.end()));
    from.on("close", () => void queue.then(() => to.destroy()));
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode.kind === "drop") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = (): number => {
    const count = open.size;
    for (const socket of open) socket.destroy();
    return count;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setMode: (next) => {
      mode = next;
    },
    cut,
    close: () =>
      new Promise((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
