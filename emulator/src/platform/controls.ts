import type { IncomingMessage } from "node:http";
import Ajv, { type JSONSchemaType } from "ajv";
import type { Logger } from "pino";
import type { FixtureUser } from "../types";
import type { CouchbaseCluster } from "./couchbase-driver";
import { buildConnectionString } from "./couchbase-driver";
import { numberedConnections } from "./demo-data";
import type { FaultRegistry } from "./faults";
import { fixtureClusters, fixtureSandboxes, validateCluster } from "./fixtures";
import { controlError, type Reply } from "./http";
import type { RequestLog } from "./request-log";
import type { ConnectionStore } from "./store";

// Test controls under /__emulator/. Adobe has nothing like them: they exist so tests can reset
// state, read what was stored, add clusters, inject faults and read what the emulator received.
// They take no credentials, so the emulator should listen only on a loopback address, as it does
// by default (EMULATOR_HOST=127.0.0.1).

export const CONTROLS_ROOT = "/__emulator";

/** Largest `count` POST /__emulator/seed accepts in one call. */
export const MAX_SEED_COUNT = 100_000;

interface SeedRequest {
  imsOrgId?: string;
  sandbox: string;
  count: number;
  namePrefix: string;
}

const seedSchema: JSONSchemaType<SeedRequest> = {
  type: "object",
  properties: {
    imsOrgId: { type: "string", nullable: true },
    sandbox: { type: "string", minLength: 1 },
    count: { type: "integer", minimum: 1, maximum: MAX_SEED_COUNT },
    namePrefix: { type: "string", minLength: 1 },
  },
  required: ["sandbox", "count", "namePrefix"],
  additionalProperties: false,
};

const validateSeed = new Ajv({ allErrors: true, strict: true }).compile(seedSchema);

export interface ControlsDependencies {
  store: ConnectionStore;
  faults: FaultRegistry;
  requestLog: RequestLog;
  registeredClusters: CouchbaseCluster[];
  users: FixtureUser[];
  clientIds: string[];
  /** Restores the demo state, clears registered clusters, faults and the request log. */
  reset(): void;
  changed(): void;
  logger: Logger;
}

function parseBody(bodyText: string): { ok: true; body: unknown } | { ok: false; reply: Reply } {
  try {
    return { ok: true, body: bodyText.trim() === "" ? undefined : JSON.parse(bodyText) };
  } catch {
    return { ok: false, reply: controlError(400, "The request body is not valid JSON.") };
  }
}

function problemsOf(errors: { instancePath: string; message?: string }[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || "body"} ${error.message ?? "is invalid"}`).join("; ");
}

/** The default org of seed and count: the first fixture user's, which is the demo operator's. */
function defaultOrg(deps: ControlsDependencies): string | undefined {
  return deps.users[0]?.imsOrgId;
}

function registerCluster(deps: ControlsDependencies, body: unknown): Reply {
  if (!validateCluster(body)) return controlError(400, `Invalid cluster: ${problemsOf(validateCluster.errors)}.`);
  const cluster: CouchbaseCluster = { server: body.server, port: body.port, users: body.users, buckets: body.buckets };
  const existing = deps.registeredClusters.findIndex(
    (candidate) => candidate.server.toLowerCase() === cluster.server.toLowerCase() && candidate.port === cluster.port,
  );
  if (existing >= 0) deps.registeredClusters.splice(existing, 1, cluster);
  else deps.registeredClusters.push(cluster);
  deps.changed();
  deps.logger.info({ server: cluster.server, port: cluster.port, users: cluster.users.length }, "registered a Couchbase cluster");
  return { status: 201, body: describeCluster(cluster) };
}

/** Returns a cluster without its passwords. */
function describeCluster(cluster: CouchbaseCluster): Record<string, unknown> {
  return { server: cluster.server, port: cluster.port, users: cluster.users.map((user) => ({ user: user.user })), buckets: cluster.buckets };
}

function seed(deps: ControlsDependencies, body: unknown): Reply {
  if (!validateSeed(body)) return controlError(400, `Invalid seed request: ${problemsOf(validateSeed.errors)}.`);
  const imsOrgId = body.imsOrgId ?? defaultOrg(deps);
  if (imsOrgId === undefined || !fixtureSandboxes[imsOrgId]?.some((sandbox) => sandbox.name === body.sandbox)) {
    return controlError(400, `IMS org ${String(imsOrgId)} has no sandbox "${body.sandbox}".`);
  }
  const creator = deps.users.find((user) => user.imsOrgId === imsOrgId);
  const demoCluster = fixtureClusters[0]!;
  const demoUser = demoCluster.users[0]!;
  const now = Date.now();
  const connections = numberedConnections({
    imsOrgId,
    sandboxName: body.sandbox,
    count: body.count,
    namePrefix: body.namePrefix,
    firstCreatedAt: now - body.count + 1,
    createdBy: creator?.id ?? "seed@AdobeID",
    createdClient: deps.clientIds[0] ?? "exc_app",
    connectionString: buildConnectionString(demoCluster.server, demoCluster.port, demoUser.user, demoUser.password),
    ids: "random",
  });
  for (const connection of connections) deps.store.put(connection);
  deps.changed();
  deps.logger.info({ imsOrgId, sandbox: body.sandbox, count: body.count }, "seeded connections");
  return {
    status: 201,
    body: { created: connections.length, imsOrgId, sandbox: body.sandbox, first: connections[0]?.name, last: connections.at(-1)?.name },
  };
}

/** Handles a request under /__emulator/. `subpath` is the path below it. */
export function handleControl(
  deps: ControlsDependencies,
  req: IncomingMessage,
  subpath: string,
  params: URLSearchParams,
  bodyText: string,
): Reply {
  const method = req.method ?? "GET";
  const route = `${method} ${subpath.replace(/\/$/, "")}`;
  const parsed = parseBody(bodyText);
  if (!parsed.ok) return parsed.reply;
  const { body } = parsed;

  const connectionMatch = /^GET \/connections\/([^/]+)$/.exec(route);
  if (connectionMatch) {
    let id: string;
    try {
      id = decodeURIComponent(connectionMatch[1]!);
    } catch {
      return controlError(400, "The connection id in the path is not valid percent-encoding.");
    }
    const connection = deps.store.getAnywhere(id);
    return connection ? { status: 200, body: connection } : controlError(404, `No connection has the id ${id}.`);
  }

  switch (route) {
    case "POST /reset":
      deps.reset();
      deps.logger.info("reset the Platform state to the demo data");
      return { status: 200, body: { reset: true } };
    case "POST /clusters":
      return registerCluster(deps, body);
    case "GET /clusters":
      return { status: 200, body: { fixture: fixtureClusters.map(describeCluster), registered: deps.registeredClusters.map(describeCluster) } };
    case "POST /faults": {
      const added = deps.faults.add(body);
      if (!added.ok) return controlError(400, `Invalid fault: ${added.problems.join("; ")}.`);
      deps.logger.info({ faultId: added.fault.id, method: added.fault.method, path: added.fault.path, status: added.fault.status }, "added a fault");
      return { status: 201, body: added.fault };
    }
    case "GET /faults":
      return { status: 200, body: { faults: deps.faults.list() } };
    case "DELETE /faults":
      deps.faults.clear();
      return { status: 204 };
    case "GET /requests":
      return { status: 200, body: { requests: deps.requestLog.list() } };
    case "DELETE /requests":
      deps.requestLog.clear();
      return { status: 204 };
    case "POST /seed":
      return seed(deps, body);
    case "GET /count": {
      const sandbox = params.get("sandbox");
      const imsOrgId = params.get("imsOrgId") ?? defaultOrg(deps);
      if (!sandbox || imsOrgId === undefined) return controlError(400, "The query parameter sandbox is required.");
      return { status: 200, body: { imsOrgId, sandbox, count: deps.store.count(imsOrgId, sandbox) } };
    }
    default:
      return controlError(404, `No test control handles ${method} ${CONTROLS_ROOT}${subpath}. See emulator/README.md for the list.`);
  }
}
