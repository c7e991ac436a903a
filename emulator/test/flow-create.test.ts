import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  AUTH_SPEC_NAME,
  CLIENT_ID,
  COUCHBASE_SPEC_ID,
  DEMO_ORG,
  demoConnectionString,
  newConnectionBody,
  OPERATOR,
  OTHER_ORG_USER,
  startPlatform,
  type PlatformHarness,
} from "../src/platform/testing/harness";

// POST /connections and GET /connections/{id}.

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
const ETAG = /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/;

function expectCode(response: { status: number; body: { type?: string } }, code: string): void {
  expect(response.body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
  expect(response.status).toBe(Number(code.slice(-3)));
}

describe("POST /connections", () => {
  test("201 with Location and quoted etag", async () => {
    const response = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Created by test") });

    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(response.body.etag).toMatch(ETAG);
    expect(response.headers.get("location")).toBe(`${CONNECTIONS}/${response.body.id}`);
    expect(Object.keys(response.body).sort()).toEqual(["etag", "id"]);
  });

  test("GET returns every documented field", async () => {
    const before = Date.now();
    const created = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("All fields") });
    const after = Date.now();
    const response = await platform.call("GET", `${CONNECTIONS}/${created.body.id}`);

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    const item = response.body.items[0];
    expect(item.id).toBe(created.body.id);
    expect(item.name).toBe("All fields");
    expect(item.description).toBe("All fields (test)");
    expect(item.createdAt).toBeGreaterThanOrEqual(before);
    expect(item.createdAt).toBeLessThanOrEqual(after);
    expect(item.updatedAt).toBe(item.createdAt);
    expect(item.createdBy).toBe(OPERATOR.id);
    expect(item.updatedBy).toBe(OPERATOR.id);
    expect(item.createdClient).toBe(CLIENT_ID);
    expect(item.updatedClient).toBe(CLIENT_ID);
    expect(item.sandboxName).toBe("prod");
    expect(item.sandboxId).toBe("1bd86660-c5da-11e9-93d4-6d5fc3a66a8e");
    expect(item.imsOrgId).toBe(DEMO_ORG);
    expect(item.connectionSpec).toEqual({ id: COUCHBASE_SPEC_ID, version: "1.0" });
    expect(item.state).toBe("enabled");
    expect(item.auth.specName).toBe(AUTH_SPEC_NAME);
    expect(item.etag).toBe(created.body.etag);
    expect(item.version).toBe(created.body.etag);
  });

  test("version is optional", async () => {
    const body = newConnectionBody("No version");
    body.connectionSpec = { id: COUCHBASE_SPEC_ID };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expect(response.status).toBe(201);
  });

  test("description is optional", async () => {
    const body = newConnectionBody("No description");
    delete body.description;
    const created = await platform.call("POST", CONNECTIONS, { json: body });
    const response = await platform.call("GET", `${CONNECTIONS}/${created.body.id}`);

    expect(created.status).toBe(201);
    expect(response.body.items[0]).not.toHaveProperty("description");
  });

  test("empty body is 1405-400", async () => {
    const response = await platform.call("POST", CONNECTIONS, { rawBody: "", headers: { "Content-Type": "application/json" } });

    expectCode(response, "1405-400");
  });

  test("body that is not JSON is 1000-400", async () => {
    const response = await platform.call("POST", CONNECTIONS, { rawBody: "{name:", headers: { "Content-Type": "application/json" } });

    expectCode(response, "1000-400");
  });

  test("array body is 1000-400", async () => {
    const response = await platform.call("POST", CONNECTIONS, { json: [newConnectionBody("In an array")] });

    expectCode(response, "1000-400");
  });

  test("unknown spec id is 1413-400", async () => {
    const body = newConnectionBody("Unknown spec");
    body.connectionSpec = { id: "00000000-0000-0000-0000-000000000000", version: "1.0" };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1413-400");
  });

  test("unknown spec version is 1413-400", async () => {
    const body = newConnectionBody("Unknown version");
    body.connectionSpec = { id: COUCHBASE_SPEC_ID, version: "2.0" };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1413-400");
  });

  test("unknown auth spec name is 1415-400", async () => {
    const body = newConnectionBody("Basic auth");
    body.auth = { specName: "Basic Authentication", params: { connectionString: demoConnectionString() } };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1415-400");
    expect(response.body.report["detailed-message"]).toContain("'Basic Authentication'");
  });

  test.each([
    ["missing connectionString", {}],
    ["connectionString not a string", { connectionString: 8093 }],
    ["unknown parameter", { connectionString: demoConnectionString(), password: "Demo-p4ss" }],
  ])("%s fails the auth spec schema with 1312-400", async (_case, params) => {
    const body = newConnectionBody("Bad params");
    body.auth = { specName: AUTH_SPEC_NAME, params };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1312-400");
    expect(response.text).not.toContain("Demo-p4ss");
  });

  test.each([
    ["name", (body: Record<string, unknown>) => delete body.name],
    ["name", (body: Record<string, unknown>) => (body.name = "   ")],
    ["name", (body: Record<string, unknown>) => (body.name = 42)],
    ["auth", (body: Record<string, unknown>) => delete body.auth],
    ["auth.specName", (body: Record<string, unknown>) => (body.auth = { params: {} })],
    ["auth.params", (body: Record<string, unknown>) => (body.auth = { specName: AUTH_SPEC_NAME })],
    ["connectionSpec.id", (body: Record<string, unknown>) => delete body.connectionSpec],
  ])("missing %s is 1304-400", async (field, change) => {
    const body = newConnectionBody("Incomplete");
    change(body);
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1304-400");
    expect(response.body.report["detailed-message"]).toContain(`field ${field} `);
  });

  test("unknown top-level field is 1000-400", async () => {
    const body = { ...newConnectionBody("With state"), state: "disabled" };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1000-400");
  });

  test("description that is not a string is 1000-400", async () => {
    const body = { ...newConnectionBody("Numeric description"), description: 7 };
    const response = await platform.call("POST", CONNECTIONS, { json: body });

    expectCode(response, "1000-400");
  });

  test("connections in other sandboxes are not found", async () => {
    const created = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Only in prod") });
    const fromDev = await platform.call("GET", `${CONNECTIONS}/${created.body.id}`, { sandbox: "dev" });

    expectCode(fromDev, "1101-404");
    expect(fromDev.body.report.id).toBe(created.body.id);
  });

  test("same name twice makes two connections", async () => {
    const first = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Twice") });
    const second = await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Twice") });
    const list = await platform.call("GET", `${CONNECTIONS}?property=name==Twice&count=true`);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(list.body).toEqual({ count: 2 });
  });
});

describe("GET /connections/{id}", () => {
  test("unknown id is 1101-404", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/6f1e2d3c-0000-4000-8000-000000000000`);

    expectCode(response, "1101-404");
    expect(response.body.report.type).toBe("connections");
  });

  test("trailing slash on GET is not a route", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02/`);

    expectCode(response, "1003-404");
  });

  test("other org cannot read the demo org's connection", async () => {
    const token = await platform.token({ user: OTHER_ORG_USER });
    const response = await platform.call("GET", `${CONNECTIONS}/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02`, {
      token,
      org: OTHER_ORG_USER.imsOrgId,
    });

    expectCode(response, "1101-404");
  });
});
