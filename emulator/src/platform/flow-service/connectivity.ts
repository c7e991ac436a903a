import { findConnectionSpec } from "../connection-spec";
import type { FlowServiceRequest, PlatformContext } from "../context";
import { checkConnectivity, type ConnectivityResult } from "../couchbase-driver";
import { flowError, notEmulated } from "../errors";
import type { Reply } from "../http";
import type { StoredConnection } from "../store";
import { findConnection } from "./connections";

function connectivityOf(context: PlatformContext, connection: StoredConnection): ConnectivityResult {
  const connectionString = connection.auth.params.connectionString;
  if (typeof connectionString !== "string") {
    return { ok: false, errorCode: "malformed-connection-string", reason: "The connection has no connection string." };
  }
  return checkConnectivity(connectionString, context.clusters());
}

/**
 * GET /connections/{id}/test. Adobe documents only `{result: boolean}`; on failure the emulator
 * adds `reason` (a sentence naming host, port or user, never a password) and `errorCode`.
 */
export function testConnection(context: PlatformContext, request: FlowServiceRequest, id: string): Reply {
  const found = findConnection(context, request, id);
  if (!found.ok) return found.reply;
  const result = connectivityOf(context, found.connection);
  if (result.ok) return { status: 200, body: { result: true } };
  return { status: 200, body: { result: false, reason: result.reason, errorCode: result.errorCode } };
}

/**
 * GET /connections/{id}/explore. With objectType=root the cluster's buckets come back as tables.
 * When the driver cannot connect, the response is 400 with code 1308-400, the documented code for
 * an error passed on from the underlying data movement engine.
 */
export function exploreConnection(context: PlatformContext, request: FlowServiceRequest, id: string): Reply {
  const { requestId } = request;
  const found = findConnection(context, request, id);
  if (!found.ok) return found.reply;

  const objectType = request.params.get("objectType");
  if (objectType === null || objectType === "") {
    return flowError("1359-400", "The param objectType is missing in the request. Please provide a valid objectType and try again.", requestId);
  }
  // The OAS enum also has FILE, FOLDER and REST, which do not apply to a database source.
  const normalizedType = objectType.toLowerCase();
  if (normalizedType !== "root" && normalizedType !== "table") {
    return flowError("1358-400", "The provided param 'objectType' is invalid. Please provide a valid objectType and try again.", requestId);
  }
  if (normalizedType === "table") {
    if (!request.params.get("object")) {
      return flowError("1337-400", "The object cannot be empty for objectType=table. Please provide valid object and try again.", requestId);
    }
    return notEmulated("GET", "/data/foundation/flowservice/connections/{id}/explore?objectType=table");
  }

  const result = connectivityOf(context, found.connection);
  if (!result.ok) {
    return flowError("1308-400", `The request could not be processed. Error message: ${result.reason}`, requestId, {
      entityId: id,
      entityType: "connections",
    });
  }
  return {
    status: 200,
    body: result.cluster.buckets.map((bucket) => ({
      type: "table",
      name: bucket,
      path: bucket,
      canPreview: true,
      canFetchSchema: true,
    })),
  };
}

/** GET /connectionSpecs/{id}: returns `{items: [spec]}`, the OAS ConnectionSpecResponse wrapper. */
export function getConnectionSpec(request: FlowServiceRequest, id: string): Reply {
  const spec = findConnectionSpec(id);
  if (!spec) {
    return flowError(
      "1101-404",
      "The requested resource is not found. Error from flow provider: Resource with given id does not exist.",
      request.requestId,
      { entityId: id, entityType: "connectionSpecs" },
    );
  }
  return { status: 200, body: { items: [spec] } };
}
