import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { EmulatorOptions } from "../config";
import type { FixtureUser } from "../types";
import type { AccessTokenVerifier } from "./access-tokens";
import type { ImsKeys } from "./keys";
import { errorPage } from "./pages";
import type { ImsStore } from "./store";
import { SCOPE_CLAIMS, userClaims } from "./users";

/**
 * Scope names the emulator accepts: Adobe's identity scopes and the Experience Cloud scopes the
 * dashboard requests. Every one of them goes into the access token's `scope` claim when granted.
 */
export const IMS_SCOPES = [
  "openid",
  "AdobeID",
  "read_organizations",
  "additional_info.projectedProductContext",
  "additional_info.job_function",
  "session",
  "offline_access",
  "profile",
  "email",
];

const DAY_SECONDS = 24 * 60 * 60;
/** Adobe's documented refresh token lifetime. Grants and browser sessions last as long. */
const REFRESH_TOKEN_TTL_SECONDS = 14 * DAY_SECONDS;

export interface ProviderDependencies {
  issuer: string;
  /** Resource indicator that every access token is issued for: the emulated Platform API. */
  audience: string;
  options: EmulatorOptions;
  keys: ImsKeys;
  store: ImsStore;
  users: FixtureUser[];
  verifier: AccessTokenVerifier;
}

/** Builds the oidc-provider instance with Adobe IMS's paths, client rules and token formats. */
export function createProvider(dependencies: ProviderDependencies): Provider {
  const { issuer, audience, options, keys, store, users, verifier } = dependencies;

  const configuration: Configuration = {
    adapter: (model: string) => store.adapter(model),
    jwks: { keys: [keys.signingKey] },
    cookies: {
      keys: keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code", "refresh_token"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // oidc-provider accepts either method for a client registered with one of them.
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    scopes: IMS_SCOPES,
    claims: SCOPE_CLAIMS,
    // Adobe requires PKCE only from public clients. The dashboard always sends it, so the emulator
    // requires it from every client to catch a dashboard that stops sending it.
    pkce: { required: () => true },
    routes: {
      authorization: "/authorize/v2",
      token: "/token/v3",
      userinfo: "/userinfo/v2",
      jwks: "/keys",
      revocation: "/revoke",
    },
    features: {
      devInteractions: { enabled: false },
      // Adobe IMS has no DPoP, and with it on oidc-provider would advertise DPoP in WWW-Authenticate.
      dPoP: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId) {
            throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
          }
          return true;
        },
      },
      // A default resource makes oidc-provider issue JWT access tokens (with this audience) in
      // place of opaque ones, including when openid is requested.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== audience) {
            throw new errors.InvalidTarget(`the only resource indicator this emulator knows is ${audience}`);
          }
          return {
            scope: IMS_SCOPES.join(" "),
            audience,
            accessTokenFormat: "jwt",
            accessTokenTTL: options.accessTokenTtlSeconds,
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
    formats: {
      customizers: {
        jwt: async (_ctx, token, parts) => {
          const { jti, exp } = parts.payload;
          const grantId = "grantId" in token ? token.grantId : undefined;
          if (grantId && typeof jti === "string" && typeof exp === "number") {
            await verifier.recordIssued(jti, grantId, exp);
          }
        },
      },
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSeconds,
      // oidc-provider's default, because Adobe does not document the lifetime of its authorization codes.
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      Grant: REFRESH_TOKEN_TTL_SECONDS,
      Session: REFRESH_TOKEN_TTL_SECONDS,
      Interaction: 60 * 60,
    },
    rotateRefreshToken: true,
    interactions: { url: (_ctx, interaction) => `/ims/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = users.find((candidate) => candidate.id === sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => userClaims(user) };
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      const page = errorPage(
        out.error,
        out.error_description,
        "Go back to the application and choose Sign in again. If this keeps happening, check the client id and redirect URIs the application uses against EMULATOR_CLIENT_ID and EMULATOR_REDIRECT_URIS.",
      );
      ctx.type = "html";
      ctx.set("Content-Security-Policy", page.contentSecurityPolicy);
      ctx.body = page.html;
    },
    // The dashboard calls IMS from its server, never from a browser script.
    clientBasedCORS: () => false,
  };

  return new Provider(issuer, configuration);
}

