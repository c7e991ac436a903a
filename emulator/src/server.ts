import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { resolveOptions, type EmulatorOptions } from "./config";
import { createIms, type Ims } from "./ims";
import { loadFixtureUsers } from "./ims/users";
import { createLogger } from "./logger";
import { createPlatform } from "./platform/index";
import type { AccessTokenClaims } from "./types";

export type { EmulatorOptions } from "./config";

export interface RunningEmulator {
  /** Origin of the emulator, such as http://127.0.0.1:4010. */
  url: string;
  /** Stops listening, ends open connections and waits for state files to be written. */
  close(): Promise<void>;
  /** The access token check that Platform requests go through, exposed for tests. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims | null>;
}

type Platform = ReturnType<typeof createPlatform>;

// Same rule as the Platform part applies when it reads the id back from the response.
const CALLER_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Starts the emulator: one HTTP server for IMS (/ims/*) and Platform (/data/foundation/* and the
 * test-only /__emulator/*). Options left out take DEFAULT_OPTIONS, not environment variables;
 * main.ts reads those. Throws ConfigError for an invalid option and Error when it cannot listen.
 */
export async function startEmulator(options: Partial<EmulatorOptions>): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const logger = createLogger(resolved.logLevel, resolved.logDestination);
  const users = loadFixtureUsers();

  // Requests that arrive between listen() and the end of setup wait for it.
  let resolveParts!: (parts: { ims: Ims; platform: Platform }) => void;
  const parts = new Promise<{ ims: Ims; platform: Platform }>((resolve) => {
    resolveParts = resolve;
  });
  const server = createServer((request, response) => {
    void handleRequest(request, response, parts, logger);
  });

  await listen(server, resolved.port, resolved.host);
  const origin = originOf(server.address() as AddressInfo, resolved.host);

  let ims: Ims;
  let platform: Platform;
  try {
    ims = await createIms({ origin, options: resolved, users, logger: logger.child({ component: "ims" }) });
    platform = createPlatform({
      verifyAccessToken: ims.verifyAccessToken,
      users,
      clientIds: [resolved.clientId],
      dataFile: resolved.dataFile,
      logger: logger.child({ component: "platform" }),
    });
  } catch (error) {
    server.close();
    server.closeAllConnections();
    throw error;
  }
  resolveParts({ ims, platform });
  logger.info({ url: origin, issuer: ims.issuer, clientId: resolved.clientId }, "emulator listening");

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    verifyAccessToken: ims.verifyAccessToken,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await platform.close();
        await ims.close();
        logger.info({ url: origin }, "emulator stopped");
      })();
      return closing;
    },
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  parts: Promise<{ ims: Ims; platform: Platform }>,
  logger: Logger,
): Promise<void> {
  const started = process.hrtime.bigint();
  const callerId = request.headers["x-request-id"];
  const requestId = typeof callerId === "string" && CALLER_REQUEST_ID.test(callerId) ? callerId : randomUUID();
  // Handlers read the id from either place, and the response header returns it to the caller.
  request.headers["x-request-id"] = requestId;
  response.setHeader("x-request-id", requestId);
  // Only the path: query strings carry authorization codes, states and other values not to log.
  const path = new URL(request.url ?? "/", "http://emulator.invalid").pathname;

  response.once("close", () => {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    const line = { requestId, method: request.method, path, status: response.statusCode, durationMs };
    if (!response.writableFinished) {
      logger.warn({ ...line, aborted: true }, "request aborted before the response was complete");
    } else if (response.statusCode >= 500) {
      logger.error(line, "request");
    } else {
      logger.info(line, "request");
    }
  });

  try {
    const { ims, platform } = await parts;
    if (path === "/ims" || path.startsWith("/ims/")) {
      await ims.handle(request, response);
    } else if (isUnder(path, "/data/foundation") || isUnder(path, "/__emulator")) {
      await platform.handle(request, response);
    } else {
      sendJson(response, 404, {
        error: "not_found",
        message: `Nothing is emulated at ${request.method} ${path}. The emulator serves /ims/*, /data/foundation/* and /__emulator/*.`,
      });
    }
  } catch (error) {
    logger.error({ err: error, requestId, method: request.method, path }, "request handler failed");
    if (!response.headersSent) {
      sendJson(response, 500, {
        error: "server_error",
        message: `The emulator failed to handle this request. Its log has the details under request id ${requestId}.`,
      });
    } else {
      response.destroy();
    }
  }
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Content-Length", Buffer.byteLength(payload));
  response.end(payload);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(new Error(`Port ${port} on ${host} is already in use. Stop the other process or set EMULATOR_PORT to a free port.`));
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new Error(`Cannot listen on host ${host} (${error.code}). Set EMULATOR_HOST to an address of this machine, such as 127.0.0.1.`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** Returns the origin clients use. A wildcard listen address maps to the loopback address. */
function originOf(address: AddressInfo, host: string): string {
  let hostname = host;
  if (host === "0.0.0.0") hostname = "127.0.0.1";
  if (host === "::") hostname = "::1";
  if (hostname.includes(":")) hostname = `[${hostname}]`;
  return `http://${hostname}:${address.port}`;
}
