// openid-client 5 is the OpenID Connect client inside next-auth 4, which the dashboard signs in
// with. These tests run it against the emulator the way next-auth does: discovery through
// `wellKnown`, PKCE and state checks, and id_token validation.
import { Issuer, generators, type BaseClient } from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { DASHBOARD_SCOPE, DEMO_CLIENT, OPERATOR, followSignIn, startTestEmulator } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function createClient(method: "client_secret_basic" | "client_secret_post"): Promise<BaseClient> {
  const issuer = await Issuer.discover(`${emulator.url}/ims/.well-known/openid-configuration`);
  return new issuer.Client({
    client_id: DEMO_CLIENT.clientId,
    client_secret: DEMO_CLIENT.clientSecret,
    redirect_uris: [DEMO_CLIENT.redirectUri],
    response_types: ["code"],
    token_endpoint_auth_method: method,
  });
}

/** Runs the browser part of a sign-in and returns the callback parameters and the checks. */
async function signInWith(client: BaseClient) {
  const codeVerifier = generators.codeVerifier();
  const state = generators.state();
  const url = client.authorizationUrl({
    scope: DASHBOARD_SCOPE,
    redirect_uri: DEMO_CLIENT.redirectUri,
    state,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  const callback = await followSignIn(url, OPERATOR);
  return { params: client.callbackParams(callback.href), codeVerifier, state };
}

describe.each(["client_secret_basic", "client_secret_post"] as const)("openid-client 5 with %s", (method) => {
  test("discovers the issuer", async () => {
    const client = await createClient(method);

    expect(client.issuer.metadata.issuer).toBe(`${emulator.url}/ims`);
  });

  test("signs in and validates the id_token", async () => {
    const client = await createClient(method);
    const { params, codeVerifier, state } = await signInWith(client);

    const tokenSet = await client.callback(DEMO_CLIENT.redirectUri, params, { state, code_verifier: codeVerifier });
    const claims = tokenSet.claims();

    expect(tokenSet.access_token).toBeDefined();
    expect(tokenSet.refresh_token).toBeDefined();
    expect(claims.sub).toBe("5E1A2B3C4D5E6F7081920A1B@AdobeID");
    expect(claims.name).toBe("Olivia Operator");
    expect(claims.email).toBe("operator@example.com");
  });

  test("reads userinfo with the access token", async () => {
    const client = await createClient(method);
    const { params, codeVerifier, state } = await signInWith(client);
    const tokenSet = await client.callback(DEMO_CLIENT.redirectUri, params, { state, code_verifier: codeVerifier });

    const profile = await client.userinfo(tokenSet);

    expect(profile.email).toBe("operator@example.com");
  });

  test("refreshes once, then the old refresh token fails", async () => {
    const client = await createClient(method);
    const { params, codeVerifier, state } = await signInWith(client);
    const tokenSet = await client.callback(DEMO_CLIENT.redirectUri, params, { state, code_verifier: codeVerifier });

    const refreshed = await client.refresh(tokenSet.refresh_token ?? "");

    expect(refreshed.access_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokenSet.refresh_token);
    await expect(client.refresh(tokenSet.refresh_token ?? "")).rejects.toMatchObject({ error: "invalid_grant" });
  });

  test("detects a state mismatch", async () => {
    const client = await createClient(method);
    const { params, codeVerifier } = await signInWith(client);

    await expect(
      client.callback(DEMO_CLIENT.redirectUri, params, { state: "another-state", code_verifier: codeVerifier }),
    ).rejects.toThrow(/state mismatch/);
  });

  test("revokes the access token", async () => {
    const client = await createClient(method);
    const { params, codeVerifier, state } = await signInWith(client);
    const tokenSet = await client.callback(DEMO_CLIENT.redirectUri, params, { state, code_verifier: codeVerifier });

    await client.revoke(tokenSet.access_token ?? "", "access_token");

    expect(await emulator.verifyAccessToken(tokenSet.access_token ?? "")).toBeNull();
  });
});
