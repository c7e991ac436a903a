import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { newConnectionBody, startPlatform, type PlatformHarness } from "../src/platform/testing/harness";

// EMULATOR_DATA_FILE: state survives a restart, across two createPlatform instances.

const CONNECTIONS = "/data/foundation/flowservice/connections";
const LEGACY_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e03";

let directory: string;
let running: PlatformHarness[] = [];

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "platform-state-"));
});

afterEach(async () => {
  await Promise.all(running.map((platform) => platform.close()));
  running = [];
  rmSync(directory, { recursive: true, force: true });
});

async function start(dataFile: string): Promise<PlatformHarness> {
  const platform = await startPlatform({ dataFile });
  running.push(platform);
  return platform;
}

async function stop(platform: PlatformHarness): Promise<void> {
  running = running.filter((candidate) => candidate !== platform);
  await platform.close();
}

describe("data file", () => {
  test("changes survive a restart", async () => {
    const dataFile = path.join(directory, "nested", "state.json");
    const first = await start(dataFile);
    const created = await first.call("POST", CONNECTIONS, { json: newConnectionBody("Survives") });
    await first.call("DELETE", `${CONNECTIONS}/${LEGACY_ID}`);
    await first.control("POST", "/clusters", {
      server: "persisted.internal",
      port: 8093,
      users: [{ user: "etl_reader", password: "Demo-p4ss" }],
      buckets: ["kept"],
    });
    await stop(first);

    const second = await start(dataFile);
    const item = (await second.call("GET", `${CONNECTIONS}/${created.body.id}`)).body.items[0];
    const deleted = await second.call("GET", `${CONNECTIONS}/${LEGACY_ID}`);
    const clusters = await second.control("GET", "/clusters");

    expect(item.name).toBe("Survives");
    expect(item.etag).toBe(created.body.etag);
    expect(deleted.status).toBe(404);
    expect(clusters.body.registered).toEqual([{ server: "persisted.internal", port: 8093, users: [{ user: "etl_reader" }], buckets: ["kept"] }]);
  });

  test("file is complete JSON with no temporary files left", async () => {
    const dataFile = path.join(directory, "state.json");
    const platform = await start(dataFile);
    await platform.control("POST", "/seed", { sandbox: "dev", count: 500, namePrefix: "many-" });
    await stop(platform);

    const state = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(state.version).toBe(1);
    expect(state.connections).toHaveLength(9 + 120 + 500);
    expect(readdirSync(directory)).toEqual(["state.json"]);
  });

  test("a new file starts from the demo data and is written", async () => {
    const dataFile = path.join(directory, "fresh.json");
    const platform = await start(dataFile);
    const count = await platform.control("GET", "/count?sandbox=bulk");
    await stop(platform);

    expect(count.body.count).toBe(120);
    expect(JSON.parse(readFileSync(dataFile, "utf8")).connections).toHaveLength(129);
  });

  test("reset is persisted too", async () => {
    const dataFile = path.join(directory, "state.json");
    const first = await start(dataFile);
    await first.call("POST", CONNECTIONS, { json: newConnectionBody("Gone after reset") });
    await first.control("POST", "/reset");
    await stop(first);

    const second = await start(dataFile);
    const found = await second.call("GET", `${CONNECTIONS}?property=name==Gone after reset`);

    expect(found.body.items).toEqual([]);
  });

  test("the file keeps the raw string and the list masks it", async () => {
    const dataFile = path.join(directory, "state.json");
    const first = await start(dataFile);
    await first.call("POST", CONNECTIONS, {
      json: newConnectionBody("Secret kept", 'Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"file-secret"}];'),
    });
    await stop(first);

    const second = await start(dataFile);
    const list = await second.call("GET", `${CONNECTIONS}?property=name==Secret kept`);

    expect(readFileSync(dataFile, "utf8")).toContain("file-secret");
    expect(list.text).not.toContain("file-secret");
  });

  test("invalid JSON stops the start with the file name", async () => {
    const dataFile = path.join(directory, "broken.json");
    writeFileSync(dataFile, "{ not json");

    await expect(startPlatform({ dataFile })).rejects.toThrow(`EMULATOR_DATA_FILE ${dataFile} is not valid JSON`);
  });

  test("JSON of another shape stops the start", async () => {
    const dataFile = path.join(directory, "other.json");
    writeFileSync(dataFile, JSON.stringify({ version: 7, connections: [] }));

    await expect(startPlatform({ dataFile })).rejects.toThrow("is not emulator state of version 1");
  });
});
