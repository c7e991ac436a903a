import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  COUCHBASE_SPEC_ID,
  demoConnectionString,
  newConnectionBody,
  startPlatform,
  type PlatformHarness,
  type TestResponse,
} from "../src/platform/testing/harness";

// GET /connectionSpecs/{id}, /connections/{id}/test and /connections/{id}/explore, and how
// connection strings are masked in responses.

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

const FLOW = "/data/foundation/flowservice";
const CONNECTIONS = `${FLOW}/connections`;
const TRAVEL_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";
const LEGACY_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e03";
const TRICKY_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e04";
const RAW_SEMICOLON_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e05";
const RETIRED_HOST_ID = "8a2b3c4d-5e6f-4a7b-9c8d-1e2f3a4b5c03";

function expectCode(response: TestResponse, code: string): void {
  expect(response.body?.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
  expect(response.status).toBe(Number(code.slice(-3)));
}

async function createWith(connectionString: string, name = "Connectivity"): Promise<string> {
  const response = await platform.call("POST", CONNECTIONS, { json: newConnectionBody(name, connectionString) });
  expect(response.status, response.text).toBe(201);
  return response.body.id;
}

function testOf(id: string, sandbox = "prod"): Promise<TestResponse> {
  return platform.call("GET", `${CONNECTIONS}/${id}/test`, { sandbox });
}

describe("GET /connectionSpecs/{id}", () => {
  test("Couchbase spec has one password param", async () => {
    const response = await platform.call("GET", `${FLOW}/connectionSpecs/${COUCHBASE_SPEC_ID}`);

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    const spec = response.body.items[0];
    expect(spec.id).toBe(COUCHBASE_SPEC_ID);
    expect(spec.authSpec).toHaveLength(1);
    expect(spec.authSpec[0].name).toBe("Connection String Based Authentication");
    expect(Object.keys(spec.authSpec[0].spec.properties)).toEqual(["connectionString"]);
    expect(spec.authSpec[0].spec.properties.connectionString.format).toBe("password");
    expect(spec.authSpec[0].spec.required).toEqual(["connectionString"]);
  });

  test("unknown spec is 1101-404", async () => {
    expectCode(await platform.call("GET", `${FLOW}/connectionSpecs/00000000-0000-0000-0000-000000000000`), "1101-404");
  });
});

describe("GET /connections/{id}/test", () => {
  test("demo cluster passes", async () => {
    const response = await testOf(TRAVEL_ID);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: true });
  });

  test("wrong password fails as authentication", async () => {
    const response = await testOf(LEGACY_ID);

    expect(response.status).toBe(200);
    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("authentication-failed");
    expect(response.body.reason).toContain('user "etl_reader"');
    expect(response.text).not.toContain("Old-p4ss-2023");
  });

  test("raw semicolon in the password is malformed", async () => {
    const response = await testOf(RAW_SEMICOLON_ID);

    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("malformed-connection-string");
    expect(response.text).not.toContain("Demo;p4ss");
  });

  test("unknown host fails", async () => {
    const response = await testOf(RETIRED_HOST_ID, "dev");

    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("unknown-host");
    expect(response.body.reason).toContain("couchbase.retired.internal");
  });

  test("closed port fails", async () => {
    const id = await createWith(demoConnectionString("Demo-p4ss", "couchbase.demo.internal", 8094));
    const response = await testOf(id);

    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("connection-refused");
  });

  test("host names compare without case", async () => {
    const id = await createWith(demoConnectionString("Demo-p4ss", "CouchBase.Demo.Internal"));

    expect((await testOf(id)).body.result).toBe(true);
  });

  test("escaped password with quotes, semicolon and braces passes", async () => {
    expect((await testOf(TRICKY_ID)).body).toEqual({ result: true });
  });

  test("registered cluster with a hostile password passes when escaped", async () => {
    const password = 'Q"uote\\back;semi{brace}]"}];Server=evil;';
    const registered = await platform.control("POST", "/clusters", {
      server: "cb-hostile.example.internal",
      port: 8093,
      users: [{ user: "etl_reader", password }],
      buckets: ["orders"],
    });
    const escaped = JSON.stringify(password).slice(1, -1).replace(/;/g, "\\u003b");
    const id = await createWith(
      `Server=cb-hostile.example.internal; Port=8093;AuthMech=1;CredString=[{"user": "etl_reader", "pass":"${escaped}"}];`,
    );

    expect(registered.status).toBe(201);
    expect((await testOf(id)).body).toEqual({ result: true });
  });

  test("the same password unescaped does not round-trip", async () => {
    await platform.control("POST", "/clusters", {
      server: "cb-raw.example.internal",
      port: 8093,
      users: [{ user: "etl_reader", password: "semi;colon" }],
      buckets: ["orders"],
    });
    const id = await createWith(demoConnectionString("semi;colon", "cb-raw.example.internal"));
    const response = await testOf(id);

    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("malformed-connection-string");
  });

  test("braced CredString with doubled braces passes", async () => {
    const id = await createWith(
      'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString={[{"user": "etl_reader", "pass":"Demo-p4ss"}}]};',
    );

    expect((await testOf(id)).body).toEqual({ result: true });
  });

  test("password with a backslash-escaped quote typed raw fails", async () => {
    const id = await createWith(
      'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString=[{\\"user\\": \\"etl_reader\\", \\"pass\\":\\"Demo-p4ss\\"}];',
    );
    const response = await testOf(id);

    expect(response.body.result).toBe(false);
    expect(response.body.errorCode).toBe("malformed-connection-string");
  });

  test("unknown id is 1101-404", async () => {
    expectCode(await testOf("00000000-0000-4000-8000-000000000000"), "1101-404");
  });
});

describe("GET /connections/{id}/explore", () => {
  test("root lists the buckets as tables", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore?objectType=root`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      ["travel-sample", "beer-sample", "gamesim-sample"].map((bucket) => ({
        type: "table",
        name: bucket,
        path: bucket,
        canPreview: true,
        canFetchSchema: true,
      })),
    );
  });

  test("ROOT in upper case works", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore?objectType=ROOT`);

    expect(response.status).toBe(200);
  });

  test("failing connection is 1308-400 with the reason", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${LEGACY_ID}/explore?objectType=root`);

    expectCode(response, "1308-400");
    expect(response.body.report["detailed-message"]).toContain("Authentication failed");
    expect(response.text).not.toContain("Old-p4ss-2023");
  });

  test("missing objectType is 1359-400", async () => {
    expectCode(await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore`), "1359-400");
  });

  test.each(["file", "folder", "rest", "bucket"])("objectType %s is 1358-400", async (objectType) => {
    expectCode(await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore?objectType=${objectType}`), "1358-400");
  });

  test("table without object is 1337-400", async () => {
    expectCode(await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore?objectType=table`), "1337-400");
  });

  test("table with object is not emulated", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${TRAVEL_ID}/explore?objectType=table&object=travel-sample`);

    expect(response.status).toBe(501);
  });
});

describe("secret masking", () => {
  test("only the pass value is masked in a string the driver reads", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${TRICKY_ID}`);
    const connectionString: string = response.body.items[0].auth.params.connectionString;

    expect(connectionString).toBe(
      'Server=couchbase.tricky.internal; Port=8093;AuthMech=1;CredString=[{"user": "etl_tricky", "pass":"********"}];',
    );
  });

  test("braced CredString keeps its braces when masked", async () => {
    const id = await createWith(
      'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString={[{"user": "etl_reader", "pass":"a}}b"}}]};',
    );
    const response = await platform.call("GET", `${CONNECTIONS}/${id}`);

    expect(response.body.items[0].auth.params.connectionString).toBe(
      'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString={[{"user": "etl_reader", "pass":"********"}}]};',
    );
  });

  test("every credential's pass is masked", async () => {
    const id = await createWith(
      'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString=[{"user": "a", "pass":"first-secret"}, {"user": "b", "pass":"second-secret"}];',
    );
    const response = await platform.call("GET", `${CONNECTIONS}/${id}`);

    expect(response.text).not.toContain("first-secret");
    expect(response.text).not.toContain("second-secret");
    expect(response.body.items[0].auth.params.connectionString).toContain('{"user": "b", "pass":"********"}');
  });

  test("a string the driver cannot read is masked whole", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}/${RAW_SEMICOLON_ID}`);

    expect(response.body.items[0].auth.params.connectionString).toBe("********");
  });

  test("the stored record keeps the raw string", async () => {
    const response = await platform.control("GET", `/connections/${TRICKY_ID}`);

    expect(response.body.auth.params.connectionString).toContain("Qu\\\"ote\\\\back\\u003bslash{brace}}[x]=1");
  });
});

describe("EMULATOR_SECRET_MASKING=full", () => {
  let fullMasking: PlatformHarness;

  beforeAll(async () => {
    process.env.EMULATOR_SECRET_MASKING = "full";
    try {
      fullMasking = await startPlatform();
    } finally {
      delete process.env.EMULATOR_SECRET_MASKING;
    }
  });

  afterAll(async () => {
    await fullMasking.close();
  });

  test("masks the whole connection string", async () => {
    const response = await fullMasking.call("GET", `${CONNECTIONS}/${TRICKY_ID}`);

    expect(response.body.items[0].auth.params.connectionString).toBe("********");
  });

  test("masks the whole string in the request log", async () => {
    await fullMasking.call("POST", CONNECTIONS, { json: newConnectionBody("Logged") });
    const log = await fullMasking.control("GET", "/requests");
    const post = log.body.requests.find((entry: { method: string }) => entry.method === "POST");

    expect(post.body.auth.params.connectionString).toBe("********");
  });

  test("an unknown masking value stops the start", async () => {
    process.env.EMULATOR_SECRET_MASKING = "none";
    try {
      await expect(startPlatform()).rejects.toThrow(/EMULATOR_SECRET_MASKING must be partial .* or full/);
    } finally {
      delete process.env.EMULATOR_SECRET_MASKING;
    }
  });
});
