// Signed-in sessions and server action calls over HTTP, for the benchmark. The IMS sign-in reuses
// the emulator's test helper (TypeScript, loaded through tsx), and the session cookie is
// encrypted with next-auth's own `encode`, as the app's sign-in callback would produce it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { encode } from "next-auth/jwt";
import { tsImport } from "tsx/esm/api";

export const OPERATOR = { email: "operator@example.com", password: "sourcedesk-demo" };

/** Session cookie name of next-auth 4 on http:// (the benchmark never serves https). */
const SESSION_COOKIE = "next-auth.session-token";

/** Session lifetime in seconds, the same as lib/auth.ts sets. */
const SESSION_MAX_AGE = 12 * 60 * 60;

// next-auth 4 splits a cookie value longer than this into name.0, name.1, ... (4096 bytes less its
// estimate of 163 bytes for the cookie's attributes).
const COOKIE_CHUNK_SIZE = 4096 - 163;

/** Loads a TypeScript module of this project (tsx compiles it on the fly). */
export function importProjectModule(projectRoot, relativePath) {
  return tsImport(pathToFileURL(path.join(projectRoot, relativePath)).href, import.meta.url);
}

/**
 * Mints sessions for one emulator and app: signs in at the emulator's IMS with the authorization
 * code flow (PKCE), then wraps the tokens in an encrypted next-auth session cookie.
 */
export class SessionMinter {
  constructor({ projectRoot, emulatorUrl, clientId, clientSecret, nextAuthSecret }) {
    this.projectRoot = projectRoot;
    this.emulatorUrl = emulatorUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.nextAuthSecret = nextAuthSecret;
  }

  /** Returns the IMS tokens of one new sign-in of the demo operator. */
  async signIn() {
    this.signInModule ??= await importProjectModule(this.projectRoot, "emulator/test/helpers/sign-in.ts");
    return this.signInModule.signIn(this.emulatorUrl, {
      email: OPERATOR.email,
      password: OPERATOR.password,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      scope: this.signInModule.DASHBOARD_SCOPE,
    });
  }

  /**
   * Returns a new session: its `Cookie` header value, its cookies for a browser context and its
   * IMS access token. `sandboxName` is the sandbox the operator chose (unset: the app's default).
   */
  async mint({ sandboxName } = {}) {
    const tokens = await this.signIn();
    const now = Math.floor(Date.now() / 1000);
    const token = {
      name: OPERATOR.email,
      email: OPERATOR.email,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessTokenExpiresAt: now + tokens.expiresIn,
    };
    if (sandboxName !== undefined) token.sandboxName = sandboxName;
    const value = await encode({ token, secret: this.nextAuthSecret, maxAge: SESSION_MAX_AGE });
    const cookies = splitCookie(value);
    return {
      cookieHeader: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "),
      cookies,
      accessToken: tokens.accessToken,
    };
  }
}

function splitCookie(value) {
  if (value.length <= COOKIE_CHUNK_SIZE) return [{ name: SESSION_COOKIE, value }];
  const cookies = [];
  for (let index = 0; index * COOKIE_CHUNK_SIZE < value.length; index += 1) {
    cookies.push({ name: `${SESSION_COOKIE}.${index}`, value: value.slice(index * COOKIE_CHUNK_SIZE, (index + 1) * COOKIE_CHUNK_SIZE) });
  }
  return cookies;
}

/** Finds a server action's id in a production build's manifest. Throws when it is missing. */
export function serverActionId(buildDir, fileFragment, exportedName) {
  const manifestPath = path.join(buildDir, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.exportedName === exportedName && (entry.filename ?? "").includes(fileFragment)) return id;
  }
  throw new Error(`Server action ${exportedName} in ${fileFragment} is not in ${manifestPath}.`);
}

/**
 * Calls a server action with JSON arguments, as React's client does for a non-form call, and
 * returns the status, the `x-action-redirect` header and the round-trip time in milliseconds.
 */
export async function callServerAction({ appUrl, page, actionId, args, cookieHeader }) {
  const started = performance.now();
  const response = await fetch(`${appUrl}${page}`, {
    method: "POST",
    headers: {
      "Next-Action": actionId,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: appUrl,
      Cookie: cookieHeader,
    },
    body: JSON.stringify(args),
    redirect: "manual",
  });
  const body = await response.text();
  return {
    status: response.status,
    redirect: response.headers.get("x-action-redirect"),
    body,
    roundTripMs: performance.now() - started,
  };
}

/** Returns the `kind` of the result an action returned (from its RSC payload rows), if any. */
export function actionResultKind(body) {
  for (const line of body.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      const row = JSON.parse(match[1]);
      if (typeof row.kind === "string") return row.kind;
    } catch {
      // Not a JSON row.
    }
  }
  return undefined;
}
