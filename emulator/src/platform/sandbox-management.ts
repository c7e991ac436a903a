import type { IncomingMessage } from "node:http";
import { gatewayError, notEmulated } from "./errors";
import { checkGateway, verifyToken, visibleSandboxes, type GatewayDependencies } from "./gateway";
import { headerValue, type Reply } from "./http";

export const SANDBOX_MANAGEMENT_ROOT = "/data/foundation/sandbox-management";

/** Defaults when neither `limit` nor `offset` is sent, from Adobe's Sandbox API appendix. */
const DEFAULT_LIMIT = 50;
const DEFAULT_OFFSET = 0;

/**
 * Largest accepted `limit` and `offset`. Above Number.MAX_SAFE_INTEGER a JavaScript number no
 * longer represents every whole number exactly.
 */
const MAX_PAGING_VALUE = Number.MAX_SAFE_INTEGER;

/**
 * Builds a 400 of the Sandbox Management API. Adobe documents the status but not the body, so
 * this uses the RFC 9457 problem shape that the Platform gateway uses for its own 400.
 */
function badRequest(detail: string): Reply {
  return { status: 400, body: { type: "about:blank", title: "Bad Request", status: 400, detail } };
}

function parsePaging(params: URLSearchParams): { limit: number; offset: number } | Reply {
  for (const name of new Set(params.keys())) {
    if (name !== "limit" && name !== "offset") {
      return badRequest(`The query parameter ${name} is not supported. Use limit and offset together.`);
    }
    if (params.getAll(name).length > 1) return badRequest(`The query parameter ${name} must appear at most once.`);
  }
  const limitText = params.get("limit");
  const offsetText = params.get("offset");
  if (limitText === null && offsetText === null) return { limit: DEFAULT_LIMIT, offset: DEFAULT_OFFSET };
  if (limitText === null || offsetText === null) {
    return badRequest("The limit and offset query parameters have to be specified together.");
  }
  const limit = parseWholeNumber(limitText);
  if (limit === undefined || limit < 1) return badRequest("limit must be a whole number greater than 0.");
  if (limit > MAX_PAGING_VALUE) return badRequest(`limit must be at most ${MAX_PAGING_VALUE}.`);
  const offset = parseWholeNumber(offsetText);
  if (offset === undefined) return badRequest("offset must be a whole number of 0 or more.");
  if (offset > MAX_PAGING_VALUE) return badRequest(`offset must be at most ${MAX_PAGING_VALUE}.`);
  return { limit, offset };
}

/** Returns the value of a string of decimal digits, or undefined for a sign, fraction, exponent or other text. */
function parseWholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function notFound(): Reply {
  return { status: 404, body: { type: "about:blank", title: "Not Found", status: 404, detail: "No such Sandbox Management API path." } };
}

/**
 * GET /data/foundation/sandbox-management/ ("List available sandboxes"): open to every user, no
 * x-sandbox-name. The optional x-user-token names the user whose sandboxes are listed.
 */
export async function handleSandboxManagement(
  deps: GatewayDependencies,
  req: IncomingMessage,
  subpath: string,
  params: URLSearchParams,
  requestId: string,
): Promise<Reply> {
  const method = req.method ?? "GET";
  if (subpath !== "" && subpath !== "/") {
    // Only the root takes a trailing slash, so any other path that ends in one is unknown.
    if (subpath.endsWith("/")) return notFound();
    const adminPath = /^\/(sandboxes|sandboxTypes)(\/|$)/.test(subpath);
    return adminPath ? notEmulated(method, `${SANDBOX_MANAGEMENT_ROOT}${subpath}`) : notFound();
  }
  if (method !== "GET") {
    return { status: 405, headers: { Allow: "GET" }, body: { error_code: "405", message: "Method Not Allowed" } };
  }

  const gateway = await checkGateway(req, deps, requestId, "sandbox-management");
  if (!gateway.ok) return gateway.reply;
  let user = gateway.value.user;
  const userToken = headerValue(req, "x-user-token");
  if (userToken !== undefined) {
    const claims = await verifyToken(deps, userToken.replace(/^Bearer +/i, "").trim());
    if (!claims) return gatewayError("401013");
    const tokenUser = deps.users.find((candidate) => candidate.id === claims.userId);
    if (!tokenUser || tokenUser.imsOrgId !== gateway.value.imsOrgId) return gatewayError("403025");
    user = tokenUser;
  }

  const paging = parsePaging(params);
  if ("status" in paging) return paging;
  const { limit, offset } = paging;

  const sandboxes = visibleSandboxes(user);
  const page = sandboxes.slice(offset, offset + limit).map((sandbox) => ({
    name: sandbox.name,
    title: sandbox.title,
    state: "active",
    type: sandbox.type,
    region: sandbox.region,
    isDefault: sandbox.isDefault,
    etag: sandbox.etag,
    createdDate: sandbox.createdDate,
    lastModifiedDate: sandbox.lastModifiedDate,
    createdBy: sandbox.createdBy,
    modifiedBy: sandbox.modifiedBy,
  }));
  const base = `http://${headerValue(req, "host") ?? "127.0.0.1"}${SANDBOX_MANAGEMENT_ROOT}/`;
  const links: Record<string, { href: string; templated?: boolean }> = {
    page: { href: `${base}?limit={limit}&offset={offset}`, templated: true },
  };
  if (offset + limit < sandboxes.length) links.next = { href: `${base}?limit=${limit}&offset=${offset + limit}` };
  return { status: 200, body: { sandboxes: page, _page: { limit, count: page.length }, _links: links } };
}
