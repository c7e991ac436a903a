import type { IncomingMessage } from "node:http";
import type { FlowServiceRequest, PlatformContext } from "../context";
import { flowError, notEmulated } from "../errors";
import { checkGateway, checkJsonContentType, checkSandbox, type GatewayDependencies } from "../gateway";
import type { Reply } from "../http";
import { createConnection, deleteConnection, getConnection, listConnections } from "./connections";
import { exploreConnection, getConnectionSpec, testConnection } from "./connectivity";
import { patchConnection } from "./patch";

type Handler = (context: PlatformContext, request: FlowServiceRequest, id: string) => Reply;

interface RouteMatch {
  handler: Handler;
  /** The id segment of the path, or "" for /connections. */
  id: string;
}

/** Flow Service resources Adobe documents that the emulator does not implement. */
const OTHER_RESOURCES = new Set(["connectionSpecs", "flows", "flowSpecs", "runs", "sourceConnections", "targetConnections"]);

function methodNotAllowed(allowed: string[]): Reply {
  return { status: 405, headers: { Allow: allowed.join(", ") }, body: { error_code: "405", message: "Method Not Allowed" } };
}

/**
 * Finds the handler for a path below /data/foundation/flowservice. Only PATCH and DELETE accept a
 * trailing slash, because only they have one in the OAS (`/connections/{id}/`). Every other path
 * that ends in a slash is an unknown path (1003-404).
 */
function matchRoute(method: string, subpath: string, requestId: string): RouteMatch | Reply {
  const trailingSlash = subpath.length > 1 && subpath.endsWith("/");
  const notFound = flowError("1003-404", "The requested resource is not found. Please check the provided request and try again.", requestId);
  let segments: string[];
  try {
    segments = (trailingSlash ? subpath.slice(1, -1) : subpath.slice(1)).split("/").map(decodeURIComponent);
  } catch {
    return notFound;
  }
  const [resource, id = "", action] = segments;
  if (trailingSlash) {
    const slashAllowed = resource === "connections" && segments.length === 2 && id !== "" && (method === "PATCH" || method === "DELETE");
    if (!slashAllowed) return notFound;
  }

  if (resource === "connections") {
    if (segments.length === 1) {
      if (method === "GET") return { handler: listConnections, id: "" };
      if (method === "POST") return { handler: createConnection, id: "" };
      return methodNotAllowed(["GET", "POST"]);
    }
    if (segments.length === 2 && id !== "") {
      if (id === "search") return notEmulated(method, "/data/foundation/flowservice/connections/search");
      if (method === "PATCH") return { handler: patchConnection, id };
      if (method === "DELETE") return { handler: deleteConnection, id };
      if (method === "GET") return { handler: getConnection, id };
      return methodNotAllowed(["GET", "PATCH", "DELETE"]);
    }
    if (segments.length === 3 && id !== "" && (action === "test" || action === "explore")) {
      if (method !== "GET") return methodNotAllowed(["GET"]);
      return { handler: action === "test" ? testConnection : exploreConnection, id };
    }
    // Any other path under /connections is an unknown path, not an unemulated resource.
    return notFound;
  }
  if (resource === "connectionSpecs" && segments.length === 2 && id !== "") {
    if (method !== "GET") return methodNotAllowed(["GET"]);
    return { handler: (_context, request, specId) => getConnectionSpec(request, specId), id };
  }
  if (resource !== undefined && OTHER_RESOURCES.has(resource)) {
    return notEmulated(method, `/data/foundation/flowservice${subpath}`);
  }
  return notFound;
}

/**
 * Handles one Flow Service call: route, gateway checks, sandbox checks, Content-Type on bodies,
 * then the handler. `subpath` is the path below /data/foundation/flowservice.
 */
export async function handleFlowService(
  context: PlatformContext,
  deps: GatewayDependencies,
  req: IncomingMessage,
  subpath: string,
  params: URLSearchParams,
  bodyText: string,
  requestId: string,
): Promise<Reply> {
  const method = req.method ?? "GET";
  const match = matchRoute(method, subpath, requestId);
  if (!("handler" in match)) return match;

  const gateway = await checkGateway(req, deps, requestId, "flow-service");
  if (!gateway.ok) return gateway.reply;
  const sandbox = checkSandbox(req, gateway.value, requestId);
  if (!sandbox.ok) return sandbox.reply;
  if (method === "POST" || method === "PATCH") {
    const contentTypeError = checkJsonContentType(req, requestId);
    if (contentTypeError) return contentTypeError;
  }
  const request: FlowServiceRequest = { req, params, bodyText, requestId, caller: gateway.value, sandbox: sandbox.value };
  return match.handler(context, request, match.id);
}
