import { createHash, randomBytes } from "node:crypto";
import { CookieJar } from "./cookie-jar";

/** The scope list the dashboard requests, comma-separated as IMS takes it. */
export const DASHBOARD_SCOPE =
  "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session,offline_access";

/** The emulator's default OAuth client (EMULATOR_CLIENT_ID and friends unset). */
export const DEMO_CLIENT = {
  clientId: "sourcedesk-demo",
  clientSecret: "sourcedesk-demo-secret",
  redirectUri: "http://localhost:3000/api/auth/callback/adobe",
};

/** The fixture user the sign-in page advertises. */
export const OPERATOR = { email: "operator@example.com", password: "sourcedesk-demo" };

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  /** Client authentication method at /ims/token/v3, client_secret_basic when unset. */
  clientAuthMethod?: ClientAuthMethod;
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** Creates a PKCE pair (RFC 7636): a 43-character verifier and its S256 challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizationRequestOptions {
  clientId?: string;
  /** Left out of the request when unset: IMS then uses the client's default redirect URI. */
  redirectUri?: string;
  /** Scope names separated by commas or spaces, DASHBOARD_SCOPE when unset. */
  scope?: string;
  /** State value, random when unset. Null sends no state. */
  state?: string | null;
  /** PKCE pair, new when unset. Null sends no code_challenge. */
  pkce?: Pkce | null;
  /** Further query parameters, such as prompt. */
  extra?: Record<string, string>;
}

export interface AuthorizationRequest {
  url: URL;
  state?: string;
  pkce?: Pkce;
}

/** Builds an /ims/authorize/v2 URL for the authorization code flow. */
export function authorizationRequest(emulatorUrl: string, options: AuthorizationRequestOptions = {}): AuthorizationRequest {
  const url = new URL("/ims/authorize/v2", emulatorUrl);
  const state = options.state === undefined ? randomBytes(12).toString("base64url") : options.state;
  const pkce = options.pkce === undefined ? createPkce() : options.pkce;
  url.searchParams.set("client_id", options.clientId ?? DEMO_CLIENT.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", options.scope ?? DASHBOARD_SCOPE);
  if (options.redirectUri !== undefined) url.searchParams.set("redirect_uri", options.redirectUri);
  if (state !== null) url.searchParams.set("state", state);
  if (pkce !== null) {
    url.searchParams.set("code_challenge", pkce.challenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) url.searchParams.set(name, value);
  return { url, state: state ?? undefined, pkce: pkce ?? undefined };
}

/**
 * Drives a browser's part of the sign-in: follows the emulator's redirects, fills in the sign-in
 * form, and returns the first redirect that leaves the emulator (the client's redirect URI with
 * `code` and `state`, or with `error`). Throws with the page's text when a step fails.
 */
export async function followSignIn(
  authorizationUrl: URL | string,
  credentials: { email: string; password: string },
  jar = new CookieJar(),
): Promise<URL> {
  const emulatorOrigin = new URL(authorizationUrl).origin;
  let response = await jar.fetch(authorizationUrl);
  for (let step = 0; step < 10; step += 1) {
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, response.url || emulatorOrigin);
      if (next.origin !== emulatorOrigin) return next;
      response = await jar.fetch(next);
      continue;
    }
    const html = await response.text();
    const formAction = /<form id="sign-in-form" method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !formAction) {
      throw new Error(`Sign-in stopped at HTTP ${response.status}: ${pageText(html)}`);
    }
    response = await jar.fetch(new URL(formAction.replaceAll("&amp;", "&"), emulatorOrigin), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(credentials),
    });
    if (response.status === 422) {
      throw new Error(`Sign-in rejected the credentials: ${pageText(await response.text())}`);
    }
  }
  throw new Error("Sign-in did not reach the redirect URI within 10 steps.");
}

/** POSTs a form to /ims/token/v3 with the client's credentials. */
export async function requestTokens(
  emulatorUrl: string,
  parameters: Record<string, string>,
  client: ClientCredentials = {},
): Promise<Response> {
  const clientId = client.clientId ?? DEMO_CLIENT.clientId;
  const clientSecret = client.clientSecret ?? DEMO_CLIENT.clientSecret;
  const body = new URLSearchParams(parameters);
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if ((client.clientAuthMethod ?? "client_secret_basic") === "client_secret_basic") {
    headers.Authorization = basicAuthorization(clientId, clientSecret);
  } else {
    body.set("client_id", clientId);
    body.set("client_secret", clientSecret);
  }
  return fetch(new URL("/ims/token/v3", emulatorUrl), { method: "POST", headers, body });
}

/** HTTP Basic credentials of an OAuth client, form-encoded first as RFC 6749 section 2.3.1 requires. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString("base64")}`;
}

export interface SignInOptions extends ClientCredentials {
  email: string;
  password: string;
  /** Scope names separated by commas or spaces, DASHBOARD_SCOPE (with offline_access) when unset. */
  scope?: string;
  /** Left out when unset, so IMS uses the client's default (first registered) redirect URI. */
  redirectUri?: string;
}

export interface SignInTokens {
  accessToken: string;
  /** Present only when offline_access was granted. */
  refreshToken?: string;
  idToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
  /** Granted scopes, space-separated. */
  scope: string;
}

/**
 * Signs in as a fixture user through the emulator's real authorization code flow with PKCE and
 * state, and exchanges the code for tokens. Throws when any step fails.
 */
export async function signIn(emulatorUrl: string, options: SignInOptions): Promise<SignInTokens> {
  const request = authorizationRequest(emulatorUrl, {
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    scope: options.scope,
  });
  const callback = await followSignIn(request.url, options);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`Sign-in ended without a code: ${callback.search}`);
  if (callback.searchParams.get("state") !== request.state) {
    throw new Error("Sign-in returned a different state than the request sent.");
  }

  const parameters: Record<string, string> = {
    grant_type: "authorization_code",
    code,
    code_verifier: request.pkce?.verifier ?? "",
  };
  if (options.redirectUri !== undefined) parameters.redirect_uri = options.redirectUri;
  const response = await requestTokens(emulatorUrl, parameters, options);
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200 || typeof body.access_token !== "string" || typeof body.id_token !== "string") {
    throw new Error(`Token request failed with HTTP ${response.status}: ${JSON.stringify(body)}`);
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    idToken: body.id_token,
    expiresIn: Number(body.expires_in),
    scope: String(body.scope ?? ""),
  };
}

function pageText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 400);
}
