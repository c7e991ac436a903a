import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { EmulatorOptions } from "../config";
import type { AccessTokenClaims, FixtureUser } from "../types";
import { AccessTokenVerifier } from "./access-tokens";
import { installHooks } from "./hooks";
import { createInteractionHandler } from "./interactions";
import { loadOrCreateKeys, publicJwk } from "./keys";
import {
  BodyTooLargeError,
  MAX_FORM_BYTES,
  isFormRequest,
  normalizeAuthorizationParameters,
  normalizeTokenParameters,
  readBody,
  replayRequest,
  type RegisteredClient,
} from "./normalize";
import { createProvider } from "./provider";
import { ImsStore } from "./store";

export type { AccessTokenClaims, FixtureUser } from "../types";

/**
 * Path oidc-provider is mounted at. The issuer is `<origin>/ims`, so oidc-provider serves discovery
 * at /ims/.well-known/openid-configuration, the path Adobe uses, with no extra route. Adobe's own
 * issuer is the bare origin (https://ims-na1.adobelogin.com). The difference does not show,
 * because clients such as openid-client 5 only compare the id_token's `iss` with the discovered
 * issuer.
 */
export const IMS_MOUNT_PATH = "/ims";

export interface ImsDependencies {
  /** Scheme, host and port the emulator is reached at, such as http://127.0.0.1:4010. */
  origin: string;
  options: EmulatorOptions;
  users: FixtureUser[];
  logger: Logger;
}

export interface Ims {
  issuer: string;
  /** Serves every request whose path is /ims or starts with /ims/. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  verifyAccessToken(token: string): Promise<AccessTokenClaims | null>;
  /** Waits until the token store has reached its file. */
  close(): Promise<void>;
}

/** Creates the IMS emulator: keys, token store, oidc-provider and the sign-in pages. */
export async function createIms({ origin, options, users, logger }: ImsDependencies): Promise<Ims> {
  const issuer = `${origin}${IMS_MOUNT_PATH}`;
  const audience = `${origin}/data/foundation`;
  const keysFile = options.dataFile ? `${options.dataFile}.keys.json` : undefined;
  const storeFile = options.dataFile ? `${options.dataFile}.ims.json` : undefined;

  const { keys, created } = await loadOrCreateKeys(keysFile);
  logger.info({ kid: keys.signingKey.kid, keysFile, created }, created ? "IMS signing key generated" : "IMS signing key loaded");

  const store = new ImsStore(storeFile, logger);
  const verifier = new AccessTokenVerifier({ issuer, audience, signingKey: publicJwk(keys.signingKey), store });
  const provider = createProvider({ issuer, audience, options, keys, store, users, verifier });
  installHooks(provider, verifier, users, logger);

  const client: RegisteredClient = { clientId: options.clientId, defaultRedirectUri: options.redirectUris[0] as string };
  const handleInteraction = createInteractionHandler({
    provider,
    users,
    clientId: options.clientId,
    formTargets: [...new Set(options.redirectUris.map((uri) => new URL(uri).origin))],
    logger,
  });
  const callback = provider.callback();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname.startsWith(`${IMS_MOUNT_PATH}/interaction/`)) {
      await handleInteraction(request, response, url.pathname);
      return;
    }

    let forwarded = request;
    try {
      forwarded = await normalizeRequest(request, url, client);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      response.statusCode = 413;
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ error: "invalid_request", error_description: error.message }));
      return;
    }

    // Mounting: oidc-provider reads its mount path from the part of originalUrl that url lacks.
    const mounted = forwarded as IncomingMessage & { originalUrl?: string };
    mounted.originalUrl = mounted.url;
    mounted.url = (mounted.url ?? "/").slice(IMS_MOUNT_PATH.length) || "/";
    await callback(mounted, response);
  }

  return {
    issuer,
    handle,
    verifyAccessToken: (token) => verifier.verify(token),
    close: () => store.flush(),
  };
}

/** Applies the IMS request rules to the authorization and token endpoints' parameters. */
async function normalizeRequest(request: IncomingMessage, url: URL, client: RegisteredClient): Promise<IncomingMessage> {
  const isAuthorization = url.pathname === `${IMS_MOUNT_PATH}/authorize/v2`;
  const isToken = url.pathname === `${IMS_MOUNT_PATH}/token/v3`;

  if (isAuthorization && request.method === "GET") {
    normalizeAuthorizationParameters(url.searchParams, client);
    request.url = `${url.pathname}?${url.searchParams.toString()}`;
    return request;
  }
  if ((isAuthorization || isToken) && request.method === "POST" && isFormRequest(request)) {
    const form = new URLSearchParams((await readBody(request, MAX_FORM_BYTES)).toString("utf8"));
    if (isAuthorization) {
      normalizeAuthorizationParameters(form, client);
    } else {
      normalizeTokenParameters(form, client);
    }
    return replayRequest(request, Buffer.from(form.toString(), "utf8"));
  }
  return request;
}
