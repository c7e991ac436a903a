import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { OPERATOR, authorizationRequest, followSignIn, requestTokens, signIn, startTestEmulator } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  error?: string;
}

async function refresh(refreshToken: string, scope?: string): Promise<{ status: number; body: TokenResponse }> {
  const parameters: Record<string, string> = { grant_type: "refresh_token", refresh_token: refreshToken };
  if (scope !== undefined) parameters.scope = scope;
  const response = await requestTokens(emulator.url, parameters);
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

test("refresh token works once and rotates", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);

  const first = await refresh(tokens.refreshToken ?? "");
  const refreshedClaims = await emulator.verifyAccessToken(first.body.access_token ?? "");
  const reuse = await refresh(tokens.refreshToken ?? "");

  expect(first.status).toBe(200);
  expect(first.body.refresh_token).toBeDefined();
  expect(first.body.refresh_token).not.toBe(tokens.refreshToken);
  expect(refreshedClaims?.userId).toBe("5E1A2B3C4D5E6F7081920A1B@AdobeID");
  expect(reuse.status).toBe(400);
  expect(reuse.body.error).toBe("invalid_grant");
});

test("rotated refresh token works for the next refresh", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);

  const first = await refresh(tokens.refreshToken ?? "");
  const second = await refresh(first.body.refresh_token ?? "");

  expect(second.status).toBe(200);
  expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
});

test("reused refresh token revokes the whole sign-in", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);
  const first = await refresh(tokens.refreshToken ?? "");

  await refresh(tokens.refreshToken ?? "");
  const afterReuse = await refresh(first.body.refresh_token ?? "");

  // oidc-provider 9 treats reuse as a stolen token and revokes the grant, so the emulator also
  // rejects the grant's access tokens.
  expect(afterReuse.status).toBe(400);
  expect(await emulator.verifyAccessToken(first.body.access_token ?? "")).toBeNull();
  expect(await emulator.verifyAccessToken(tokens.accessToken)).toBeNull();
});

test("no refresh token without offline_access", async () => {
  const tokens = await signIn(emulator.url, { ...OPERATOR, scope: "openid,AdobeID,read_organizations" });

  expect(tokens.refreshToken).toBeUndefined();
  expect(tokens.scope.split(" ")).not.toContain("offline_access");
});

test("prompt=login keeps the refresh token", async () => {
  const request = authorizationRequest(emulator.url, { extra: { prompt: "login" } });
  const callback = await followSignIn(request.url, OPERATOR);

  const response = await requestTokens(emulator.url, {
    grant_type: "authorization_code",
    code: callback.searchParams.get("code") ?? "",
    code_verifier: request.pkce?.verifier ?? "",
  });
  const body = (await response.json()) as TokenResponse;

  expect(response.status).toBe(200);
  expect(body.refresh_token).toBeDefined();
});

test("refresh with a comma-separated scope subset", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);

  const refreshed = await refresh(tokens.refreshToken ?? "", "openid,AdobeID");

  expect(refreshed.status).toBe(200);
  expect(refreshed.body.scope?.split(" ").sort()).toEqual(["AdobeID", "openid"]);
});

test("refresh with ungranted scope fails", async () => {
  const tokens = await signIn(emulator.url, { ...OPERATOR, scope: "openid,AdobeID,offline_access" });

  const refreshed = await refresh(tokens.refreshToken ?? "", "openid,read_organizations");

  expect(refreshed.status).toBe(400);
  expect(refreshed.body.error).toBe("invalid_scope");
});

test("refresh returns a new id_token", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);

  const refreshed = await refresh(tokens.refreshToken ?? "");

  expect(typeof refreshed.body.id_token).toBe("string");
});

test("unknown refresh token is invalid_grant", async () => {
  const refreshed = await refresh("not-a-refresh-token");

  expect(refreshed.status).toBe(400);
  expect(refreshed.body.error).toBe("invalid_grant");
});
