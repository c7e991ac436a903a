import { randomBytes } from "node:crypto";
import type { CouchbaseCluster } from "./couchbase-driver";

/** A base connection as the emulator stores it, secrets in clear. Only test controls return it whole. */
export interface StoredConnection {
  id: string;
  imsOrgId: string;
  sandboxName: string;
  sandboxId: string;
  name: string;
  description?: string;
  connectionSpec: { id: string; version: string };
  state: string;
  auth: { specName: string; params: Record<string, unknown> };
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
  createdClient: string;
  updatedClient: string;
  /** Quoted, as Adobe sends it, such as "\"1a2b3c4d-0000-0200-0000-65f0a1b20000\"". */
  etag: string;
  /** Dataflows that use this connection. A non-empty list blocks DELETE with 1418-400. */
  dataflowIds: string[];
}

/** Everything the Platform part keeps between requests and, with a data file, across restarts. */
export interface PlatformState {
  connections: StoredConnection[];
  /** Clusters added through POST /__emulator/clusters, on top of the fixture clusters. */
  registeredClusters: CouchbaseCluster[];
}

/**
 * Makes an etag in the layout Flow Service uses (a Cosmos DB style id), with its own quotes. The
 * last group carries the time in seconds, as Adobe's do, and the first is random so two updates
 * in the same second still differ.
 */
export function newEtag(now = Date.now()): string {
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, "0");
  return `"${randomBytes(4).toString("hex")}-0000-0200-0000-${seconds}0000"`;
}

function scopeKey(imsOrgId: string, sandboxName: string): string {
  return `${imsOrgId}\n${sandboxName}`;
}

/** Connections indexed by id and by (IMS org, sandbox), the scope every Flow Service call has. */
export class ConnectionStore {
  private readonly byId = new Map<string, StoredConnection>();
  private readonly byScope = new Map<string, Map<string, StoredConnection>>();

  constructor(connections: readonly StoredConnection[] = []) {
    for (const connection of connections) this.put(connection);
  }

  /** Connections of one org and sandbox, in insertion order. */
  list(imsOrgId: string, sandboxName: string): StoredConnection[] {
    return [...(this.byScope.get(scopeKey(imsOrgId, sandboxName))?.values() ?? [])];
  }

  count(imsOrgId: string, sandboxName: string): number {
    return this.byScope.get(scopeKey(imsOrgId, sandboxName))?.size ?? 0;
  }

  /** Finds a connection in the caller's scope. A connection of another sandbox is not found. */
  get(imsOrgId: string, sandboxName: string, id: string): StoredConnection | undefined {
    return this.byScope.get(scopeKey(imsOrgId, sandboxName))?.get(id);
  }

  /** Finds a connection in any scope. For test controls only. */
  getAnywhere(id: string): StoredConnection | undefined {
    return this.byId.get(id);
  }

  /** Inserts or replaces a connection. */
  put(connection: StoredConnection): void {
    const previous = this.byId.get(connection.id);
    if (previous) this.byScope.get(scopeKey(previous.imsOrgId, previous.sandboxName))?.delete(previous.id);
    this.byId.set(connection.id, connection);
    const key = scopeKey(connection.imsOrgId, connection.sandboxName);
    let scope = this.byScope.get(key);
    if (!scope) {
      scope = new Map();
      this.byScope.set(key, scope);
    }
    scope.set(connection.id, connection);
  }

  delete(id: string): boolean {
    const connection = this.byId.get(id);
    if (!connection) return false;
    this.byId.delete(id);
    this.byScope.get(scopeKey(connection.imsOrgId, connection.sandboxName))?.delete(id);
    return true;
  }

  all(): StoredConnection[] {
    return [...this.byId.values()];
  }

  replaceAll(connections: readonly StoredConnection[]): void {
    this.byId.clear();
    this.byScope.clear();
    for (const connection of connections) this.put(connection);
  }
}
