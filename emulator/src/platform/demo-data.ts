import { createHash } from "node:crypto";
import { COUCHBASE_AUTH_SPEC_NAME, COUCHBASE_CONNECTION_SPEC_ID } from "./connection-spec";
import { buildConnectionString } from "./couchbase-driver";
import { demoConnectionFixtures, fixtureSandboxes } from "./fixtures";
import type { PlatformState, StoredConnection } from "./store";

/** Derives a stable UUID-shaped id from a seed text, so every reset restores the same ids. */
function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Derives a stable etag from a connection id and its time, in the layout newEtag uses. */
function stableEtag(id: string, time: number): string {
  const seconds = Math.floor(time / 1000).toString(16).padStart(8, "0");
  return `"${stableUuid(`etag:${id}`).slice(0, 8)}-0000-0200-0000-${seconds}0000"`;
}

/** Returns the sandbox id, or throws when the org has no such sandbox in sandboxes.json. */
export function sandboxIdOf(imsOrgId: string, sandboxName: string): string {
  const sandbox = fixtureSandboxes[imsOrgId]?.find((candidate) => candidate.name === sandboxName);
  if (!sandbox) throw new Error(`IMS org ${imsOrgId} has no sandbox "${sandboxName}" in emulator/fixtures/sandboxes.json`);
  return sandbox.id;
}

export interface NumberedConnectionsRequest {
  imsOrgId: string;
  sandboxName: string;
  count: number;
  /** Each name is this prefix followed by a zero-padded number, at least 3 digits: prefix001. */
  namePrefix: string;
  firstCreatedAt: number;
  createdBy: string;
  createdClient: string;
  connectionString: string;
  /** With `stable`, ids and etags derive from the names, so a reset gives the same values. */
  ids: "stable" | "random";
}

/**
 * Builds numbered Couchbase connections, created one millisecond apart so that every order by
 * createdAt is unambiguous.
 */
export function numberedConnections(request: NumberedConnectionsRequest): StoredConnection[] {
  const digits = Math.max(3, String(request.count).length);
  const sandboxId = sandboxIdOf(request.imsOrgId, request.sandboxName);
  const connections: StoredConnection[] = [];
  for (let number = 1; number <= request.count; number += 1) {
    const name = `${request.namePrefix}${String(number).padStart(digits, "0")}`;
    const createdAt = request.firstCreatedAt + number - 1;
    const id =
      request.ids === "stable" ? stableUuid(`${request.imsOrgId}/${request.sandboxName}/${name}`) : crypto.randomUUID();
    connections.push({
      id,
      imsOrgId: request.imsOrgId,
      sandboxName: request.sandboxName,
      sandboxId,
      name,
      description: "",
      connectionSpec: { id: COUCHBASE_CONNECTION_SPEC_ID, version: "1.0" },
      state: "enabled",
      auth: { specName: COUCHBASE_AUTH_SPEC_NAME, params: { connectionString: request.connectionString } },
      createdAt,
      updatedAt: createdAt,
      createdBy: request.createdBy,
      updatedBy: request.createdBy,
      createdClient: request.createdClient,
      updatedClient: request.createdClient,
      etag: stableEtag(id, createdAt),
      dataflowIds: [],
    });
  }
  return connections;
}

/** Builds the demo state from emulator/fixtures/demo-connections.json. Reset restores exactly this state. */
export function buildDemoState(): PlatformState {
  const connections: StoredConnection[] = demoConnectionFixtures.connections.map((fixture) => {
    const createdAt = Date.parse(fixture.createdAt);
    const { cluster } = fixture;
    const connectionString =
      fixture.connectionString ??
      (cluster ? buildConnectionString(cluster.server, cluster.port, cluster.user, cluster.password) : undefined);
    if (connectionString === undefined) {
      throw new Error(`demo connection ${fixture.id} in emulator/fixtures/demo-connections.json needs "cluster" or "connectionString"`);
    }
    return {
      id: fixture.id,
      imsOrgId: fixture.imsOrgId,
      sandboxName: fixture.sandboxName,
      sandboxId: sandboxIdOf(fixture.imsOrgId, fixture.sandboxName),
      name: fixture.name,
      description: fixture.description ?? "",
      connectionSpec: { id: COUCHBASE_CONNECTION_SPEC_ID, version: "1.0" },
      state: fixture.state,
      auth: { specName: COUCHBASE_AUTH_SPEC_NAME, params: { connectionString } },
      createdAt,
      updatedAt: createdAt,
      createdBy: fixture.createdBy,
      updatedBy: fixture.createdBy,
      createdClient: fixture.createdClient,
      updatedClient: fixture.createdClient,
      etag: stableEtag(fixture.id, createdAt),
      dataflowIds: fixture.dataflowIds ?? [],
    };
  });

  for (const run of demoConnectionFixtures.generated) {
    connections.push(
      ...numberedConnections({
        imsOrgId: run.imsOrgId,
        sandboxName: run.sandboxName,
        count: run.count,
        namePrefix: run.namePrefix,
        firstCreatedAt: Date.parse(run.firstCreatedAt),
        createdBy: run.createdBy,
        createdClient: run.createdClient,
        connectionString: buildConnectionString(run.cluster.server, run.cluster.port, run.cluster.user, run.cluster.password),
        ids: "stable",
      }),
    );
  }
  return { connections, registeredClusters: [] };
}
