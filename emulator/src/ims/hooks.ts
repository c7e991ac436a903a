import type { ParameterizedContext } from "koa";
import type Provider from "oidc-provider";
import type { errors, KoaContextWithOIDC } from "oidc-provider";
import type { Logger } from "pino";
import type { FixtureUser } from "../types";
import type { AccessTokenVerifier } from "./access-tokens";
import { claimsForScopes } from "./users";

/**
 * Installs middleware and event listeners that fill two gaps oidc-provider 9 leaves for JWT access
 * tokens, through its documented extension points (`provider.use` and provider events):
 *
 * - Userinfo: oidc-provider serves it only for stored (opaque) access tokens without an audience
 *   (lib/actions/userinfo.js), and it never stores JWT access tokens. The middleware below serves
 *   /ims/userinfo/v2 for the emulator's JWT access tokens before oidc-provider's route runs.
 * - Revocation: oidc-provider rejects JWT tokens with unsupported_token_type
 *   (lib/shared/reject_structured_tokens.js). After it has authenticated the client, the
 *   middleware below records the token as revoked and responds with 200, as RFC 7009 and Adobe's
 *   /ims/revoke do.
 */
export function installHooks(provider: Provider, verifier: AccessTokenVerifier, users: FixtureUser[], logger: Logger): void {
  provider.use(async (ctx, next) => {
    if (ctx.path === "/userinfo/v2" && (ctx.method === "GET" || ctx.method === "POST")) {
      const token = bearerToken(ctx.get("authorization"));
      if (token !== undefined && isJwt(token)) {
        await respondUserinfo(ctx, token, verifier, users, provider.issuer);
        return;
      }
    }
    await next();
    if (ctx.status === 404 && ctx.body == null) {
      // ctx.path lacks the /ims mount path, which the server removed before oidc-provider.
      ctx.body = { error: "not_found", error_description: `IMS has no endpoint at ${ctx.method} /ims${ctx.path}` };
      // Koa switches the status to 200 when a body is set, so set the 404 again.
      ctx.status = 404;
    }
    // provider.use types the context as Koa's, but inside the provider it is always the OIDC one.
    if (ctx.state.jwtRevocationRequested === true) await revokeJwtAccessToken(ctx as unknown as KoaContextWithOIDC, verifier);
  });

  provider.on("revocation.error", (ctx, error) => {
    if (error.error === "unsupported_token_type") ctx.state.jwtRevocationRequested = true;
  });

  logProviderEvents(provider, logger);
}

function bearerToken(authorization: string): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
  return match?.[1];
}

function isJwt(token: string): boolean {
  return token.split(".").length === 3;
}

async function respondUserinfo(
  ctx: ParameterizedContext,
  token: string,
  verifier: AccessTokenVerifier,
  users: FixtureUser[],
  issuer: string,
): Promise<void> {
  ctx.set("Cache-Control", "no-store");
  const claims = await verifier.verify(token);
  const user = claims ? users.find((candidate) => candidate.id === claims.userId) : undefined;
  if (!claims || !user) {
    bearerError(ctx, 401, "invalid_token", "invalid token provided", issuer);
    return;
  }
  // OpenID Connect Core 1.0 section 5.3: userinfo needs an access token with the openid scope.
  if (!claims.scopes.includes("openid")) {
    bearerError(ctx, 403, "insufficient_scope", "access token missing openid scope", issuer);
    return;
  }
  ctx.status = 200;
  ctx.body = claimsForScopes(user, claims.scopes);
}

function bearerError(ctx: ParameterizedContext, status: number, error: string, description: string, issuer: string): void {
  ctx.status = status;
  // RFC 6750 section 3: the error goes in WWW-Authenticate as well as in the body.
  ctx.set("WWW-Authenticate", `Bearer realm="${issuer}", error="${error}", error_description="${description}"`);
  ctx.body = { error, error_description: description };
}

async function revokeJwtAccessToken(ctx: KoaContextWithOIDC, verifier: AccessTokenVerifier): Promise<void> {
  const client = ctx.oidc.client;
  const token = ctx.oidc.params?.token;
  if (!client || typeof token !== "string") return;
  const payload = await verifier.decodeOwnToken(token);
  ctx.remove("WWW-Authenticate");
  if (payload && payload.client_id !== client.clientId) {
    ctx.status = 400;
    ctx.body = { error: "invalid_request", error_description: "client is not authorized to revoke the presented token" };
    return;
  }
  // RFC 7009 section 2.2: the response for an unknown token is 200 as well.
  if (payload?.jti && typeof payload.exp === "number") await verifier.revoke(payload.jti, payload.exp);
  ctx.status = 200;
  ctx.body = "";
}

/** Logs oidc-provider's error events, which the per-request line cannot explain. */
function logProviderEvents(provider: Provider, logger: Logger): void {
  const logRejected = (event: string) => (ctx: KoaContextWithOIDC, error: errors.OIDCProviderError) => {
    // The revocation middleware above handles this one, so it is not an error for the caller.
    if (event === "revocation.error" && error.error === "unsupported_token_type") return;
    logger.warn(
      { event, error: error.error, description: error.error_description, clientId: ctx.oidc?.client?.clientId },
      "IMS request rejected",
    );
  };
  provider.on("authorization.error", logRejected("authorization.error"));
  provider.on("grant.error", logRejected("grant.error"));
  provider.on("userinfo.error", logRejected("userinfo.error"));
  provider.on("revocation.error", logRejected("revocation.error"));
  provider.on("jwks.error", logRejected("jwks.error"));
  provider.on("discovery.error", logRejected("discovery.error"));
  provider.on("server_error", (_ctx, error) => {
    logger.error({ err: error }, "IMS internal error");
  });
  provider.on("grant.revoked", (_ctx, grantId) => {
    logger.info({ grantId }, "IMS grant revoked, so its refresh tokens and access tokens no longer work");
  });
}
