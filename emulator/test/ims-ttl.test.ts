import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { OPERATOR, requestTokens, signIn, startTestEmulator } from "./helpers";

const TTL_SECONDS = 2;

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator({ accessTokenTtlSeconds: TTL_SECONDS });
});

afterAll(async () => {
  await emulator.close();
});

/** Waits until the clock is past `epochSeconds` (JWT exp is exclusive: valid while now < exp). */
async function waitUntilAfter(epochSeconds: number): Promise<void> {
  const waitMs = epochSeconds * 1000 - Date.now() + 50;
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

test("access token lifetime follows the TTL option", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);
  const payload = decodeJwt(tokens.accessToken);

  expect(tokens.expiresIn).toBe(TTL_SECONDS);
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(TTL_SECONDS);
});

test("expired access token is rejected everywhere", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);
  const expiresAt = decodeJwt(tokens.accessToken).exp ?? 0;
  expect(await emulator.verifyAccessToken(tokens.accessToken)).not.toBeNull();

  await waitUntilAfter(expiresAt);
  const userinfo = await fetch(`${emulator.url}/ims/userinfo/v2`, {
    headers: { Authorization: `Bearer ${tokens.accessToken}` },
  });

  expect(await emulator.verifyAccessToken(tokens.accessToken)).toBeNull();
  expect(userinfo.status).toBe(401);
});

test("refresh after expiry issues a valid token", async () => {
  const tokens = await signIn(emulator.url, OPERATOR);
  await waitUntilAfter(decodeJwt(tokens.accessToken).exp ?? 0);

  const response = await requestTokens(emulator.url, {
    grant_type: "refresh_token",
    refresh_token: tokens.refreshToken ?? "",
  });
  const body = (await response.json()) as { access_token: string; expires_in: number };

  expect(response.status).toBe(200);
  expect(body.expires_in).toBe(TTL_SECONDS);
  expect(await emulator.verifyAccessToken(body.access_token)).not.toBeNull();
});
