import "server-only";
import type { NextAuthOptions } from "next-auth";
import { encode, getToken, type JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/logger";
import { safeReturnPath } from "@/lib/return-path";

declare module "next-auth/jwt" {
  /** The encrypted session cookie's content. Only the server can read it. */
  interface JWT {
    imsUserId?: string;
    accessToken?: string;
    refreshToken?: string;
    /** Epoch seconds at which the IMS access token expires. */
    accessTokenExpiresAt?: number;
    /** Sandbox the operator chose in the header; unset means ADOBE_SANDBOX_NAME. */
    sandboxName?: string;
  }
}

/** Session lifetime in seconds. IMS refresh tokens last 14 days; a working day is enough here. */
const SESSION_MAX_AGE = 12 * 60 * 60;
/** Refresh this many seconds before the access token's IMS expiry, to cover clock skew. */
const EXPIRY_MARGIN_SECONDS = 60;

export function getAuthOptions(): NextAuthOptions {
  const config = getConfig();
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      {
        id: "adobe",
        name: "Adobe",
        type: "oauth",
        wellKnown: `${config.ADOBE_IMS_URL}/ims/.well-known/openid-configuration`,
        clientId: config.ADOBE_CLIENT_ID,
        clientSecret: config.ADOBE_CLIENT_SECRET,
        // IMS takes a comma-separated scope list.
        authorization: { params: { scope: config.ADOBE_IMS_SCOPES } },
        checks: ["pkce", "state"],
        idToken: true,
        profile(profile: { sub: string; name?: string; email?: string }) {
          return { id: profile.sub, name: profile.name ?? profile.email ?? profile.sub, email: profile.email };
        },
      },
    ],
    callbacks: {
      jwt({ token, account }) {
        if (account) {
          token.imsUserId = account.providerAccountId;
          token.accessToken = account.access_token;
          token.refreshToken = account.refresh_token;
          token.accessTokenExpiresAt =
            account.expires_at ?? Math.floor(Date.now() / 1000) + 24 * 60 * 60;
        }
        return token;
      },
      // Whatever this returns is served by /api/auth/session to the browser: name and email only.
      session({ session, token }) {
        return {
          expires: session.expires,
          user: { name: token.name ?? null, email: token.email ?? null },
        };
      },
      redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${safeReturnPath(url)}`;
        return new URL(url).origin === baseUrl ? url : baseUrl;
      },
    },
  };
}

/** The signed-in operator as pages may show them. */
export interface Operator {
  name: string;
  email: string;
}

function secureCookies(): boolean {
  return getConfig().NEXTAUTH_URL.startsWith("https://");
}

function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

async function readSessionToken(): Promise<JWT | null> {
  const cookieStore = await cookies();
  const requestHeaders = await headers();
  return getToken({
    req: {
      headers: Object.fromEntries(requestHeaders),
      cookies: Object.fromEntries(cookieStore.getAll().map((cookie) => [cookie.name, cookie.value])),
    } as never,
    secret: getConfig().NEXTAUTH_SECRET,
    secureCookie: secureCookies(),
  });
}

function isSignedIn(token: JWT | null): token is JWT & { accessToken: string } {
  return Boolean(token?.accessToken);
}

/** Builds the sign-in URL that returns the operator to `returnTo` afterwards. */
export function signInPath(returnTo: string, reason?: "expired" | "required"): string {
  const params = new URLSearchParams({ callbackUrl: safeReturnPath(returnTo) });
  if (reason) params.set("reason", reason);
  return `/signin?${params}`;
}

/**
 * For pages: returns the operator, or redirects to sign-in. Pages are not the security boundary;
 * every server action and route handler checks the session again.
 */
export async function requireOperator(returnTo: string): Promise<Operator & { sandboxName: string }> {
  const token = await readSessionToken();
  if (!isSignedIn(token)) redirect(signInPath(returnTo));
  return {
    name: token.name ?? token.email ?? "Signed-in operator",
    email: token.email ?? "",
    sandboxName: token.sandboxName ?? getConfig().ADOBE_SANDBOX_NAME,
  };
}

export interface PageCaller {
  operator: Operator;
  accessToken: string;
  sandboxName: string;
}

/**
 * For pages that call Platform: returns a valid access token. A page cannot set cookies, so an
 * expired token goes through /api/auth/refresh, which rotates it and comes back to `returnTo`.
 */
/**
 * For pages whose Platform call was rejected as unauthenticated (401013): tries one refresh
 * through /api/auth/refresh, which sends the operator to sign in when that fails too.
 */
export async function redirectToReauthenticate(returnTo: string): Promise<void> {
  // A refresh within the last half minute that Platform still rejects would loop; show the error.
  if ((await cookies()).has(FORCED_REFRESH_COOKIE)) return;
  redirect(`/api/auth/refresh?${new URLSearchParams({ returnTo: safeReturnPath(returnTo), force: "1" })}`);
}

/** Set by /api/auth/refresh after a forced refresh, so pages try it only once. */
export const FORCED_REFRESH_COOKIE = "sourcedesk.forced-refresh";

/** Marks that a forced refresh just ran. Route handlers and actions only. */
export async function markForcedRefresh(): Promise<void> {
  (await cookies()).set(FORCED_REFRESH_COOKIE, "1", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    maxAge: 30,
  });
}

export async function requirePageCaller(returnTo: string): Promise<PageCaller> {
  const token = await readSessionToken();
  if (!isSignedIn(token)) redirect(signInPath(returnTo));
  if (isExpired(token)) {
    if (!token.refreshToken) redirect(signInPath(returnTo, "expired"));
    redirect(`/api/auth/refresh?${new URLSearchParams({ returnTo: safeReturnPath(returnTo) })}`);
  }
  return {
    operator: { name: token.name ?? token.email ?? "Signed-in operator", email: token.email ?? "" },
    accessToken: token.accessToken,
    sandboxName: token.sandboxName ?? getConfig().ADOBE_SANDBOX_NAME,
  };
}

function isExpired(token: JWT): boolean {
  const expiresAt = token.accessTokenExpiresAt ?? 0;
  return expiresAt - EXPIRY_MARGIN_SECONDS <= Math.floor(Date.now() / 1000);
}

export type ActionCaller =
  | { ok: true; accessToken: string; sandboxName: string; imsUserId?: string }
  | { ok: false; reason: "signed-out" | "expired" };

/**
 * Returns the caller's IMS access token. This is the one server-only way to get it, for server
 * actions and route handlers, because they can set cookies: an expired token is refreshed (which
 * rotates the refresh token) and the session cookie rewritten. Without a refresh token, or when
 * IMS rejects it, the operator must sign in again.
 */
export async function getActionCaller(options: { forceRefresh?: boolean } = {}): Promise<ActionCaller> {
  const token = await readSessionToken();
  if (!isSignedIn(token)) return { ok: false, reason: "signed-out" };
  let current: JWT = token;
  if (isExpired(token) || options.forceRefresh) {
    const refreshed = await refreshAccessToken(token);
    if (!refreshed) {
      // Forget the rejected tokens, so the sign-in page shows its button instead of redirecting back.
      await writeSessionToken({ ...token, accessToken: undefined, refreshToken: undefined, accessTokenExpiresAt: 0 });
      return { ok: false, reason: "expired" };
    }
    current = refreshed;
    await writeSessionToken(current);
  }
  return {
    ok: true,
    accessToken: current.accessToken as string,
    sandboxName: current.sandboxName ?? getConfig().ADOBE_SANDBOX_NAME,
    imsUserId: current.imsUserId,
  };
}

/** Stores the operator's sandbox choice in the session cookie. Server actions only. */
export async function setSessionSandbox(sandboxName: string): Promise<boolean> {
  const token = await readSessionToken();
  if (!isSignedIn(token)) return false;
  await writeSessionToken({ ...token, sandboxName });
  return true;
}

/** Forgets the IMS tokens so the next request needs a new sign-in (IMS rejected them). */
export async function clearSessionTokens(): Promise<void> {
  const token = await readSessionToken();
  if (!token) return;
  await writeSessionToken({ ...token, accessToken: undefined, refreshToken: undefined, accessTokenExpiresAt: 0 });
}

// IMS refresh tokens are single-use: two requests that refresh the same token at once would make
// the second fail. Requests in this process share one refresh per refresh token.
const refreshesInFlight = new Map<string, Promise<JWT | null>>();

async function refreshAccessToken(token: JWT): Promise<JWT | null> {
  const refreshToken = token.refreshToken;
  if (!refreshToken) return null;
  let pending = refreshesInFlight.get(refreshToken);
  if (!pending) {
    pending = requestNewTokens(token, refreshToken).finally(() => {
      setTimeout(() => refreshesInFlight.delete(refreshToken), 30_000);
    });
    refreshesInFlight.set(refreshToken, pending);
  }
  return pending;
}

/** HTTP Basic credentials of the OAuth client, form-encoded first as RFC 6749 section 2.3.1 requires. */
function clientBasicAuth(): string {
  const config = getConfig();
  const pair = `${encodeURIComponent(config.ADOBE_CLIENT_ID)}:${encodeURIComponent(config.ADOBE_CLIENT_SECRET)}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

let tokenEndpoint: string | undefined;

async function discoverTokenEndpoint(): Promise<string> {
  if (tokenEndpoint) return tokenEndpoint;
  const config = getConfig();
  const response = await fetch(`${config.ADOBE_IMS_URL}/ims/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(config.FLOW_SERVICE_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`IMS discovery failed with HTTP ${response.status}`);
  const discovery = (await response.json()) as { token_endpoint?: string };
  if (!discovery.token_endpoint) throw new Error("IMS discovery has no token_endpoint");
  tokenEndpoint = discovery.token_endpoint;
  return tokenEndpoint;
}

async function requestNewTokens(token: JWT, refreshToken: string): Promise<JWT | null> {
  const config = getConfig();
  try {
    const endpoint = await discoverTokenEndpoint();
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        Authorization: clientBasicAuth(),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
      signal: AbortSignal.timeout(config.FLOW_SERVICE_TIMEOUT_MS),
    });
    if (!response.ok) {
      logger.warn({ status: response.status }, "IMS rejected the refresh token; the operator must sign in again");
      return null;
    }
    const body = (await response.json()) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
    };
    if (!body.access_token) return null;
    logger.info("IMS access token refreshed");
    return {
      ...token,
      accessToken: body.access_token,
      // IMS returns a new refresh token; keep the old one only if it did not.
      refreshToken: body.refresh_token ?? refreshToken,
      accessTokenExpiresAt: Math.floor(Date.now() / 1000) + (body.expires_in ?? 24 * 60 * 60),
    };
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "IMS refresh failed");
    return null;
  }
}

// next-auth splits a session cookie above this size into name.0, name.1, ... (4096 bytes less
// next-auth's estimate of 163 bytes for the cookie's attributes).
const COOKIE_CHUNK_SIZE = 4096 - 163;

/** Encrypts `token` the way next-auth does and sets it as the session cookie, chunked if large. */
async function writeSessionToken(token: JWT): Promise<void> {
  const config = getConfig();
  const value = await encode({ token, secret: config.NEXTAUTH_SECRET, maxAge: SESSION_MAX_AGE });
  const cookieStore = await cookies();
  const name = sessionCookieName();
  const options = {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: secureCookies(),
    maxAge: SESSION_MAX_AGE,
  };
  const staleChunks = cookieStore.getAll().filter((cookie) => cookie.name.startsWith(`${name}.`));
  if (value.length <= COOKIE_CHUNK_SIZE) {
    for (const chunk of staleChunks) cookieStore.delete(chunk.name);
    cookieStore.set(name, value, options);
    return;
  }
  cookieStore.delete(name);
  const count = Math.ceil(value.length / COOKIE_CHUNK_SIZE);
  for (let index = 0; index < count; index += 1) {
    const part = value.slice(index * COOKIE_CHUNK_SIZE, (index + 1) * COOKIE_CHUNK_SIZE);
    cookieStore.set(`${name}.${index}`, part, options);
  }
  for (const chunk of staleChunks) {
    const index = Number(chunk.name.slice(name.length + 1));
    if (index >= count) cookieStore.delete(chunk.name);
  }
}

/**
 * Returns the signed-in operator and sandbox for the header, or null; never redirects. The access token
 * is included only while it is still valid, for read-only calls such as the sandbox list.
 */
export async function getHeaderSession(): Promise<{
  operator: Operator;
  sandboxName: string;
  imsUserId: string;
  accessToken?: string;
} | null> {
  const token = await readSessionToken();
  if (!isSignedIn(token)) return null;
  return {
    operator: { name: token.name ?? token.email ?? "Signed-in operator", email: token.email ?? "" },
    sandboxName: token.sandboxName ?? getConfig().ADOBE_SANDBOX_NAME,
    imsUserId: token.imsUserId ?? token.sub ?? "",
    accessToken: isExpired(token) ? undefined : token.accessToken,
  };
}

/**
 * Ends the session: revokes the IMS refresh token (best effort) and deletes the session cookie.
 * Server actions only.
 */
export async function endSession(): Promise<void> {
  const token = await readSessionToken();
  const cookieStore = await cookies();
  const name = sessionCookieName();
  for (const cookie of cookieStore.getAll()) {
    if (cookie.name === name || cookie.name.startsWith(`${name}.`)) cookieStore.delete(cookie.name);
  }
  if (token?.refreshToken) await revokeAtIms(token.refreshToken);
}

async function revokeAtIms(refreshToken: string): Promise<void> {
  const config = getConfig();
  try {
    const response = await fetch(`${config.ADOBE_IMS_URL}/ims/revoke`, {
      method: "POST",
      headers: { Authorization: clientBasicAuth(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token" }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) logger.warn({ status: response.status }, "IMS did not revoke the refresh token");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "IMS revoke failed");
  }
}
