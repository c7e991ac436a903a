import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANALYST, OTHER_ORG_USER, startPlatform, type PlatformHarness } from "../src/platform/testing/harness";

// GET /data/foundation/sandbox-management/ ("List available sandboxes").

let platform: PlatformHarness;

beforeAll(async () => {
  platform = await startPlatform();
});

afterAll(async () => {
  await platform.close();
});

const SANDBOXES = "/data/foundation/sandbox-management/";

describe("list available sandboxes", () => {
  test("operator sees prod, dev and bulk", async () => {
    const response = await platform.call("GET", SANDBOXES, { sandbox: null });

    expect(response.status).toBe(200);
    expect(response.body.sandboxes.map((sandbox: { name: string }) => sandbox.name)).toEqual(["prod", "dev", "bulk"]);
    expect(response.body._page).toEqual({ limit: 50, count: 3 });
    expect(response.body._links.page).toEqual({
      href: `${platform.url}/data/foundation/sandbox-management/?limit={limit}&offset={offset}`,
      templated: true,
    });
    expect(response.body._links.next).toBeUndefined();
  });

  test("each sandbox has the documented fields", async () => {
    const response = await platform.call("GET", SANDBOXES, { sandbox: null });

    expect(response.body.sandboxes[0]).toEqual({
      name: "prod",
      title: "Production",
      state: "active",
      type: "production",
      region: "VA7",
      isDefault: true,
      etag: 2,
      createdDate: "2019-09-04 04:57:24",
      lastModifiedDate: "2019-09-04 04:57:24",
      createdBy: "5E1A2B3C4D5E6F7081920A1B@AdobeID",
      modifiedBy: "5E1A2B3C4D5E6F7081920A1B@AdobeID",
    });
  });

  test("path without trailing slash works", async () => {
    const response = await platform.call("GET", "/data/foundation/sandbox-management", { sandbox: null });

    expect(response.status).toBe(200);
  });

  test("x-sandbox-name is not needed and is ignored", async () => {
    const response = await platform.call("GET", SANDBOXES, { sandbox: "dev" });

    expect(response.body.sandboxes).toHaveLength(3);
  });

  test("analyst sees only prod", async () => {
    const token = await platform.token({ user: ANALYST });
    const response = await platform.call("GET", SANDBOXES, { token, sandbox: null });

    expect(response.body.sandboxes.map((sandbox: { name: string }) => sandbox.name)).toEqual(["prod"]);
  });

  test("other org sees its own sandbox", async () => {
    const token = await platform.token({ user: OTHER_ORG_USER });
    const response = await platform.call("GET", SANDBOXES, { token, org: OTHER_ORG_USER.imsOrgId, sandbox: null });

    expect(response.body.sandboxes).toHaveLength(1);
    expect(response.body.sandboxes[0].region).toBe("NLD2");
  });

  test("limit and offset page with _links.next", async () => {
    const first = await platform.call("GET", `${SANDBOXES}?limit=2&offset=0`, { sandbox: null });
    const next = new URL(first.body._links.next.href);
    const second = await platform.call("GET", `${next.pathname}${next.search}`, { sandbox: null });

    expect(first.body.sandboxes.map((sandbox: { name: string }) => sandbox.name)).toEqual(["prod", "dev"]);
    expect(first.body._page).toEqual({ limit: 2, count: 2 });
    expect(next.search).toBe("?limit=2&offset=2");
    expect(second.body.sandboxes.map((sandbox: { name: string }) => sandbox.name)).toEqual(["bulk"]);
    expect(second.body._links.next).toBeUndefined();
  });

  test("offset past the end is an empty page", async () => {
    const response = await platform.call("GET", `${SANDBOXES}?limit=5&offset=10`, { sandbox: null });

    expect(response.status).toBe(200);
    expect(response.body.sandboxes).toEqual([]);
  });

  test("x-user-token lists that user's sandboxes", async () => {
    const analystToken = await platform.token({ user: ANALYST });
    const response = await platform.call("GET", SANDBOXES, { sandbox: null, headers: { "x-user-token": analystToken } });

    expect(response.body.sandboxes.map((sandbox: { name: string }) => sandbox.name)).toEqual(["prod"]);
  });

  test("invalid x-user-token is 401013", async () => {
    const response = await platform.call("GET", SANDBOXES, { sandbox: null, headers: { "x-user-token": "not-a-token" } });

    expect(response.status).toBe(401);
    expect(response.body.error_code).toBe("401013");
  });
});

describe("paging errors", () => {
  test.each([
    ["limit alone", "limit=10", "specified together"],
    ["offset alone", "offset=0", "specified together"],
    ["limit 0", "limit=0&offset=0", "limit must be"],
    ["negative offset", "limit=1&offset=-1", "offset must be"],
    ["limit not a number", "limit=ten&offset=0", "limit must be"],
    ["unknown parameter", "limit=1&offset=0&property=name==prod", "not supported"],
    ["repeated limit", "limit=1&limit=2&offset=0", "at most once"],
    ["offset of 20 digits", "limit=1&offset=99999999999999999999", "offset must be at most 9007199254740991."],
    ["offset one above the maximum", "limit=1&offset=9007199254740992", "offset must be at most 9007199254740991."],
    ["limit of 20 digits", "limit=99999999999999999999&offset=0", "limit must be at most 9007199254740991."],
    ["limit one above the maximum", "limit=9007199254740992&offset=0", "limit must be at most 9007199254740991."],
    ["fractional offset", "limit=1&offset=1.5", "offset must be a whole number of 0 or more."],
  ])("%s is 400", async (_case, query, detail) => {
    const response = await platform.call("GET", `${SANDBOXES}?${query}`, { sandbox: null });

    expect(response.status).toBe(400);
    expect(response.body.title).toBe("Bad Request");
    expect(response.body.detail).toContain(detail);
  });
});

describe("paging maximum", () => {
  test("offset at the maximum is an empty page", async () => {
    const response = await platform.call("GET", `${SANDBOXES}?limit=1&offset=9007199254740991`, { sandbox: null });

    expect(response.status).toBe(200);
    expect(response.body.sandboxes).toEqual([]);
    expect(response.body._links.next).toBeUndefined();
  });

  test("limit at the maximum lists every sandbox", async () => {
    const response = await platform.call("GET", `${SANDBOXES}?limit=9007199254740991&offset=0`, { sandbox: null });

    expect(response.status).toBe(200);
    expect(response.body.sandboxes).toHaveLength(3);
    expect(response.body._page).toEqual({ limit: 9007199254740991, count: 3 });
  });

  test("ten-digit offset is accepted", async () => {
    const response = await platform.call("GET", `${SANDBOXES}?limit=1&offset=1000000000`, { sandbox: null });

    expect(response.status).toBe(200);
  });
});

describe("header errors", () => {
  test("no token is 403010", async () => {
    const response = await platform.call("GET", SANDBOXES, { token: null, sandbox: null });

    expect(response.status).toBe(403);
    expect(response.body.error_code).toBe("403010");
  });

  test("no x-api-key is 403000", async () => {
    expect((await platform.call("GET", SANDBOXES, { apiKey: null, sandbox: null })).body.error_code).toBe("403000");
  });

  test("no org is 400003", async () => {
    expect((await platform.call("GET", SANDBOXES, { org: null, sandbox: null })).body.error_code).toBe("400003");
  });

  test("org not the user's is 403025", async () => {
    const response = await platform.call("GET", SANDBOXES, { org: OTHER_ORG_USER.imsOrgId, sandbox: null });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error_code: "403025", message: "Profile is not valid" });
  });

  test("admin endpoints are not emulated", async () => {
    expect((await platform.call("GET", "/data/foundation/sandbox-management/sandboxes", { sandbox: null })).status).toBe(501);
  });

  test.each(["sandboxes/", "sandboxTypes/", "sandboxes/prod/", "nothing/", "nothing"])("path %s is 404", async (path) => {
    const response = await platform.call("GET", `${SANDBOXES}${path}`, { sandbox: null });

    expect(response.status).toBe(404);
    expect(response.body.title).toBe("Not Found");
  });

  test("POST is 405", async () => {
    const response = await platform.call("POST", SANDBOXES, { sandbox: null, json: {} });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});
