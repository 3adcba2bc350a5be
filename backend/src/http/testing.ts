/**
 * Test support (issue 17): a middleware that records a request's reads of `req.query` (Express 5 parses the query
 * string again on every read) and of its socket's peer address (a getpeername system call), answering them as
 * Express and the socket would. Put in front of what is measured.
 */
import net from "node:net";
import querystring from "node:querystring";
import type { NextFunction, Request, Response } from "express";

/** `readsOf(req)` names the list that request's reads go to: "query", "remoteAddress" or "remotePort". */
export function countRequestReads(readsOf: (req: Request) => string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const seen = readsOf(req);
    const search = (req.url.split("?")[1] ?? "").split("#")[0]!;
    Object.defineProperty(req, "query", { get: () => (seen.push("query"), querystring.parse(search)) });
    for (const name of ["remoteAddress", "remotePort"]) {
      const real = Object.getOwnPropertyDescriptor(net.Socket.prototype, name)!.get!;
      Object.defineProperty(req.socket, name, {
        configurable: true,
        get(this: net.Socket) {
          seen.push(name);
          return real.call(this) as unknown;
        },
      });
    }
    next();
  };
}
