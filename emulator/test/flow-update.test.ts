import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  ANALYST,
  AUTH_SPEC_NAME,
  demoConnectionString,
  newConnectionBody,
  startPlatform,
  type PlatformHarness,
  type TestResponse,
} from "../src/platform/testing/harness";

// PATCH and DELETE /connections/{id}.

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
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

function expectCode(response: TestResponse, code: string): void {
  expect(response.body?.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
  expect(response.status).toBe(Number(code.slice(-3)));
}

async function createConnection(name = "To update"): Promise<{ id: string; etag: string }> {
  const response = await platform.call("POST", CONNECTIONS, { json: newConnectionBody(name) });
  expect(response.status).toBe(201);
  return response.body;
}

async function stored(id: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return (await platform.control("GET", `/connections/${id}`)).body;
}

function patch(id: string, etag: string | null, operations: unknown, path = `${CONNECTIONS}/${id}`): Promise<TestResponse> {
  return platform.call("PATCH", path, { json: operations, headers: etag === null ? {} : { "If-Match": etag } });
}

describe("PATCH /connections/{id}", () => {
  test("replace name returns a new etag", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "replace", path: "/name", value: "Renamed" }]);

    expect(response.status).toBe(200);
    expect(response.body.id).toBe(id);
    expect(response.body.etag).toMatch(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/);
    expect(response.body.etag).not.toBe(etag);
    const item = (await platform.call("GET", `${CONNECTIONS}/${id}`)).body.items[0];
    expect(item.name).toBe("Renamed");
    expect(item.etag).toBe(response.body.etag);
    expect(item.version).toBe(response.body.etag);
  });

  test("records who updated and when", async () => {
    const { id, etag } = await createConnection();
    const before = Date.now();
    const token = await platform.token({ user: ANALYST });
    const response = await platform.call("PATCH", `${CONNECTIONS}/${id}`, {
      token,
      json: [{ op: "add", path: "/description", value: "By the analyst" }],
      headers: { "If-Match": etag },
    });
    const item = (await platform.call("GET", `${CONNECTIONS}/${id}`)).body.items[0];

    expect(response.status).toBe(200);
    expect(item.updatedBy).toBe(ANALYST.id);
    expect(item.createdBy).not.toBe(ANALYST.id);
    expect(item.updatedAt).toBeGreaterThanOrEqual(before);
  });

  test("unquoted If-Match is accepted", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag.slice(1, -1), [{ op: "replace", path: "/name", value: "Unquoted" }]);

    expect(response.status).toBe(200);
  });

  test("trailing slash path is accepted", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "replace", path: "/name", value: "Slash" }], `${CONNECTIONS}/${id}/`);

    expect(response.status).toBe(200);
  });

  test("upper-case op from the OAS is accepted", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "REPLACE", path: "/description", value: "Upper" }]);

    expect(response.status).toBe(200);
    expect((await stored(id)).description).toBe("Upper");
  });

  test("replace /auth/params stores the new string exactly", async () => {
    const { id, etag } = await createConnection();
    const rotated = demoConnectionString("n3w\\\"pa\\u003bss");
    const response = await patch(id, etag, [{ op: "replace", path: "/auth/params", value: { connectionString: rotated } }]);

    expect(response.status).toBe(200);
    expect((await stored(id)).auth.params.connectionString).toBe(rotated);
    expect((await stored(id)).name).toBe("To update");
  });

  test("remove description", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "remove", path: "/description" }]);

    expect(response.status).toBe(200);
    expect(await stored(id)).not.toHaveProperty("description");
  });

  test("replace of a missing description is 1455-400", async () => {
    const body = newConnectionBody("No description");
    delete body.description;
    const created = (await platform.call("POST", CONNECTIONS, { json: body })).body;
    const replaced = await patch(created.id, created.etag, [{ op: "replace", path: "/description", value: "x" }]);
    const added = await patch(created.id, created.etag, [{ op: "add", path: "/description", value: "x" }]);

    expectCode(replaced, "1455-400");
    expect(added.status).toBe(200);
  });

  test("missing If-Match is 1403-400", async () => {
    const { id } = await createConnection();
    const response = await patch(id, null, [{ op: "replace", path: "/name", value: "No etag" }]);

    expectCode(response, "1403-400");
  });

  test("stale If-Match is 1404-412", async () => {
    const { id, etag } = await createConnection();
    const first = await patch(id, etag, [{ op: "replace", path: "/name", value: "First" }]);
    const second = await patch(id, etag, [{ op: "replace", path: "/name", value: "Second" }]);

    expect(first.status).toBe(200);
    expectCode(second, "1404-412");
    expect(second.body.report["detailed-message"]).toContain(first.body.etag);
    expect((await stored(id)).name).toBe("First");
  });

  test.each(["*", 'W/"abc"'])("If-Match %s is 1404-412", async (ifMatch) => {
    const { id } = await createConnection();
    const response = await patch(id, ifMatch, [{ op: "replace", path: "/name", value: "Any" }]);

    expectCode(response, "1404-412");
  });

  test("If-Match list with the etag is accepted", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, `"zzz", ${etag}`, [{ op: "replace", path: "/name", value: "Listed" }]);

    expect(response.status).toBe(200);
    expect((await stored(id)).name).toBe("Listed");
  });

  test("unquoted etag in an If-Match list is accepted", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, `zzz,${etag.slice(1, -1)}`, [{ op: "replace", path: "/name", value: "Listed" }]);

    expect(response.status).toBe(200);
  });

  test("If-Match list without the etag is 1404-412", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, '"zzz", "yyy"', [{ op: "replace", path: "/name", value: "Unlisted" }]);

    expectCode(response, "1404-412");
    expect(response.body.report["detailed-message"]).toContain(`None of the supplied versions '"zzz", "yyy"' matches`);
    expect(response.body.report["detailed-message"]).toContain(etag);
    expect((await stored(id)).name).toBe("To update");
  });

  test.each([
    ["a weak copy of the etag", (etag: string) => `W/${etag}`],
    ["a weak copy in a list", (etag: string) => `"zzz", W/${etag}`],
    ["* in a list", () => '*, "zzz"'],
    ["a comma inside one quoted tag", (etag: string) => `"zzz, ${etag.slice(1, -1)}, yyy"`],
    ["only commas", () => ", ,"],
  ])("If-Match with %s is 1404-412", async (_case, ifMatch) => {
    const { id, etag } = await createConnection();
    const response = await patch(id, ifMatch(etag), [{ op: "replace", path: "/name", value: "Any" }]);

    expectCode(response, "1404-412");
  });

  test.each([
    ["/connectionSpec", { id: "x", version: "1.0" }],
    ["/connectionSpec/id", "4890fc95-5a1f-4983-94bb-e060c08e3f81"],
  ])("changing %s is 1414-400", async (path, value) => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "replace", path, value }]);

    expectCode(response, "1414-400");
  });

  test.each(["move", "copy", "test", "merge"])("op %s is 1434-400", async (op) => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op, path: "/name", from: "/description", value: "x" }]);

    expectCode(response, "1434-400");
    expect(response.body.report["detailed-message"]).toContain(`'${op}'`);
  });

  test.each([
    ["an unpatchable path", [{ op: "replace", path: "/state", value: "disabled" }]],
    ["a path inside params", [{ op: "replace", path: "/auth/params/connectionString", value: "x" }]],
    ["removing the name", [{ op: "remove", path: "/name" }]],
    ["removing the params", [{ op: "remove", path: "/auth/params" }]],
    ["an empty name", [{ op: "replace", path: "/name", value: " " }]],
    ["params that are not an object", [{ op: "replace", path: "/auth/params", value: "Server=x" }]],
    ["an op without a path", [{ op: "replace", value: "x" }]],
  ])("%s is 1455-400", async (_case, operations) => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, operations);

    expectCode(response, "1455-400");
  });

  test("params that break the auth spec are 1312-400", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [{ op: "replace", path: "/auth/params", value: { connectionString: 1 } }]);

    expectCode(response, "1312-400");
  });

  test("a failing operation applies nothing", async () => {
    const { id, etag } = await createConnection();
    const response = await patch(id, etag, [
      { op: "replace", path: "/name", value: "Half applied" },
      { op: "move", path: "/description", from: "/name" },
    ]);

    expectCode(response, "1434-400");
    expect((await stored(id)).name).toBe("To update");
    expect((await stored(id)).etag).toBe(etag);
  });

  test("empty patch array is 1405-400", async () => {
    const { id, etag } = await createConnection();

    expectCode(await patch(id, etag, []), "1405-400");
  });

  test("patch object instead of array is 1000-400", async () => {
    const { id, etag } = await createConnection();

    expectCode(await patch(id, etag, { op: "replace", path: "/name", value: "x" }), "1000-400");
  });

  test("unknown id is 1101-404", async () => {
    expectCode(await patch(UNKNOWN_ID, '"x"', [{ op: "replace", path: "/name", value: "x" }]), "1101-404");
  });

  test("text/plain body is 1004-415", async () => {
    const { id, etag } = await createConnection();
    const response = await platform.call("PATCH", `${CONNECTIONS}/${id}`, {
      rawBody: JSON.stringify([{ op: "replace", path: "/name", value: "x" }]),
      headers: { "If-Match": etag, "Content-Type": "text/plain" },
    });

    expectCode(response, "1004-415");
  });

  test("spec name stays after a params change", async () => {
    const { id, etag } = await createConnection();
    await patch(id, etag, [{ op: "add", path: "/auth/params", value: { connectionString: demoConnectionString("Other") } }]);

    expect((await stored(id)).auth.specName).toBe(AUTH_SPEC_NAME);
  });
});

describe("DELETE /connections/{id}", () => {
  test("204 and then 1101-404", async () => {
    const { id } = await createConnection("Delete me");
    const response = await platform.call("DELETE", `${CONNECTIONS}/${id}`);
    const after = await platform.call("GET", `${CONNECTIONS}/${id}`);

    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expectCode(after, "1101-404");
  });

  test("trailing slash path is accepted", async () => {
    const { id } = await createConnection("Delete with slash");

    expect((await platform.call("DELETE", `${CONNECTIONS}/${id}/`)).status).toBe(204);
  });

  test("unknown id is 1101-404", async () => {
    expectCode(await platform.call("DELETE", `${CONNECTIONS}/${UNKNOWN_ID}`), "1101-404");
  });

  test("connection used by a dataflow is 1418-400", async () => {
    const response = await platform.call("DELETE", `${CONNECTIONS}/${IN_USE_ID}`);
    const after = await platform.call("GET", `${CONNECTIONS}/${IN_USE_ID}`);

    expectCode(response, "1418-400");
    expect(response.body.report["detailed-message"]).toContain(IN_USE_ID);
    expect(after.status).toBe(200);
  });

  test("stale If-Match is 1404-412", async () => {
    const { id } = await createConnection("Delete stale");
    const response = await platform.call("DELETE", `${CONNECTIONS}/${id}`, { headers: { "If-Match": '"00000000-0000-0200-0000-000000000000"' } });

    expectCode(response, "1404-412");
  });

  test("matching If-Match is accepted", async () => {
    const { id, etag } = await createConnection("Delete current");

    expect((await platform.call("DELETE", `${CONNECTIONS}/${id}`, { headers: { "If-Match": etag } })).status).toBe(204);
  });

  test("If-Match list with the etag is accepted", async () => {
    const { id, etag } = await createConnection("Delete listed");
    const response = await platform.call("DELETE", `${CONNECTIONS}/${id}`, { headers: { "If-Match": `"zzz", ${etag}` } });

    expect(response.status).toBe(204);
    expectCode(await platform.call("GET", `${CONNECTIONS}/${id}`), "1101-404");
  });

  test("If-Match list without the etag is 1404-412", async () => {
    const { id } = await createConnection("Delete unlisted");
    const response = await platform.call("DELETE", `${CONNECTIONS}/${id}`, { headers: { "If-Match": '"zzz", "yyy"' } });

    expectCode(response, "1404-412");
    expect((await stored(id)).id).toBe(id);
  });

  test("other sandbox cannot delete it", async () => {
    const { id } = await createConnection("Prod only");
    const response = await platform.call("DELETE", `${CONNECTIONS}/${id}`, { sandbox: "dev" });

    expectCode(response, "1101-404");
    expect((await stored(id)).id).toBe(id);
  });
});
