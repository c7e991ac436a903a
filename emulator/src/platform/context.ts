import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import { findConnectionSpec, secretParamNames } from "./connection-spec";
import { maskConnectionString, SECRET_MASK, type CouchbaseCluster, type SecretMasking } from "./couchbase-driver";
import type { SandboxFixture } from "./fixtures";
import type { Caller } from "./gateway";
import type { ConnectionStore, StoredConnection } from "./store";

/** Shared state of the Platform handlers: the connections, the clusters and the output settings. */
export interface PlatformContext {
  store: ConnectionStore;
  /** Fixture clusters plus registered ones. A registered cluster replaces a fixture one on the same server and port. */
  clusters(): CouchbaseCluster[];
  masking: SecretMasking;
  /** Call after every change to the state, so the data file follows. */
  changed(): void;
  logger: Logger;
}

/** One Flow Service call that has passed the gateway and sandbox checks. */
export interface FlowServiceRequest {
  req: IncomingMessage;
  params: URLSearchParams;
  bodyText: string;
  requestId: string;
  caller: Caller;
  sandbox: SandboxFixture;
}

/** Returns a copy of auth params with every `format: password` param masked. */
export function maskedParams(connection: StoredConnection, masking: SecretMasking): Record<string, unknown> {
  const params = { ...connection.auth.params };
  const authSpec = findConnectionSpec(connection.connectionSpec.id)?.authSpec.find(
    (candidate) => candidate.name === connection.auth.specName,
  );
  for (const name of authSpec ? secretParamNames(authSpec) : Object.keys(params)) {
    const value = params[name];
    if (value === undefined) continue;
    params[name] = name === "connectionString" && typeof value === "string" ? maskConnectionString(value, masking) : SECRET_MASK;
  }
  return params;
}

/**
 * The connection as Flow Service returns it (OAS ConnectionItemDTO): all documented fields,
 * `version` equal to `etag`, secrets masked, and no emulator-only fields.
 */
export function publicConnection(connection: StoredConnection, masking: SecretMasking): Record<string, unknown> {
  return {
    id: connection.id,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
    createdBy: connection.createdBy,
    updatedBy: connection.updatedBy,
    createdClient: connection.createdClient,
    updatedClient: connection.updatedClient,
    sandboxId: connection.sandboxId,
    sandboxName: connection.sandboxName,
    imsOrgId: connection.imsOrgId,
    name: connection.name,
    description: connection.description,
    connectionSpec: { ...connection.connectionSpec },
    state: connection.state,
    auth: { specName: connection.auth.specName, params: maskedParams(connection, masking) },
    version: connection.etag,
    etag: connection.etag,
  };
}
