import { randomUUID } from "node:crypto";
import { findConnectionSpec, validateAuthParams } from "../connection-spec";
import { publicConnection, type FlowServiceRequest, type PlatformContext } from "../context";
import { flowError } from "../errors";
import { headerValue, type Reply } from "../http";
import { newEtag, type StoredConnection } from "../store";
import { countMatching, encodeContinuationToken, parseListQuery, selectPage } from "./list-query";

export const FLOW_SERVICE_ROOT = "/data/foundation/flowservice";

/** States in which Flow Service allows an update or a delete. */
const MUTABLE_STATES = new Set(["enabled", "disabled", "initializing"]);

const CREATE_FIELDS = new Set(["name", "description", "auth", "connectionSpec"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mandatoryField(field: string, requestId: string): Reply {
  return flowError("1304-400", `The mandatory field ${field} is not provided. Please provide the ${field} and try again.`, requestId);
}

/** Parses a JSON request body, or returns the 1405-400 or 1000-400 reply for it. */
export function parseJsonBody(request: FlowServiceRequest): { ok: true; body: unknown } | { ok: false; reply: Reply } {
  if (request.bodyText.trim() === "") {
    return {
      ok: false,
      reply: flowError(
        "1405-400",
        "The request body cannot be null or empty. Please provide a request body and try again.",
        request.requestId,
      ),
    };
  }
  try {
    return { ok: true, body: JSON.parse(request.bodyText) };
  } catch {
    return {
      ok: false,
      reply: flowError("1000-400", "The request is invalid: the request body is not valid JSON.", request.requestId),
    };
  }
}

/** Returns the connection in the caller's org and sandbox, or the 1101-404 reply. */
export function findConnection(
  context: PlatformContext,
  request: FlowServiceRequest,
  id: string,
): { ok: true; connection: StoredConnection } | { ok: false; reply: Reply } {
  const connection = context.store.get(request.caller.imsOrgId, request.sandbox.name, id);
  if (connection) return { ok: true, connection };
  return {
    ok: false,
    reply: flowError(
      "1101-404",
      "The requested resource is not found. Error from flow provider: Resource with given id does not exist.",
      request.requestId,
      { entityId: id, entityType: "connections" },
    ),
  };
}

/**
 * Splits an If-Match value into its entity tags, the comma-separated list of RFC 9110 section
 * 13.1.1. A comma inside quotes belongs to the tag, and empty list members are dropped.
 */
function splitIfMatch(ifMatch: string): string[] {
  const members: string[] = [];
  let member = "";
  let quoted = false;
  for (const character of ifMatch) {
    if (character === '"') quoted = !quoted;
    if (character === "," && !quoted) {
      members.push(member);
      member = "";
    } else {
      member += character;
    }
  }
  members.push(member);
  return members.map((value) => value.trim()).filter((value) => value !== "");
}

/**
 * Checks whether an If-Match value names the current etag: true when any listed tag equals it, with
 * or without the quotes. `*` and weak tags (`W/"..."`) never match, alone or in a list.
 */
export function etagMatches(ifMatch: string, etag: string): boolean {
  const bare = (value: string) => value.trim().replace(/^"(.*)"$/, "$1");
  return splitIfMatch(ifMatch).some((tag) => bare(tag) === bare(etag));
}

export function staleVersionError(ifMatch: string, connection: StoredConnection, requestId: string): Reply {
  const supplied =
    splitIfMatch(ifMatch).length > 1
      ? `None of the supplied versions '${ifMatch.trim()}' matches`
      : `The supplied version '${ifMatch.trim()}' does not match`;
  return flowError(
    "1404-412",
    `${supplied} the current version on entity '${connection.etag}'. Please ensure that the supplied version matches the current version on entity and try again.`,
    requestId,
    { entityId: connection.id, entityType: "connections" },
  );
}

export function immutableStateError(connection: StoredConnection, requestId: string): Reply | undefined {
  if (MUTABLE_STATES.has(connection.state)) return undefined;
  return flowError(
    "1416-400",
    "Delete or Update can only be applied on connection with enabled, disabled or initializing state.",
    requestId,
    { entityId: connection.id, entityType: "connections" },
  );
}

/** POST /connections: validates as Flow Service documents, stores, and returns 201 {id, etag}. */
export function createConnection(context: PlatformContext, request: FlowServiceRequest): Reply {
  const { requestId } = request;
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.body;
  if (!isObject(body)) return flowError("1000-400", "The request is invalid: the request body must be a JSON object.", requestId);
  const unknownField = Object.keys(body).find((field) => !CREATE_FIELDS.has(field));
  if (unknownField !== undefined) {
    return flowError("1000-400", `The request is invalid: the field "${unknownField}" is not part of a connection.`, requestId);
  }

  const specReference = body.connectionSpec;
  if (!isObject(specReference) || typeof specReference.id !== "string" || specReference.id === "") {
    return mandatoryField("connectionSpec.id", requestId);
  }
  const spec = findConnectionSpec(specReference.id);
  const versionValid = specReference.version === undefined || specReference.version === spec?.version;
  if (!spec || !versionValid) {
    return flowError("1413-400", "The spec ID provided is invalid. Please provide a valid spec ID and try again.", requestId);
  }

  if (typeof body.name !== "string" || body.name.trim() === "") return mandatoryField("name", requestId);
  if (body.description !== undefined && typeof body.description !== "string") {
    return flowError("1000-400", "The request is invalid: description must be a string.", requestId);
  }

  const auth = body.auth;
  if (!isObject(auth)) return mandatoryField("auth", requestId);
  if (typeof auth.specName !== "string" || auth.specName === "") return mandatoryField("auth.specName", requestId);
  const authSpec = spec.authSpec.find((candidate) => candidate.name === auth.specName);
  if (!authSpec) {
    return flowError(
      "1415-400",
      `The auth spec '${auth.specName}' could not be found for the connection spec ID ${spec.id}.`,
      requestId,
    );
  }
  if (auth.params === undefined) return mandatoryField("auth.params", requestId);
  const problems = validateAuthParams(authSpec, auth.params);
  if (problems.length > 0) {
    return flowError(
      "1312-400",
      `The provided param value is not a valid input for auth spec '${authSpec.name}': ${problems.join("; ")}.`,
      requestId,
    );
  }

  const now = Date.now();
  const connection: StoredConnection = {
    id: randomUUID(),
    imsOrgId: request.caller.imsOrgId,
    sandboxName: request.sandbox.name,
    sandboxId: request.sandbox.id,
    name: body.name,
    description: body.description,
    connectionSpec: { id: spec.id, version: spec.version },
    state: "enabled",
    auth: { specName: authSpec.name, params: auth.params as Record<string, unknown> },
    createdAt: now,
    updatedAt: now,
    createdBy: request.caller.user.id,
    updatedBy: request.caller.user.id,
    createdClient: request.caller.clientId,
    updatedClient: request.caller.clientId,
    etag: newEtag(now),
    dataflowIds: [],
  };
  context.store.put(connection);
  context.changed();
  return {
    status: 201,
    headers: { Location: `${FLOW_SERVICE_ROOT}/connections/${connection.id}` },
    body: { id: connection.id, etag: connection.etag },
  };
}

/** GET /connections: filters, order, keyset pages with `_links.next`, or `{count}`. */
export function listConnections(context: PlatformContext, request: FlowServiceRequest): Reply {
  const { imsOrgId } = request.caller;
  const sandboxName = request.sandbox.name;
  const parsed = parseListQuery(request.params, imsOrgId, sandboxName, request.requestId);
  if (!parsed.ok) return parsed.reply;
  const { query } = parsed;
  const connections = context.store.list(imsOrgId, sandboxName);
  if (query.count) return { status: 200, body: { count: countMatching(connections, query) } };

  const page = selectPage(connections, query);
  const links: Record<string, { href: string }> = {};
  if (page.next) {
    const token = encodeContinuationToken(query, imsOrgId, sandboxName, page.next);
    links.next = { href: `/connections?continuationToken=${encodeURIComponent(token)}` };
  }
  return {
    status: 200,
    body: { items: page.items.map((connection) => publicConnection(connection, context.masking)), _links: links },
  };
}

/** GET /connections/{id}: Flow Service wraps even a single connection in `{items: [...]}`. */
export function getConnection(context: PlatformContext, request: FlowServiceRequest, id: string): Reply {
  const found = findConnection(context, request, id);
  if (!found.ok) return found.reply;
  return { status: 200, body: { items: [publicConnection(found.connection, context.masking)] } };
}

/**
 * DELETE /connections/{id}: 204, or 1418-400 while a dataflow uses it. Adobe documents no
 * If-Match for DELETE; when one is sent anyway it must match.
 */
export function deleteConnection(context: PlatformContext, request: FlowServiceRequest, id: string): Reply {
  const found = findConnection(context, request, id);
  if (!found.ok) return found.reply;
  const { connection } = found;
  const ifMatch = headerValue(request.req, "if-match");
  if (ifMatch !== undefined && !etagMatches(ifMatch, connection.etag)) {
    return staleVersionError(ifMatch, connection, request.requestId);
  }
  const stateError = immutableStateError(connection, request.requestId);
  if (stateError) return stateError;
  if (connection.dataflowIds.length > 0) {
    return flowError(
      "1418-400",
      `The base connection with the ID ${connection.id} cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection.`,
      request.requestId,
      { entityId: connection.id, entityType: "connections" },
    );
  }
  context.store.delete(connection.id);
  context.changed();
  return { status: 204 };
}
