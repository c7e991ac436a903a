import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { AccessTokenClaims, FixtureUser } from "../types";
import type { PlatformContext } from "./context";
import { CONTROLS_ROOT, handleControl } from "./controls";
import type { CouchbaseCluster, SecretMasking } from "./couchbase-driver";
import { buildDemoState } from "./demo-data";
import { faultBody, flowError, notEmulated } from "./errors";
import { FaultRegistry, type Fault } from "./faults";
import { fixtureClusters } from "./fixtures";
import { FLOW_SERVICE_ROOT } from "./flow-service/connections";
import { handleFlowService } from "./flow-service/router";
import { readBody, requestIdFor, sendReply, type Reply } from "./http";
import { RequestLog } from "./request-log";
import { handleSandboxManagement, SANDBOX_MANAGEMENT_ROOT } from "./sandbox-management";
import { StateFile } from "./state-file";
import { ConnectionStore, type PlatformState } from "./store";

export interface PlatformDependencies {
  verifyAccessToken(token: string): Promise<AccessTokenClaims | null>; // null = invalid or expired
  users: FixtureUser[];
  clientIds: string[]; // valid API keys (x-api-key): the registered dashboard client id(s)
  dataFile?: string; // EMULATOR_DATA_FILE: persist state across restarts when set
  logger: Logger;
}

export interface Platform {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Writes pending state to the data file and ends pending fault delays. */
  close(): Promise<void>;
}

/** Reads EMULATOR_SECRET_MASKING: `partial` (default) or `full`. */
function readSecretMasking(value: string | undefined): SecretMasking {
  if (value === undefined || value === "" || value === "partial") return "partial";
  if (value === "full") return "full";
  throw new Error(
    "EMULATOR_SECRET_MASKING must be partial (mask only CredString passwords) or full (mask whole connection strings).",
  );
}

/** Fixture clusters with the registered ones on top: a registered cluster replaces one on the same server and port. */
function mergeClusters(registered: readonly CouchbaseCluster[]): CouchbaseCluster[] {
  const key = (cluster: CouchbaseCluster) => `${cluster.server.toLowerCase()}:${cluster.port}`;
  const replaced = new Set(registered.map(key));
  return [...fixtureClusters.filter((cluster) => !replaced.has(key(cluster))), ...registered];
}

function faultReply(fault: Fault, requestId: string, status: number): Reply {
  const reply = fault.body !== undefined ? { status, body: fault.body } : faultBody(status, requestId);
  if (fault.retryAfter !== undefined) reply.headers = { ...reply.headers, "Retry-After": String(fault.retryAfter) };
  return { ...reply, status };
}

/**
 * Creates the Platform part of the emulator: Flow Service under /data/foundation/flowservice,
 * the Sandbox Management API under /data/foundation/sandbox-management and the test controls
 * under /__emulator/. The state starts from EMULATOR_DATA_FILE when it exists, else from the
 * demo data.
 */
export function createPlatform(deps: PlatformDependencies): Platform {
  const { logger } = deps;
  const masking = readSecretMasking(process.env.EMULATOR_SECRET_MASKING);
  const store = new ConnectionStore();
  const registeredClusters: CouchbaseCluster[] = [];
  const faults = new FaultRegistry();
  const requestLog = new RequestLog(masking);

  const snapshot = (): PlatformState => ({ connections: store.all(), registeredClusters: [...registeredClusters] });
  const stateFile = deps.dataFile ? new StateFile(deps.dataFile, snapshot, logger) : undefined;
  const applyState = (state: PlatformState) => {
    store.replaceAll(state.connections);
    registeredClusters.splice(0, registeredClusters.length, ...state.registeredClusters);
  };
  const changed = () => stateFile?.scheduleWrite();

  const saved = stateFile?.load();
  applyState(saved ?? buildDemoState());
  if (stateFile && !saved) changed();
  logger.info(
    { connections: store.all().length, dataFile: deps.dataFile ?? null, secretMasking: masking, restored: saved !== undefined },
    "Platform state ready",
  );

  const context: PlatformContext = { store, clusters: () => mergeClusters(registeredClusters), masking, changed, logger };
  const controls = {
    store,
    faults,
    requestLog,
    registeredClusters,
    users: deps.users,
    clientIds: deps.clientIds,
    reset: () => {
      applyState(buildDemoState());
      faults.clear();
      requestLog.clear();
      changed();
    },
    changed,
    logger,
  };

  let closed = false;
  const pendingDelays = new Set<() => void>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });

  async function route(req: IncomingMessage, pathname: string, params: URLSearchParams, bodyText: string, requestId: string) {
    if (pathname === FLOW_SERVICE_ROOT || pathname.startsWith(`${FLOW_SERVICE_ROOT}/`)) {
      const subpath = pathname.slice(FLOW_SERVICE_ROOT.length) || "/";
      return handleFlowService(context, deps, req, subpath, params, bodyText, requestId);
    }
    if (pathname === SANDBOX_MANAGEMENT_ROOT || pathname.startsWith(`${SANDBOX_MANAGEMENT_ROOT}/`)) {
      return handleSandboxManagement(deps, req, pathname.slice(SANDBOX_MANAGEMENT_ROOT.length), params, requestId);
    }
    return notEmulated(req.method ?? "GET", pathname);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = new Date();
    const started = performance.now();
    const requestId = requestIdFor(req, res);
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = req.method ?? "GET";

    const body = await readBody(req).catch((error: unknown) => {
      logger.warn({ err: error, requestId, method, path: url.pathname }, "reading the request body failed");
      return undefined;
    });
    if (!body) return;
    if (!body.ok) {
      sendReply(res, { status: 413, body: { error_code: "413", message: "Payload Too Large" } }, requestId);
      return;
    }
    if (closed) {
      sendReply(res, { status: 503, body: { error_code: "503", message: "The emulator is shutting down." } }, requestId);
      return;
    }

    if (url.pathname === CONTROLS_ROOT || url.pathname.startsWith(`${CONTROLS_ROOT}/`)) {
      const reply = handleControl(controls, req, url.pathname.slice(CONTROLS_ROOT.length), url.searchParams, body.text);
      sendReply(res, reply, requestId);
      return;
    }

    const fault = faults.take(method, url.pathname);
    if (fault) {
      logger.info({ requestId, faultId: fault.id, status: fault.status ?? null, delayMs: fault.delayMs ?? 0 }, "applying an injected fault");
    }
    let reply: Reply;
    try {
      if (fault?.delayMs) await delay(fault.delayMs);
      if (fault?.status !== undefined && !fault.commit) {
        reply = faultReply(fault, requestId, fault.status);
      } else {
        reply = await route(req, url.pathname, url.searchParams, body.text, requestId);
        if (fault?.status !== undefined) reply = faultReply(fault, requestId, fault.status);
      }
    } catch (error) {
      logger.error({ err: error, requestId, method, path: url.pathname }, "Platform request failed");
      reply = flowError("1102-500", "An internal error has occurred. Please try again.", requestId);
    }
    sendReply(res, reply, requestId);
    requestLog.record({
      requestId,
      receivedAt,
      method,
      path: url.pathname,
      query: url.search,
      status: reply.status,
      durationMs: Math.round(performance.now() - started),
      headers: req.headers,
      bodyText: body.text,
      faultId: fault?.id,
    });
  }

  return {
    handle,
    async close() {
      closed = true;
      for (const finish of [...pendingDelays]) finish();
      await stateFile?.flush();
    },
  };
}
