import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError } from "../src/config";
import type { RunningEmulator } from "../src/server";
import {
  OPERATOR,
  authorizationRequest,
  captureLogs,
  requestTokens,
  signIn,
  startTestEmulator,
  type CapturedLogs,
} from "./helpers";

// Its own client, so that the client id does not contain the demo password "sourcedesk-demo"
// and the log check below can look for the password.
const CLIENT = {
  clientId: "server-test-client",
  clientSecret: "server-test-secret-value",
  redirectUri: "http://127.0.0.1:3999/callback",
};

let emulator: RunningEmulator;
let logs: CapturedLogs;

beforeAll(async () => {
  logs = captureLogs();
  emulator = await startTestEmulator({
    logLevel: "info",
    logDestination: logs.destination,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUris: [CLIENT.redirectUri],
  });
});

afterAll(async () => {
  await emulator.close();
});

/** Log lines of finished requests, which the server writes when the response closes. */
async function requestLines(): Promise<Record<string, unknown>[]> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return logs.lines().filter((line) => line.msg === "request");
}

describe("routing", () => {
  test("unknown path is a JSON 404", async () => {
    const response = await fetch(`${emulator.url}/nothing/here`);
    const body = (await response.json()) as { error: string; message: string };

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(body.error).toBe("not_found");
    expect(body.message).toContain("GET /nothing/here");
  });

  test("unknown IMS path is a JSON 404", async () => {
    const response = await fetch(`${emulator.url}/ims/nothing`);
    const body = (await response.json()) as { error: string };

    expect(response.status).toBe(404);
    expect(body.error).toBe("not_found");
  });

  test.each(["/data/foundation/sandbox-management/", "/__emulator/requests"])("%s goes to the Platform part", async (path) => {
    const response = await fetch(`${emulator.url}${path}`);
    const body = (await response.json()) as { message?: string };

    expect(body.message ?? "").not.toContain("Nothing is emulated");
  });

  test("oversized token request is 413", async () => {
    const response = await fetch(`${emulator.url}/ims/token/v3`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=refresh_token&refresh_token=${"a".repeat(60 * 1024)}`,
    });

    expect(response.status).toBe(413);
  });
});

describe("request ids", () => {
  test("caller's x-request-id is echoed", async () => {
    const response = await fetch(`${emulator.url}/ims/keys`, { headers: { "x-request-id": "caller-id-123" } });

    expect(response.headers.get("x-request-id")).toBe("caller-id-123");
  });

  test("new id when the caller sends none", async () => {
    const response = await fetch(`${emulator.url}/ims/keys`);

    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("malformed caller id is replaced", async () => {
    const response = await fetch(`${emulator.url}/ims/keys`, { headers: { "x-request-id": "has spaces and ; semicolons" } });

    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("oidc-provider responses keep the id", async () => {
    const response = await fetch(`${emulator.url}/ims/token/v3`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "x-request-id": "token-error-id" },
      body: "grant_type=authorization_code&code=nothing",
    });

    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe("token-error-id");
  });
});

describe("request log", () => {
  test("one line per request with method, path, status, duration and id", async () => {
    await fetch(`${emulator.url}/ims/keys?probe=1`, { headers: { "x-request-id": "log-line-check" } });

    const lines = (await requestLines()).filter((line) => line.requestId === "log-line-check");

    expect(lines).toHaveLength(1);
    expect(lines[0]?.method).toBe("GET");
    expect(lines[0]?.path).toBe("/ims/keys");
    expect(lines[0]?.status).toBe(200);
    expect(typeof lines[0]?.durationMs).toBe("number");
  });

  test("no secret reaches the log during a sign-in", async () => {
    const request = authorizationRequest(emulator.url, { clientId: CLIENT.clientId, state: "state-value-not-for-logs" });
    await fetch(request.url, { redirect: "manual" });
    const tokens = await signIn(emulator.url, { ...OPERATOR, ...CLIENT });
    const refreshed = await requestTokens(
      emulator.url,
      { grant_type: "refresh_token", refresh_token: tokens.refreshToken ?? "" },
      CLIENT,
    );
    const newTokens = (await refreshed.json()) as { refresh_token: string };

    await requestLines();
    const text = logs.text();

    expect(text).not.toContain("state-value-not-for-logs");
    expect(text).not.toContain(request.pkce?.challenge ?? "missing");
    expect(text).not.toContain(tokens.accessToken);
    expect(text).not.toContain(tokens.refreshToken ?? "missing");
    expect(text).not.toContain(tokens.idToken);
    expect(text).not.toContain(newTokens.refresh_token);
    expect(text).not.toContain(OPERATOR.password);
    expect(text).not.toContain(CLIENT.clientSecret);
  });
});

describe("start-up errors", () => {
  test("port in use names the setting to change", async () => {
    const port = Number(new URL(emulator.url).port);

    await expect(startTestEmulator({ port })).rejects.toThrow(
      `Port ${port} on 127.0.0.1 is already in use. Stop the other process or set EMULATOR_PORT to a free port.`,
    );
  });

  test("invalid option is a ConfigError naming it", async () => {
    await expect(startTestEmulator({ redirectUris: ["not a url"] })).rejects.toThrow(ConfigError);
    await expect(startTestEmulator({ redirectUris: ["not a url"] })).rejects.toThrow(/^redirectUris must be/);
  });
});
