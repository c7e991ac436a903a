import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A response the Platform handlers build before anything is written to the socket. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON when defined. An undefined body sends no content. */
  body?: unknown;
}

/** Maximum request body the emulator reads, in bytes. Larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyReadResult = { ok: true; text: string } | { ok: false; reason: "too-large" };

/**
 * Reads the whole request body as UTF-8. Past MAX_BODY_BYTES the rest is drained and dropped, so
 * the client still gets the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<BodyReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      resolve(tooLarge ? { ok: false, reason: "too-large" } : { ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", reject);
  });
}

/**
 * Returns the request id for this exchange: the one the server already put on the response, else
 * the caller's x-request-id, else a new UUID. Adobe echoes it in error reports as `request-id`.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const fromServer = res.getHeader("x-request-id");
  if (typeof fromServer === "string" && fromServer !== "") return fromServer;
  const fromCaller = req.headers["x-request-id"];
  if (typeof fromCaller === "string" && /^[\w.:-]{1,128}$/.test(fromCaller)) return fromCaller;
  return randomUUID();
}

/** Writes a Reply. Does nothing when the client has already gone away. */
export function sendReply(res: ServerResponse, reply: Reply, requestId: string): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { "x-request-id": requestId, ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

/** Returns a single-valued header, or undefined when absent. Repeated headers count as absent. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === "string" ? value : undefined;
}

/** Plain JSON replies for the test controls, which have no Adobe counterpart. */
export function controlError(status: number, message: string): Reply {
  return { status, body: { error: message } };
}
