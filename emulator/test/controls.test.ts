import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEMO_ORG, newConnectionBody, startPlatform, type PlatformHarness } from "../src/platform/testing/harness";

// The test-only controls under /__emulator/.

let platform: PlatformHarness;

beforeAll(async () => {
  platform = await startPlatform();
});

beforeEach(async () => {
  await platform.control("POST", "/reset");
});

afterAll(async () => {
  await platform.close();
});

const CONNECTIONS = "/data/foundation/flowservice/connections";
const IN_USE_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e01";

describe("faults", () => {
  test("429 with Retry-After for the next two calls", async () => {
    const added = await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, status: 429, times: 2, retryAfter: 3 });
    const first = await platform.call("GET", CONNECTIONS);
    const second = await platform.call("GET", CONNECTIONS);
    const third = await platform.call("GET", CONNECTIONS);

    expect(added.status).toBe(201);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(first.body).toEqual({ error_code: "429", message: "Too Many Requests" });
    expect(second.status).toBe(429);
    expect(third.status).toBe(200);
  });

  test.each([
    [500, "1102-500"],
    [503, "1103-503"],
    [504, "1104-504"],
    [403, "2121-403"],
    [404, "1101-404"],
  ])("%s answers Adobe's %s body", async (status, code) => {
    await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, status });
    const response = await platform.call("GET", CONNECTIONS);

    expect(response.status).toBe(status);
    expect(response.body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
    expect(response.body.report["request-id"]).toBe(response.headers.get("x-request-id"));
  });

  test("401 answers the gateway's 401013", async () => {
    await platform.control("POST", "/faults", { method: "*", path: "/data/foundation/*", status: 401 });

    expect((await platform.call("GET", CONNECTIONS)).body).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
  });

  test("custom body replaces the default", async () => {
    await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, status: 502, body: { reason: "upstream" } });
    const response = await platform.call("GET", CONNECTIONS);

    expect(response.status).toBe(502);
    expect(response.body).toEqual({ reason: "upstream" });
  });

  test("pattern matches ids and leaves other paths", async () => {
    await platform.control("POST", "/faults", { method: "GET", path: `${CONNECTIONS}/*/test`, status: 503, times: 5 });
    const testCall = await platform.call("GET", `${CONNECTIONS}/${IN_USE_ID}/test`);
    const list = await platform.call("GET", CONNECTIONS);
    const single = await platform.call("GET", `${CONNECTIONS}/${IN_USE_ID}`);

    expect(testCall.status).toBe(503);
    expect(list.status).toBe(200);
    expect(single.status).toBe(200);
  });

  test("trailing slashes do not matter for exact paths", async () => {
    await platform.control("POST", "/faults", { method: "DELETE", path: `${CONNECTIONS}/${IN_USE_ID}/`, status: 500 });

    expect((await platform.call("DELETE", `${CONNECTIONS}/${IN_USE_ID}`)).status).toBe(500);
  });

  test("method must match", async () => {
    await platform.control("POST", "/faults", { method: "POST", path: CONNECTIONS, status: 500 });

    expect((await platform.call("GET", CONNECTIONS)).status).toBe(200);
    expect((await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Faulted") })).status).toBe(500);
  });

  test("faulted create changes nothing", async () => {
    await platform.control("POST", "/faults", { method: "POST", path: CONNECTIONS, status: 503 });
    await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Never stored") });

    expect((await platform.control("GET", "/count?sandbox=prod")).body.count).toBe(5);
  });

  test("commit keeps the change and loses the answer", async () => {
    await platform.control("POST", "/faults", { method: "POST", path: CONNECTIONS, status: 504, commit: true });
    const response = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Stored anyway") });
    const found = await platform.call("GET", `${CONNECTIONS}?property=name==Stored anyway`);

    expect(response.status).toBe(504);
    expect(response.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1104-504");
    expect(found.body.items).toHaveLength(1);
  });

  test("delay outlasts a client timeout", async () => {
    await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, delayMs: 3000 });
    const call = fetch(`${platform.url}${CONNECTIONS}`, { signal: AbortSignal.timeout(100) });

    await expect(call).rejects.toThrow(/timeout|aborted/i);
  });

  test("delay without status answers normally", async () => {
    const added = await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, delayMs: 50 });
    const response = await platform.call("GET", CONNECTIONS);
    const logged = (await platform.control("GET", "/requests")).body.requests.at(-1);

    expect(response.status).toBe(200);
    expect(logged.faultId).toBe(added.body.id);
  });

  test("list shows remaining calls and DELETE clears", async () => {
    await platform.control("POST", "/faults", { method: "GET", path: CONNECTIONS, status: 500, times: 3 });
    await platform.call("GET", CONNECTIONS);
    const listed = await platform.control("GET", "/faults");
    const cleared = await platform.control("DELETE", "/faults");
    const after = await platform.call("GET", CONNECTIONS);

    expect(listed.body.faults[0].remaining).toBe(2);
    expect(cleared.status).toBe(204);
    expect(after.status).toBe(200);
  });

  test.each([
    ["neither status nor delay", { method: "GET", path: CONNECTIONS }],
    ["a success status", { method: "GET", path: CONNECTIONS, status: 200 }],
    ["a relative path", { method: "GET", path: "connections", status: 500 }],
    ["zero times", { method: "GET", path: CONNECTIONS, status: 500, times: 0 }],
    ["an unknown field", { method: "GET", path: CONNECTIONS, status: 500, once: true }],
  ])("fault with %s is 400", async (_case, fault) => {
    const response = await platform.control("POST", "/faults", fault);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/^Invalid fault/);
  });
});

describe("request log", () => {
  test("records calls with secrets redacted", async () => {
    const token = await platform.token();
    await platform.call("POST", CONNECTIONS, { token, json: newConnectionBody("Logged", 'Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"log-secret"}];') });
    const response = await platform.control("GET", "/requests");
    const entry = response.body.requests.at(-1);

    expect(entry.method).toBe("POST");
    expect(entry.path).toBe(CONNECTIONS);
    expect(entry.status).toBe(201);
    expect(entry.headers.authorization).toBe("Bearer [redacted]");
    expect(entry.headers["x-sandbox-name"]).toBe("prod");
    expect(entry.body.name).toBe("Logged");
    expect(entry.body.auth.params.connectionString).toBe('Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"********"}];');
    expect(response.text).not.toContain("log-secret");
    expect(response.text).not.toContain(token);
  });

  test("keeps PATCH paths and masks PATCH values", async () => {
    const created = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Patched") });
    await platform.call("PATCH", `${CONNECTIONS}/${created.body.id}`, {
      headers: { "If-Match": created.body.etag },
      json: [{ op: "replace", path: "/auth/params", value: { connectionString: "Server=x;pass=patch-secret" } }],
    });
    const response = await platform.control("GET", "/requests");
    const entry = response.body.requests.at(-1);

    expect(entry.method).toBe("PATCH");
    expect(entry.body[0].path).toBe("/auth/params");
    expect(response.text).not.toContain("patch-secret");
  });

  test("records the query apart from the path", async () => {
    await platform.call("GET", `${CONNECTIONS}?limit=2`);
    const entry = (await platform.control("GET", "/requests")).body.requests.at(-1);

    expect(entry.path).toBe(CONNECTIONS);
    expect(entry.query).toBe("?limit=2");
  });

  test("test controls are not recorded", async () => {
    await platform.control("GET", "/count?sandbox=prod");

    expect((await platform.control("GET", "/requests")).body.requests).toEqual([]);
  });

  test("DELETE clears the log", async () => {
    await platform.call("GET", CONNECTIONS);
    await platform.control("DELETE", "/requests");

    expect((await platform.control("GET", "/requests")).body.requests).toEqual([]);
  });
});

describe("reset", () => {
  test("restores exactly the demo data", async () => {
    const before = (await platform.call("GET", `${CONNECTIONS}?orderby=name`)).body;
    const created = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Extra") });
    await platform.call("PATCH", `${CONNECTIONS}/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02`, {
      headers: { "If-Match": before.items.find((item: { name: string }) => item.name === "Travel sample reader").etag },
      json: [{ op: "replace", path: "/name", value: "Changed" }],
    });
    await platform.call("DELETE", `${CONNECTIONS}/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e03`);
    await platform.control("POST", "/clusters", { server: "added.internal", port: 1, users: [{ user: "u", password: "p" }], buckets: [] });
    await platform.control("POST", "/faults", { method: "GET", path: "/nothing", status: 500 });

    const reset = await platform.control("POST", "/reset");
    const after = (await platform.call("GET", `${CONNECTIONS}?orderby=name`)).body;

    expect(created.status).toBe(201);
    expect(reset.status).toBe(200);
    expect(after).toEqual(before);
    expect((await platform.control("GET", "/faults")).body.faults).toEqual([]);
    expect((await platform.control("GET", "/clusters")).body.registered).toEqual([]);
    expect((await platform.control("GET", "/requests")).body.requests).toHaveLength(1);
  });

  test("restores the 120 bulk connections", async () => {
    await platform.control("POST", "/seed", { sandbox: "bulk", count: 5, namePrefix: "extra-" });
    await platform.control("POST", "/reset");

    expect((await platform.control("GET", "/count?sandbox=bulk")).body.count).toBe(120);
  });
});

describe("stored connections and clusters", () => {
  test("stored record has the raw connection string", async () => {
    const created = await platform.call("POST", CONNECTIONS, {
      json: newConnectionBody("Raw", 'Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"raw-secret"}];'),
    });
    const response = await platform.control("GET", `/connections/${created.body.id}`);

    expect(response.status).toBe(200);
    expect(response.body.auth.params.connectionString).toContain('"pass":"raw-secret"');
    expect(response.body.sandboxName).toBe("prod");
    expect(response.body.imsOrgId).toBe(DEMO_ORG);
    expect(response.body.dataflowIds).toEqual([]);
  });

  test("unknown stored connection is 404", async () => {
    expect((await platform.control("GET", "/connections/nope")).status).toBe(404);
  });

  test("stored record shows dataflow use", async () => {
    expect((await platform.control("GET", `/connections/${IN_USE_ID}`)).body.dataflowIds).toHaveLength(1);
  });

  test("registered cluster does not echo passwords", async () => {
    const response = await platform.control("POST", "/clusters", {
      server: "new.internal",
      port: 8093,
      users: [{ user: "u", password: "cluster-secret" }],
      buckets: ["b"],
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ server: "new.internal", port: 8093, users: [{ user: "u" }], buckets: ["b"] });
    expect((await platform.control("GET", "/clusters")).text).not.toContain("cluster-secret");
  });

  test("registered cluster replaces a fixture one on the same port", async () => {
    await platform.control("POST", "/clusters", {
      server: "couchbase.demo.internal",
      port: 8093,
      users: [{ user: "etl_reader", password: "Rotated-p4ss" }],
      buckets: ["only-one"],
    });
    const response = await platform.call("GET", `${CONNECTIONS}/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02/test`);

    expect(response.body.errorCode).toBe("authentication-failed");
  });

  test.each([
    ["no users", { server: "x.internal", port: 1, users: [], buckets: [] }],
    ["a port out of range", { server: "x.internal", port: 70000, users: [{ user: "u", password: "p" }], buckets: [] }],
    ["a server with a semicolon", { server: "x;y", port: 1, users: [{ user: "u", password: "p" }], buckets: [] }],
  ])("cluster with %s is 400", async (_case, cluster) => {
    expect((await platform.control("POST", "/clusters", cluster)).status).toBe(400);
  });
});

describe("seed and count", () => {
  test("seeds numbered connections newest last", async () => {
    const response = await platform.control("POST", "/seed", { sandbox: "dev", count: 1000, namePrefix: "seed-" });
    const count = await platform.control("GET", "/count?sandbox=dev");
    const newest = await platform.call("GET", `${CONNECTIONS}?orderby=-createdAt&limit=1`, { sandbox: "dev" });
    const listed = await platform.call("GET", `${CONNECTIONS}?count=true`, { sandbox: "dev" });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 1000, imsOrgId: DEMO_ORG, sandbox: "dev", first: "seed-0001", last: "seed-1000" });
    expect(count.body.count).toBe(1003);
    expect(listed.body.count).toBe(1003);
    expect(newest.body.items[0].name).toBe("seed-1000");
  });

  test("seeded connections pass the connection test", async () => {
    await platform.control("POST", "/seed", { sandbox: "prod", count: 1, namePrefix: "tested-" });
    const found = await platform.call("GET", `${CONNECTIONS}?property=name==tested-001`);
    const check = await platform.call("GET", `${CONNECTIONS}/${found.body.items[0].id}/test`);

    expect(check.body).toEqual({ result: true });
  });

  test.each([
    ["an unknown sandbox", { sandbox: "stage", count: 1, namePrefix: "x" }],
    ["an unknown org", { imsOrgId: "000000000000000000000000@AdobeOrg", sandbox: "prod", count: 1, namePrefix: "x" }],
    ["a count of 0", { sandbox: "prod", count: 0, namePrefix: "x" }],
    ["no prefix", { sandbox: "prod", count: 1 }],
  ])("seed with %s is 400", async (_case, body) => {
    expect((await platform.control("POST", "/seed", body)).status).toBe(400);
  });

  test("count needs a sandbox", async () => {
    expect((await platform.control("GET", "/count")).status).toBe(400);
  });

  test("unknown control is 404", async () => {
    expect((await platform.control("POST", "/nothing")).status).toBe(404);
  });
});

describe("platform log", () => {
  test("holds no password or token", async () => {
    const token = await platform.token();
    await platform.control("POST", "/clusters", { server: "logged.internal", port: 1, users: [{ user: "u", password: "log-canary" }], buckets: [] });
    await platform.call("POST", CONNECTIONS, { token, json: newConnectionBody("Log check") });
    await platform.control("POST", "/seed", { sandbox: "dev", count: 2, namePrefix: "log-" });

    expect(platform.logText()).toContain("registered a Couchbase cluster");
    expect(platform.logText()).not.toContain("log-canary");
    expect(platform.logText()).not.toContain("Demo-p4ss");
    expect(platform.logText()).not.toContain(token);
  });
});
