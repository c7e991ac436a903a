import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { DEMO_CLIENT, OPERATOR, requestTokens, signIn, startTestEmulator } from "./helpers";

let directory: string;
let dataFile: string;
const running: RunningEmulator[] = [];

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "ims-persistence-"));
  dataFile = path.join(directory, "state.json");
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  await rm(directory, { recursive: true, force: true });
});

async function start(port = 0): Promise<RunningEmulator> {
  const emulator = await startTestEmulator({ dataFile, port });
  running.push(emulator);
  return emulator;
}

async function restart(emulator: RunningEmulator): Promise<RunningEmulator> {
  // Same port: the issuer, and so every token's `iss`, includes it.
  const port = Number(new URL(emulator.url).port);
  await emulator.close();
  running.splice(running.indexOf(emulator), 1);
  return start(port);
}

async function keyIds(emulator: RunningEmulator): Promise<string[]> {
  const jwks = (await (await fetch(`${emulator.url}/ims/keys`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

function revoke(emulator: RunningEmulator, token: string): Promise<Response> {
  return fetch(`${emulator.url}/ims/revoke`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ token }),
  });
}

test("signing key is written beside the data file", async () => {
  await start();

  const keysFile = `${dataFile}.keys.json`;
  const keys = JSON.parse(await readFile(keysFile, "utf8")) as { signingKey: { kid: string; d?: string } };

  expect(keys.signingKey.kid).toBeTruthy();
  expect(keys.signingKey.d).toBeTruthy();
  expect((await stat(keysFile)).mode & 0o777).toBe(0o600);
});

test("tokens survive a restart", async () => {
  const first = await start();
  const tokens = await signIn(first.url, OPERATOR);
  const kidsBefore = await keyIds(first);

  const second = await restart(first);
  const refreshed = await requestTokens(second.url, {
    grant_type: "refresh_token",
    refresh_token: tokens.refreshToken ?? "",
  });

  expect(await keyIds(second)).toEqual(kidsBefore);
  expect(await second.verifyAccessToken(tokens.accessToken)).not.toBeNull();
  expect(refreshed.status).toBe(200);
});

test("revocation survives a restart", async () => {
  const first = await start();
  const tokens = await signIn(first.url, OPERATOR);
  await revoke(first, tokens.accessToken);

  const second = await restart(first);

  expect(await second.verifyAccessToken(tokens.accessToken)).toBeNull();
});

test("state file is private to the user", async () => {
  const emulator = await start();
  await signIn(emulator.url, OPERATOR);
  await emulator.close();

  expect((await stat(`${dataFile}.ims.json`)).mode & 0o777).toBe(0o600);
});

test("without a data file, keys change on every start", async () => {
  const first = await startTestEmulator();
  running.push(first);
  const second = await startTestEmulator();
  running.push(second);

  expect(await keyIds(first)).not.toEqual(await keyIds(second));
});

test("corrupt key file stops the start with a clear message", async () => {
  await writeFile(`${dataFile}.keys.json`, "{ not json");

  await expect(start()).rejects.toThrow(`The IMS key file ${dataFile}.keys.json is not valid JSON`);
});
