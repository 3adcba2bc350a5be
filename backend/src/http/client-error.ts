/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line or headers over the size limit,
 * malformed header bytes, a bad chunk encoding) are answered as problem+json too, like every other refusal,
 * instead of Node's bare `400` / `431` without a body.
 */
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { PROBLEM_TYPE_BASE } from "./problem.ts";

function problemResponse(status: number, reason: string, code: string, detail: string): string {
  const body = JSON.stringify({ type: PROBLEM_TYPE_BASE + code, title: reason, status, detail, code });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === "ECONNRESET" && socket.destroyed)) {
      socket.destroy();
      return;
    }
    const response =
      error.code === "HPE_HEADER_OVERFLOW"
        ? problemResponse(
            431,
            "Request Header Fields Too Large",
            "headers_too_large",
            "the request line or headers are larger than allowed (16 KiB)",
          )
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? problemResponse(408, "Request Timeout", "request_timeout", "the request was not received in time")
          : problemResponse(400, "Bad Request", "malformed_request", "the request is not valid HTTP/1.1");
    socket.end(response);
  });
}
