/**
 * The API's HTTP server as every instance runs it: listening, the requests Node's parser refuses answered as
 * problem+json (client-error.ts), and idle keep-alive connections kept for `keepAliveSeconds`.
 * Why the last one: a load balancer keeps its connections to the backends open and reuses them. If the backend
 * closes an idle one first (Node's default is after 5 s), a request the balancer sends on it at that moment fails
 * and the client gets a 502. The backend must keep idle connections longer than the balancer does (AWS ALB: 60 s
 * by default; nginx upstream keepalive_timeout: 60 s), hence the default of 65 s (HTTP_KEEP_ALIVE_SECONDS).
 */
import type { Server } from "node:http";
import type { Express } from "express";
import { answerClientErrors } from "./client-error.ts";

export interface ListenOptions {
  port: number;
  host: string;
  keepAliveSeconds: number;
}

export async function listenHttp(app: Express, options: ListenOptions): Promise<Server> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  server.keepAliveTimeout = options.keepAliveSeconds * 1000;
  answerClientErrors(server);
  return server;
}
