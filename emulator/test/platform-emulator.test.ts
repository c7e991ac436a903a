import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { captureLogs, DEMO_CLIENT, OPERATOR, signIn, startTestEmulator, type CapturedLogs } from "./helpers";

// The Platform part through the whole emulator: a real sign-in at the emulated IMS, then Flow
// Service and Sandbox Management calls with that access token.

const DEMO_ORG = "0123456789ABCDEF01234567@AdobeOrg";
const CONNECTIONS = "/data/foundation/flowservice/connections";
const CANARY_PASSWORD = "canary-Pa55;word";

let emulator: RunningEmulator;
let logs: CapturedLogs;
let directory: string;
let accessToken: string;

beforeAll(async () => {
  logs = captureLogs();
  directory = mkdtempSync(path.join(tmpdir(), "platform-emulator-"));
  emulator = await startTestEmulator({ logLevel: "info", logDestination: logs.destination, dataFile: path.join(directory, "state.json") });
  accessToken = (await signIn(emulator.url, { ...OPERATOR, clientSecret: DEMO_CLIENT.clientSecret })).accessToken;
});

afterAll(async () => {
  await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

function platformHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    Authorization: `Bearer ${accessToken}`,
    "x-api-key": DEMO_CLIENT.clientId,
    "x-gw-ims-org-id": DEMO_ORG,
    "x-sandbox-name": "prod",
    ...extra,
  };
}

describe("whole emulator", () => {
  test("signed-in operator lists sandboxes", async () => {
    const response = await fetch(`${emulator.url}/data/foundation/sandbox-management/`, { headers: platformHeaders() });
    const body = (await response.json()) as { sandboxes: { name: string }[] };

    expect(response.status).toBe(200);
    expect(body.sandboxes.map((sandbox) => sandbox.name)).toEqual(["prod", "dev", "bulk"]);
  });

  test("signed-in operator creates, reads and tests a connection", async () => {
    await fetch(`${emulator.url}/__emulator/clusters`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ server: "cb-whole.internal", port: 8093, users: [{ user: "etl_reader", password: CANARY_PASSWORD }], buckets: ["orders"] }),
    });
    const connectionString = `Server=cb-whole.internal; Port=8093;AuthMech=1;CredString=[{"user": "etl_reader", "pass":"canary-Pa55\\u003bword"}];`;
    const created = await fetch(`${emulator.url}${CONNECTIONS}`, {
      method: "POST",
      headers: platformHeaders({ "Content-Type": "application/json", "x-request-id": "whole-create-1" }),
      body: JSON.stringify({
        name: "Whole emulator",
        auth: { specName: "Connection String Based Authentication", params: { connectionString } },
        connectionSpec: { id: "1fe283f6-9bec-11ea-bb37-0242ac130002", version: "1.0" },
      }),
    });
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${emulator.url}${CONNECTIONS}/${id}`, { headers: platformHeaders() });
    const item = ((await read.json()) as { items: { createdBy: string; createdClient: string }[] }).items[0]!;
    const check = await fetch(`${emulator.url}${CONNECTIONS}/${id}/test`, { headers: platformHeaders() });

    expect(created.status).toBe(201);
    expect(created.headers.get("x-request-id")).toBe("whole-create-1");
    expect(item.createdBy).toBe("5E1A2B3C4D5E6F7081920A1B@AdobeID");
    expect(item.createdClient).toBe(DEMO_CLIENT.clientId);
    expect(await check.json()).toEqual({ result: true });
  });

  test("a token from another client's key is refused", async () => {
    const response = await fetch(`${emulator.url}${CONNECTIONS}`, { headers: platformHeaders({ "x-api-key": "not-registered" }) });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error_code: "403003", message: "Api Key is invalid" });
  });

  test("the log holds no token or password", async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = logs.text();

    expect(text).toContain("whole-create-1");
    expect(text).not.toContain(accessToken);
    expect(text).not.toContain("canary-Pa55");
    expect(text).not.toContain("Demo-p4ss");
  });
});
