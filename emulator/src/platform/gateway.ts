import type { IncomingMessage } from "node:http";
import type { AccessTokenClaims, FixtureUser } from "../types";
import { flowError, gatewayError, missingContentTypeError } from "./errors";
import { fixtureSandboxes, type SandboxFixture } from "./fixtures";
import { headerValue, type Reply } from "./http";

export interface GatewayDependencies {
  verifyAccessToken(token: string): Promise<AccessTokenClaims | null>;
  users: FixtureUser[];
  clientIds: string[];
}

/** Identity of the caller, known once the gateway checks have passed. */
export interface Caller {
  user: FixtureUser;
  /** The OAuth client the token was issued to, which is also the x-api-key. */
  clientId: string;
  imsOrgId: string;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** Error family for a valid token whose user is not in the org of x-gw-ims-org-id. */
export type OrgMismatchError = "flow-service" | "sandbox-management";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/** Verifies a bearer token. Returns null when it is not a valid, unexpired token. */
export async function verifyToken(deps: GatewayDependencies, token: string): Promise<AccessTokenClaims | null> {
  const claims = await deps.verifyAccessToken(token);
  if (!claims || claims.expiresAt * 1000 <= Date.now()) return null;
  return claims;
}

/**
 * Runs the checks of Adobe's API gateway and Platform's org check, in this order. Authorization
 * must be present (403010) and valid (401013). x-api-key must be present (403000) and equal the
 * token's client (403003). x-gw-ims-org-id must be present (400003). A POST, PUT or PATCH needs a
 * Content-Type (400 BadRequestError). Last, the token's user must belong to that org.
 */
export async function checkGateway(
  req: IncomingMessage,
  deps: GatewayDependencies,
  requestId: string,
  orgMismatch: OrgMismatchError,
): Promise<CheckResult<Caller>> {
  const authorization = headerValue(req, "authorization");
  if (!present(authorization)) return { ok: false, reply: gatewayError("403010") };
  const bearer = /^Bearer +(\S+)$/i.exec(authorization.trim());
  const claims = bearer?.[1] ? await verifyToken(deps, bearer[1]) : null;
  if (!claims) return { ok: false, reply: gatewayError("401013") };

  const apiKey = headerValue(req, "x-api-key");
  if (!present(apiKey)) return { ok: false, reply: gatewayError("403000") };
  if (!deps.clientIds.includes(apiKey) || apiKey !== claims.clientId) return { ok: false, reply: gatewayError("403003") };

  const imsOrgId = headerValue(req, "x-gw-ims-org-id");
  if (!present(imsOrgId)) return { ok: false, reply: gatewayError("400003") };

  if (METHODS_WITH_BODY.has(req.method ?? "") && !present(headerValue(req, "content-type"))) {
    return { ok: false, reply: missingContentTypeError() };
  }

  const user = deps.users.find((candidate) => candidate.id === claims.userId);
  if (!user || user.imsOrgId !== imsOrgId.trim()) {
    const reply =
      orgMismatch === "flow-service"
        ? flowError(
            "2000-401",
            "The authorization token does not have access to this organization or the organization does not exist. Please ensure that the organization exists or contact your administrator to gain access.",
            requestId,
          )
        : gatewayError("403025");
    return { ok: false, reply };
  }
  return { ok: true, value: { user, clientId: claims.clientId, imsOrgId: user.imsOrgId } };
}

/** Sandboxes a user can see: those listed for the user that exist in the user's org. */
export function visibleSandboxes(user: FixtureUser): SandboxFixture[] {
  return (fixtureSandboxes[user.imsOrgId] ?? []).filter((sandbox) => user.sandboxes.includes(sandbox.name));
}

/**
 * Checks the sandbox headers of a Flow Service call made with a user token. x-sandbox-id is not
 * allowed (2110-400). x-sandbox-name must be present (2105-400), must not be "*" (2111-403) and
 * must name a sandbox the user can see (2100-404). Names are compared exactly, because Adobe
 * documents them as all-lowercase.
 */
export function checkSandbox(req: IncomingMessage, caller: Caller, requestId: string): CheckResult<SandboxFixture> {
  if (req.headers["x-sandbox-id"] !== undefined) {
    return {
      ok: false,
      reply: flowError(
        "2110-400",
        "The header x-sandbox-id is not allowed with the user token. Please update the header and try again.",
        requestId,
      ),
    };
  }
  const name = headerValue(req, "x-sandbox-name");
  if (!present(name)) {
    return {
      ok: false,
      reply: flowError(
        "2105-400",
        "The header x-sandbox-name is missing in the request. Please add the header in the request and try again.",
        requestId,
      ),
    };
  }
  if (name.trim() === "*") {
    return {
      ok: false,
      reply: flowError(
        "2111-403",
        "The header x-sandbox-name with value * is restricted with the user token. Please update the header and value and try again.",
        requestId,
      ),
    };
  }
  const sandbox = visibleSandboxes(caller.user).find((candidate) => candidate.name === name);
  if (!sandbox) {
    return {
      ok: false,
      reply: flowError(
        "2100-404",
        `The sandbox with the name '${name}' could not be found. Please ensure that the sandbox name is correct and try again.`,
        requestId,
      ),
    };
  }
  return { ok: true, value: sandbox };
}

/**
 * Checks that a request body is declared as JSON. The gateway has already rejected a missing
 * Content-Type, so here any media type other than application/json gets Flow Service's 1004-415.
 */
export function checkJsonContentType(req: IncomingMessage, requestId: string): Reply | undefined {
  const mediaType = (headerValue(req, "content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/json") return undefined;
  return flowError(
    "1004-415",
    "The provided payload format is unsupported. Please check your provided request and try again.",
    requestId,
  );
}
