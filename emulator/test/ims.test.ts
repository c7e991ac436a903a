import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import {
  CookieJar,
  DEMO_CLIENT,
  OPERATOR,
  authorizationRequest,
  followSignIn,
  requestTokens,
  signIn,
  startTestEmulator,
} from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

/** Signs in through the browser steps and returns the code and the request that produced it. */
async function authorize(options: Parameters<typeof authorizationRequest>[1] = {}) {
  const request = authorizationRequest(emulator.url, options);
  const callback = await followSignIn(request.url, OPERATOR);
  return { request, callback, code: callback.searchParams.get("code") ?? "" };
}

describe("discovery", () => {
  test("lists the IMS endpoint paths", async () => {
    const response = await fetch(`${emulator.url}/ims/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(discovery.issuer).toBe(`${emulator.url}/ims`);
    expect(discovery.authorization_endpoint).toBe(`${emulator.url}/ims/authorize/v2`);
    expect(discovery.token_endpoint).toBe(`${emulator.url}/ims/token/v3`);
    expect(discovery.userinfo_endpoint).toBe(`${emulator.url}/ims/userinfo/v2`);
    expect(discovery.jwks_uri).toBe(`${emulator.url}/ims/keys`);
    expect(discovery.revocation_endpoint).toBe(`${emulator.url}/ims/revoke`);
  });

  test("advertises code flow, PKCE S256 and RS256", async () => {
    const discovery = (await (await fetch(`${emulator.url}/ims/.well-known/openid-configuration`)).json()) as Record<
      string,
      string[]
    >;

    expect(discovery.response_types_supported).toEqual(["code"]);
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.id_token_signing_alg_values_supported).toContain("RS256");
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "AdobeID", "read_organizations", "offline_access"]),
    );
  });

  test("publishes one RSA public key", async () => {
    const jwks = (await (await fetch(`${emulator.url}/ims/keys`)).json()) as { keys: Record<string, unknown>[] };

    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]?.kty).toBe("RSA");
    expect(jwks.keys[0]?.d).toBeUndefined();
  });
});

describe("authorization code flow", () => {
  test("sign-in step by step over HTTP", async () => {
    const jar = new CookieJar();
    const request = authorizationRequest(emulator.url, { state: "state-123" });

    const authorizeResponse = await jar.fetch(request.url);
    expect(authorizeResponse.status).toBe(303);
    const signInUrl = new URL(authorizeResponse.headers.get("location") ?? "", emulator.url);
    expect(signInUrl.pathname).toMatch(/^\/ims\/interaction\/[\w-]+$/);

    const page = await jar.fetch(signInUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("<title>Adobe IMS emulator — sign in</title>");
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain("operator@example.com");

    let response = await jar.fetch(new URL(`${signInUrl.pathname}/login`, emulator.url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(OPERATOR),
    });
    let hops = 0;
    while (response.status === 303 && new URL(response.headers.get("location") ?? "", emulator.url).origin === emulator.url) {
      response = await jar.fetch(new URL(response.headers.get("location") ?? "", emulator.url));
      hops += 1;
      expect(hops).toBeLessThan(6);
    }
    const callback = new URL(response.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(DEMO_CLIENT.redirectUri);
    expect(callback.searchParams.get("state")).toBe("state-123");

    const tokens = await requestTokens(emulator.url, {
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") ?? "",
      code_verifier: request.pkce?.verifier ?? "",
      redirect_uri: DEMO_CLIENT.redirectUri,
    });
    const body = (await tokens.json()) as Record<string, unknown>;
    expect(tokens.status).toBe(200);
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.id_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(86400);
  });

  test("client_secret_post authenticates the client", async () => {
    const { request, code } = await authorize();

    const response = await requestTokens(
      emulator.url,
      { grant_type: "authorization_code", code, code_verifier: request.pkce?.verifier ?? "" },
      { clientAuthMethod: "client_secret_post" },
    );

    expect(response.status).toBe(200);
  });

  test("wrong client secret is invalid_client", async () => {
    const { request, code } = await authorize();

    const response = await requestTokens(
      emulator.url,
      { grant_type: "authorization_code", code, code_verifier: request.pkce?.verifier ?? "" },
      { clientSecret: "not-the-secret" },
    );
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  test("wrong PKCE verifier is invalid_grant", async () => {
    const { code } = await authorize();

    const response = await requestTokens(emulator.url, {
      grant_type: "authorization_code",
      code,
      code_verifier: "a".repeat(43),
    });
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_grant");
  });

  test("missing PKCE verifier is invalid_grant", async () => {
    const { code } = await authorize();

    const response = await requestTokens(emulator.url, { grant_type: "authorization_code", code });
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_grant");
  });

  test("request without code_challenge is rejected", async () => {
    const { callback } = await authorize({ pkce: null });

    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("code")).toBeNull();
  });

  test("code works only once", async () => {
    const { request, code } = await authorize();
    const parameters = { grant_type: "authorization_code", code, code_verifier: request.pkce?.verifier ?? "" };

    const first = await requestTokens(emulator.url, parameters);
    const second = await requestTokens(emulator.url, parameters);
    const body = (await second.json()) as { error: string };

    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(body.error).toBe("invalid_grant");
  });

  test("state comes back unchanged for the client to compare", async () => {
    const { callback } = await authorize({ state: "opaque/state+value=1" });

    // IMS does not check state. A client that sent another one detects the mismatch here.
    expect(callback.searchParams.get("state")).toBe("opaque/state+value=1");
    expect(callback.searchParams.get("state")).not.toBe("state-the-client-expected");
  });

  test("second registered redirect URI is accepted", async () => {
    const redirectUri = "http://127.0.0.1:3000/api/auth/callback/adobe";
    const { request, callback, code } = await authorize({ redirectUri });

    const response = await requestTokens(emulator.url, {
      grant_type: "authorization_code",
      code,
      code_verifier: request.pkce?.verifier ?? "",
      redirect_uri: redirectUri,
    });

    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(response.status).toBe(200);
  });

  test("unregistered redirect URI shows error page", async () => {
    const request = authorizationRequest(emulator.url, { redirectUri: "https://attacker.example/callback" });

    const response = await fetch(request.url, { redirect: "manual", headers: { Accept: "text/html" } });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(html).toContain("<title>Adobe IMS emulator — sign-in error</title>");
    expect(html).toContain("invalid_redirect_uri");
  });

  test("unknown client gets an error page", async () => {
    const request = authorizationRequest(emulator.url, { clientId: "not-registered" });

    const response = await fetch(request.url, { redirect: "manual", headers: { Accept: "text/html" } });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain("invalid_client");
  });
});

describe("sign-in page", () => {
  async function openSignInPage(jar: CookieJar): Promise<URL> {
    const authorizeResponse = await jar.fetch(authorizationRequest(emulator.url).url);
    return new URL(authorizeResponse.headers.get("location") ?? "", emulator.url);
  }

  function postCredentials(jar: CookieJar, signInUrl: URL, email: string, password: string) {
    return jar.fetch(new URL(`${signInUrl.pathname}/login`, emulator.url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }),
    });
  }

  test("wrong password re-renders with an error and the email", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);

    const response = await postCredentials(jar, signInUrl, OPERATOR.email, "wrong-password");
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain('role="alert"');
    expect(html).toContain("The email or password is incorrect. Check both and try again");
    expect(html).toContain(`value="${OPERATOR.email}"`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain("wrong-password");
  });

  test("correct password after a wrong one signs in", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);
    await postCredentials(jar, signInUrl, OPERATOR.email, "wrong-password");

    const response = await postCredentials(jar, signInUrl, OPERATOR.email, OPERATOR.password);

    expect(response.status).toBe(303);
  });

  test("unknown email re-renders with the same error", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);

    const response = await postCredentials(jar, signInUrl, "nobody@example.com", OPERATOR.password);
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain("The email or password is incorrect.");
    expect(html).toContain('value="nobody@example.com"');
  });

  test("email is escaped when re-rendered", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);

    const response = await postCredentials(jar, signInUrl, '"><script>alert(1)</script>', "x");
    const html = await response.text();

    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
  });

  test("empty fields ask for both values", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);

    const response = await postCredentials(jar, signInUrl, "", "");
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain("Enter both your email and your password");
  });

  test("post without the interaction cookie is refused", async () => {
    const signInUrl = await openSignInPage(new CookieJar());

    const response = await postCredentials(new CookieJar(), signInUrl, OPERATOR.email, OPERATOR.password);
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain("This sign-in request has expired or was opened in a different browser.");
  });

  test("cancel returns access_denied to the client", async () => {
    const jar = new CookieJar();
    const request = authorizationRequest(emulator.url, { state: "cancel-state" });
    const signInUrl = new URL((await jar.fetch(request.url)).headers.get("location") ?? "", emulator.url);

    let response = await jar.fetch(new URL(`${signInUrl.pathname}/abort`, emulator.url), { method: "POST" });
    while (new URL(response.headers.get("location") ?? "", emulator.url).origin === emulator.url) {
      response = await jar.fetch(new URL(response.headers.get("location") ?? "", emulator.url));
    }
    const callback = new URL(response.headers.get("location") ?? "");

    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("cancel-state");
  });

  test("page sends a CSP that allows only its own styles", async () => {
    const jar = new CookieJar();
    const signInUrl = await openSignInPage(jar);

    const response = await jar.fetch(signInUrl);
    const policy = response.headers.get("content-security-policy") ?? "";
    const nonce = /<style nonce="([^"]+)">/.exec(await response.text())?.[1];

    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`style-src 'nonce-${nonce}'`);
    expect(policy).toContain("form-action 'self' http://localhost:3000 http://127.0.0.1:3000");
  });
});

describe("tokens", () => {
  test("access token is an RS256 JWT verifiable with /ims/keys", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);
    const keys = createRemoteJWKSet(new URL(`${emulator.url}/ims/keys`));

    const { payload, protectedHeader } = await jwtVerify(tokens.accessToken, keys, {
      issuer: `${emulator.url}/ims`,
      algorithms: ["RS256"],
    });

    expect(protectedHeader.alg).toBe("RS256");
    expect(protectedHeader.typ).toBe("at+jwt");
    expect(payload.sub).toBe("5E1A2B3C4D5E6F7081920A1B@AdobeID");
    expect(payload.client_id).toBe(DEMO_CLIENT.clientId);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(24 * 60 * 60);
    expect(payload.aud).toBe(`${emulator.url}/data/foundation`);
  });

  test("id_token carries the profile claims", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);
    const keys = createRemoteJWKSet(new URL(`${emulator.url}/ims/keys`));

    const { payload } = await jwtVerify(tokens.idToken, keys, {
      issuer: `${emulator.url}/ims`,
      audience: DEMO_CLIENT.clientId,
      algorithms: ["RS256"],
    });

    expect(decodeProtectedHeader(tokens.idToken).alg).toBe("RS256");
    expect(payload.sub).toBe("5E1A2B3C4D5E6F7081920A1B@AdobeID");
    expect(payload.name).toBe("Olivia Operator");
    expect(payload.email).toBe("operator@example.com");
    expect(payload.given_name).toBe("Olivia");
    expect(payload.family_name).toBe("Operator");
  });

  test("comma-separated scopes are all granted", async () => {
    const tokens = await signIn(emulator.url, {
      ...OPERATOR,
      scope: "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session,offline_access",
    });
    const claims = await emulator.verifyAccessToken(tokens.accessToken);

    expect(tokens.scope.split(" ").sort()).toEqual(
      ["AdobeID", "additional_info.projectedProductContext", "offline_access", "openid", "read_organizations", "session"],
    );
    expect(claims?.scopes).toContain("read_organizations");
  });

  test("verifyAccessToken returns the token's claims", async () => {
    const tokens = await signIn(emulator.url, { email: "analyst@example.com", password: "sourcedesk-demo" });

    const claims = await emulator.verifyAccessToken(tokens.accessToken);

    expect(claims?.userId).toBe("7F8E9D0C1B2A39485766A5B4@AdobeID");
    expect(claims?.clientId).toBe(DEMO_CLIENT.clientId);
    expect(claims?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 86000);
  });

  test("verifyAccessToken rejects tampered and foreign tokens", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);
    const [header, payload, signature] = tokens.accessToken.split(".");
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), sub: "someone@AdobeID" }),
    ).toString("base64url");

    expect(await emulator.verifyAccessToken(`${header}.${otherPayload}.${signature}`)).toBeNull();
    expect(await emulator.verifyAccessToken(tokens.idToken)).toBeNull();
    expect(await emulator.verifyAccessToken("not-a-token")).toBeNull();
  });
});

describe("userinfo", () => {
  test("returns the user's profile for an access token", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);

    const response = await fetch(`${emulator.url}/ims/userinfo/v2?client_id=${DEMO_CLIENT.clientId}`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
    });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(body).toEqual({
      sub: "5E1A2B3C4D5E6F7081920A1B@AdobeID",
      name: "Olivia Operator",
      given_name: "Olivia",
      family_name: "Operator",
      email: "operator@example.com",
      email_verified: true,
      account_type: "ent",
    });
  });

  test("without a token is 401 invalid_token", async () => {
    const response = await fetch(`${emulator.url}/ims/userinfo/v2`);
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(401);
    expect(body.error).toBe("invalid_token");
    expect(response.headers.get("www-authenticate")).not.toContain("DPoP");
  });

  test("with a forged token is 401 invalid_token", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);

    const response = await fetch(`${emulator.url}/ims/userinfo/v2`, {
      headers: { Authorization: `Bearer ${tokens.accessToken.slice(0, -4)}AAAA` },
    });

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});

describe("revoke", () => {
  function revoke(token: string, hint?: string) {
    const body = new URLSearchParams({ token });
    if (hint) body.set("token_type_hint", hint);
    return requestTokensAt("/ims/revoke", body);
  }

  function requestTokensAt(path: string, body: URLSearchParams) {
    return fetch(`${emulator.url}${path}`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body,
    });
  }

  test("revoked access token no longer verifies", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);
    expect(await emulator.verifyAccessToken(tokens.accessToken)).not.toBeNull();

    const response = await revoke(tokens.accessToken, "access_token");

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await emulator.verifyAccessToken(tokens.accessToken)).toBeNull();
  });

  test("revoked access token fails at userinfo", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);
    await revoke(tokens.accessToken);

    const response = await fetch(`${emulator.url}/ims/userinfo/v2`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
    });

    expect(response.status).toBe(401);
  });

  test("revoking one access token leaves others valid", async () => {
    const first = await signIn(emulator.url, OPERATOR);
    const second = await signIn(emulator.url, OPERATOR);

    await revoke(first.accessToken);

    expect(await emulator.verifyAccessToken(second.accessToken)).not.toBeNull();
  });

  test("revoking the refresh token ends the sign-in", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);

    const response = await revoke(tokens.refreshToken ?? "", "refresh_token");
    const refresh = await requestTokens(emulator.url, {
      grant_type: "refresh_token",
      refresh_token: tokens.refreshToken ?? "",
    });

    expect(response.status).toBe(200);
    expect(refresh.status).toBe(400);
    expect(await emulator.verifyAccessToken(tokens.accessToken)).toBeNull();
  });

  test("unknown token still returns 200", async () => {
    const response = await revoke("unknown-token-value");

    expect(response.status).toBe(200);
  });

  test("revoke without client authentication is refused", async () => {
    const tokens = await signIn(emulator.url, OPERATOR);

    const response = await fetch(`${emulator.url}/ims/revoke`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens.accessToken }),
    });

    const body = (await response.json()) as { error: string };

    // oidc-provider 9 rejects a request with no client credentials at all as invalid_request.
    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(await emulator.verifyAccessToken(tokens.accessToken)).not.toBeNull();
  });
});
