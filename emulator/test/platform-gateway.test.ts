import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ANALYST,
  CLIENT_ID,
  COUCHBASE_SPEC_ID,
  DEMO_ORG,
  newConnectionBody,
  OPERATOR,
  OTHER_CLIENT_ID,
  OTHER_ORG_USER,
  startPlatform,
  type PlatformHarness,
} from "../src/platform/testing/harness";

// Header checks of Flow Service calls, in the order the gateway and Flow Service apply them.

let platform: PlatformHarness;

beforeAll(async () => {
  platform = await startPlatform();
});

afterAll(async () => {
  await platform.close();
});

const LIST = "/data/foundation/flowservice/connections";
const TRAVEL_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";

function expectFlowProblem(body: Record<string, unknown>, code: string, status: number): void {
  expect(body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe("string");
  expect(typeof body.errorMessage).toBe("string");
  const report = body.report as Record<string, unknown>;
  expect(typeof report["detailed-message"]).toBe("string");
  expect(typeof report["request-id"]).toBe("string");
}

describe("gateway errors", () => {
  test("no Authorization is 403010", async () => {
    const response = await platform.call("GET", LIST, { token: null });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403010", message: "Oauth token is missing." });
  });

  test("empty Authorization is 403010", async () => {
    const response = await platform.call("GET", LIST, { token: null, headers: { Authorization: " " } });

    expect(response.status).toBe(403);
    expect(response.body.error_code).toBe("403010");
  });

  test.each([
    ["a token that is not a JWT", "Bearer not-a-token"],
    ["a Basic credential", "Basic c291cmNlZGVzazpzZWNyZXQ="],
    ["a bearer without token", "Bearer"],
  ])("%s is 401013", async (_case, authorization) => {
    const response = await platform.call("GET", LIST, { token: null, headers: { Authorization: authorization } });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error_code: "401013", message: "Oauth token is not valid" });
  });

  test("expired token is 401013", async () => {
    const expired = await platform.token({ expiresIn: -60 });
    const response = await platform.call("GET", LIST, { token: expired });

    expect(response.status).toBe(401);
    expect(response.body.error_code).toBe("401013");
  });

  test("no x-api-key is 403000", async () => {
    const response = await platform.call("GET", LIST, { apiKey: null });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403000", message: "Api Key is required" });
  });

  test("unregistered x-api-key is 403003", async () => {
    const response = await platform.call("GET", LIST, { apiKey: "someone-else" });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403003", message: "Api Key is invalid" });
  });

  test("x-api-key of another client is 403003", async () => {
    const response = await platform.call("GET", LIST, { apiKey: OTHER_CLIENT_ID });

    expect(response.status).toBe(403);
    expect(response.body.error_code).toBe("403003");
  });

  test("no x-gw-ims-org-id is 400003", async () => {
    const response = await platform.call("GET", LIST, { org: null });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error_code: "400003", message: "Missing header" });
  });

  test("POST without Content-Type is the gateway's 400", async () => {
    const response = await platform.call("POST", LIST, { rawBody: JSON.stringify(newConnectionBody("No content type")) });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: "A valid content-type must be specified",
    });
  });

  test("POST with text/plain is 1004-415", async () => {
    const response = await platform.call("POST", LIST, {
      rawBody: JSON.stringify(newConnectionBody("Plain text")),
      headers: { "Content-Type": "text/plain" },
    });

    expect(response.status).toBe(415);
    expectFlowProblem(response.body, "1004-415", 415);
  });

  test("application/json with charset is accepted", async () => {
    const response = await platform.call("POST", LIST, {
      rawBody: JSON.stringify(newConnectionBody("With charset")),
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });

    expect(response.status).toBe(201);
  });

  test("checks run in the gateway's order", async () => {
    const noTokenNoKey = await platform.call("GET", LIST, { token: null, apiKey: null, org: null, sandbox: null });
    const noKeyNoOrg = await platform.call("GET", LIST, { apiKey: null, org: null, sandbox: null });
    const noOrgNoSandbox = await platform.call("GET", LIST, { org: null, sandbox: null });

    expect(noTokenNoKey.body.error_code).toBe("403010");
    expect(noKeyNoOrg.body.error_code).toBe("403000");
    expect(noOrgNoSandbox.body.error_code).toBe("400003");
  });
});

describe("org and sandbox errors", () => {
  test("org not the user's is 2000-401", async () => {
    const response = await platform.call("GET", LIST, { org: OTHER_ORG_USER.imsOrgId });

    expect(response.status).toBe(401);
    expectFlowProblem(response.body, "2000-401", 401);
  });

  test("other org's user with the demo org is 2000-401", async () => {
    const token = await platform.token({ user: OTHER_ORG_USER });
    const response = await platform.call("GET", LIST, { token, org: DEMO_ORG });

    expect(response.status).toBe(401);
    expectFlowProblem(response.body, "2000-401", 401);
  });

  test("no x-sandbox-name is 2105-400", async () => {
    const response = await platform.call("GET", LIST, { sandbox: null });

    expect(response.status).toBe(400);
    expectFlowProblem(response.body, "2105-400", 400);
  });

  test("x-sandbox-id with a user token is 2110-400", async () => {
    const response = await platform.call("GET", LIST, { headers: { "x-sandbox-id": "1bd86660-c5da-11e9-93d4-6d5fc3a66a8e" } });

    expect(response.status).toBe(400);
    expectFlowProblem(response.body, "2110-400", 400);
  });

  test("x-sandbox-name * with a user token is 2111-403", async () => {
    const response = await platform.call("GET", LIST, { sandbox: "*" });

    expect(response.status).toBe(403);
    expectFlowProblem(response.body, "2111-403", 403);
  });

  test.each([
    ["unknown sandbox", OPERATOR, "stage"],
    ["upper-case name", OPERATOR, "PROD"],
    ["sandbox the user cannot see", ANALYST, "dev"],
  ])("%s is 2100-404", async (_case, user, sandbox) => {
    const token = await platform.token({ user });
    const response = await platform.call("GET", LIST, { token, sandbox });

    expect(response.status).toBe(404);
    expectFlowProblem(response.body, "2100-404", 404);
    expect(response.body.report["detailed-message"]).toContain(`'${sandbox}'`);
  });

  test("visible sandbox passes", async () => {
    const token = await platform.token({ user: ANALYST });
    const response = await platform.call("GET", LIST, { token, sandbox: "prod" });

    expect(response.status).toBe(200);
  });
});

describe("request ids and routes", () => {
  test("caller's x-request-id is echoed", async () => {
    const response = await platform.call("GET", LIST, { sandbox: null, headers: { "x-request-id": "trace-1234" } });

    expect(response.headers.get("x-request-id")).toBe("trace-1234");
    expect(response.body.report["request-id"]).toBe("trace-1234");
  });

  test("request id is generated when absent", async () => {
    const response = await platform.call("GET", LIST, { sandbox: null });

    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.report["request-id"]).toBe(response.headers.get("x-request-id"));
  });

  test("unknown Flow Service path is 1003-404", async () => {
    const response = await platform.call("GET", "/data/foundation/flowservice/nothing");

    expect(response.status).toBe(404);
    expectFlowProblem(response.body, "1003-404", 404);
  });

  test.each([
    ["GET", "/connections/"],
    ["POST", "/connections/"],
    ["GET", `/connections/${TRAVEL_ID}/`],
    ["PUT", `/connections/${TRAVEL_ID}/`],
    ["GET", `/connections/${TRAVEL_ID}/test/`],
    ["GET", `/connections/${TRAVEL_ID}/explore/?objectType=root`],
    ["GET", "/connections/search/"],
    ["GET", `/connectionSpecs/${COUCHBASE_SPEC_ID}/`],
    ["GET", "/connectionSpecs/"],
    ["GET", "/flows/"],
    ["GET", "/nothing/"],
  ])("trailing slash on %s %s is 1003-404", async (method, path) => {
    const response = await platform.call(method, `/data/foundation/flowservice${path}`, method === "GET" ? {} : { json: {} });

    expect(response.status).toBe(404);
    expectFlowProblem(response.body, "1003-404", 404);
  });

  test.each([`/connections/${TRAVEL_ID}/preview`, `/connections/${TRAVEL_ID}/test/extra`, "/connections//test"])(
    "unknown path %s is 1003-404",
    async (path) => {
      const response = await platform.call("GET", `/data/foundation/flowservice${path}`);

      expect(response.status).toBe(404);
      expectFlowProblem(response.body, "1003-404", 404);
    },
  );

  test("documented but unemulated resource is 501", async () => {
    const response = await platform.call("GET", "/data/foundation/flowservice/flows");

    expect(response.status).toBe(501);
    expect(response.body.title).toBe("Not emulated");
  });

  test("wrong method is 405 with Allow", async () => {
    const response = await platform.call("PUT", LIST, { json: {} });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });

  test("other Platform API is 501", async () => {
    const response = await platform.call("GET", "/data/foundation/catalog/dataSets");

    expect(response.status).toBe(501);
  });

  test("body over 1 MiB is 413", async () => {
    const response = await platform.call("POST", LIST, {
      rawBody: `{"name":"${"x".repeat(1024 * 1024)}"}`,
      headers: { "Content-Type": "application/json" },
    });

    expect(response.status).toBe(413);
  });

  test("registered client ids are accepted", async () => {
    const token = await platform.token({ clientId: OTHER_CLIENT_ID });
    const own = await platform.call("GET", LIST, { token, apiKey: OTHER_CLIENT_ID });
    const demo = await platform.call("GET", LIST, { apiKey: CLIENT_ID });

    expect(own.status).toBe(200);
    expect(demo.status).toBe(200);
  });
});
