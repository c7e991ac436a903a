import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// A plain HTTP server that records what the client sends and answers with a scripted response;
// the client under test runs unchanged against it over real HTTP.
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let responses: { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      recorded.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      const next = responses.shift() ?? { status: 200, body: {} };
      setTimeout(() => {
        response.writeHead(next.status, { "Content-Type": "application/json", ...next.headers });
        response.end(next.body === undefined ? "" : JSON.stringify(next.body));
      }, next.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    ADOBE_IMS_URL: baseUrl,
    ADOBE_PLATFORM_URL: baseUrl,
    ADOBE_CLIENT_ID: "client-under-test",
    ADOBE_CLIENT_SECRET: "secret-under-test",
    ADOBE_IMS_ORG_ID: "0123456789ABCDEF01234567@AdobeOrg",
    ADOBE_SANDBOX_NAME: "prod",
    NEXTAUTH_URL: "http://localhost:3000",
    NEXTAUTH_SECRET: "unit-test-secret-0123456789abcdef0123456789",
    FLOW_SERVICE_TIMEOUT_MS: "500",
    FLOW_SERVICE_MAX_RETRIES: "2",
    LOG_LEVEL: "silent",
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  recorded = [];
  responses = [];
});

const caller = { accessToken: "token-under-test", sandboxName: "dev" };

describe("createConnection", () => {
  it("sends the documented headers and body", async () => {
    const { createConnection } = await import("./flow-service");
    responses.push({ status: 201, body: { id: "abc", etag: '"0100"' }, headers: { Location: "/connections/abc" } });
    const result = await createConnection(caller, {
      name: "Orders",
      description: "From the unit test",
      connectionString: 'Server=h; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"p"}];',
    });
    expect(result.ok).toBe(true);
    expect(recorded).toHaveLength(1);
    const request = recorded[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/data/foundation/flowservice/connections");
    expect(request.headers.authorization).toBe("Bearer token-under-test");
    expect(request.headers["x-api-key"]).toBe("client-under-test");
    expect(request.headers["x-gw-ims-org-id"]).toBe("0123456789ABCDEF01234567@AdobeOrg");
    expect(request.headers["x-sandbox-name"]).toBe("dev");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({
      name: "Orders",
      description: "From the unit test",
      auth: {
        specName: "Connection String Based Authentication",
        params: { connectionString: 'Server=h; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"p"}];' },
      },
      connectionSpec: { id: "1fe283f6-9bec-11ea-bb37-0242ac130002", version: "1.0" },
    });
  });

  it("is not retried after a 503", async () => {
    const { createConnection } = await import("./flow-service");
    responses.push({ status: 503, body: { type: "https://ns.adobe.com/aep/errors/FLOW-1103-503", title: "Unavailable" } });
    const result = await createConnection(caller, { name: "x", connectionString: "s" });
    expect(result.ok).toBe(false);
    expect(recorded).toHaveLength(1);
    if (!result.ok) expect(result.error.code).toBe("1103-503");
  });
});

describe("platform reads", () => {
  it("retry 429 honouring Retry-After", async () => {
    const { getConnection } = await import("./flow-service");
    responses.push({ status: 429, body: { message: "slow down" }, headers: { "Retry-After": "1" } });
    responses.push({ status: 200, body: { items: [{ id: "abc", name: "n", connectionSpec: { id: "x" } }] } });
    const started = Date.now();
    const result = await getConnection(caller, "abc");
    expect(result.ok).toBe(true);
    expect(recorded).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("stop retrying after the configured count", async () => {
    const { getConnection } = await import("./flow-service");
    for (let i = 0; i < 5; i += 1) responses.push({ status: 502, body: {} });
    const result = await getConnection(caller, "abc");
    expect(result.ok).toBe(false);
    expect(recorded).toHaveLength(3);
  });

  it("time out a slow answer", async () => {
    const { getConnection } = await import("./flow-service");
    for (let i = 0; i < 3; i += 1) responses.push({ status: 200, body: { items: [] }, delayMs: 900 });
    const result = await getConnection(caller, "abc");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("timeout");
  });

  it("unwrap the single-item list and read the etag", async () => {
    const { getConnection } = await import("./flow-service");
    responses.push({ status: 200, body: { items: [{ id: "abc", name: "n", etag: '"e1"', connectionSpec: { id: "x" } }] } });
    const result = await getConnection(caller, "abc");
    expect(result.ok && result.data.etag).toBe('"e1"');
  });

  it("list sends filters, order and paging", async () => {
    const { listConnections } = await import("./flow-service");
    responses.push({
      status: 200,
      body: { items: [], _links: { next: { href: "/connections?continuationToken=tok-2&limit=5" } } },
    });
    const result = await listConnections(caller, { name: "Orders, EU", limit: 5, continuationToken: "tok-1" });
    const url = new URL(recorded[0]!.url, baseUrl);
    expect(url.pathname).toBe("/data/foundation/flowservice/connections");
    expect(url.searchParams.getAll("property")).toEqual([
      "connectionSpec.id==1fe283f6-9bec-11ea-bb37-0242ac130002",
      "name==Orders, EU",
    ]);
    expect(url.searchParams.get("orderby")).toBe("-createdAt");
    expect(url.searchParams.get("limit")).toBe("5");
    expect(url.searchParams.get("continuationToken")).toBe("tok-1");
    expect(result.ok && result.data.nextToken).toBe("tok-2");
  });
});

describe("error bodies", () => {
  it("read the gateway shape", async () => {
    const { getConnection } = await import("./flow-service");
    responses.push({ status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } });
    const result = await getConnection(caller, "abc");
    expect(!result.ok && result.error.code).toBe("401013");
  });

  it("hide connection strings in messages", async () => {
    const { updateConnection } = await import("./flow-service");
    responses.push({
      status: 400,
      body: {
        type: "https://ns.adobe.com/aep/errors/FLOW-1100-400",
        title: "Bad request",
        errorMessage: 'Invalid value Server=h; Port=1;AuthMech=1;CredString=[{"user": "u", "pass":"hunter2"}];',
      },
    });
    const result = await updateConnection(caller, "abc", '"e1"', [{ op: "replace", path: "/name", value: "n" }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("1100-400");
      expect(result.error.message).not.toContain("hunter2");
      expect(result.error.message).not.toContain("Server=h");
    }
    expect(recorded[0]!.headers["if-match"]).toBe('"e1"');
  });
});
