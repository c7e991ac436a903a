import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { COUCHBASE_SPEC_ID, newConnectionBody, startPlatform, type PlatformHarness } from "../src/platform/testing/harness";

// GET /connections: filters, order, paging and count.

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
const PROD_NAMES = [
  "Orders warehouse (in use by a dataflow)",
  "Travel sample reader",
  "Legacy analytics cluster",
  "Tricky password cluster",
  "Hand-written string (raw semicolon)",
];
const TRAVEL_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";
const LEGACY_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e03";
const TRICKY_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e04";

async function names(query: string, sandbox = "prod"): Promise<string[]> {
  const response = await platform.call("GET", `${CONNECTIONS}?${query}`, { sandbox });
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { name: string }[]).map((item) => item.name);
}

function expectCode(response: { status: number; body: { type?: string } }, code: string): void {
  expect(response.body.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}`);
  expect(response.status).toBe(Number(code.slice(-3)));
}

describe("list and count", () => {
  test("lists the sandbox's connections with empty _links", async () => {
    const response = await platform.call("GET", CONNECTIONS);

    expect(response.status).toBe(200);
    expect((response.body.items as { name: string }[]).map((item) => item.name).sort()).toEqual([...PROD_NAMES].sort());
    expect(response.body._links).toEqual({});
  });

  test("each sandbox has its own connections", async () => {
    const dev = await names("orderby=name", "dev");

    expect(dev).toEqual(["Dev TLS cluster", "Dev beer sample", "Dev retired host"]);
  });

  test("count=true returns only the count", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}?count=true`);

    expect(response.body).toEqual({ count: 5 });
  });

  test("count applies the filters", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}?property=state==enabled&count=true`);

    expect(response.body).toEqual({ count: 4 });
  });

  test("count=false lists items", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}?count=false`);

    expect(response.body.items).toHaveLength(5);
  });

  test("limit with count is 1401-400", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}?limit=10&count=true`);

    expectCode(response, "1401-400");
  });
});

describe("property filters", () => {
  test("== on name", async () => {
    expect(await names("property=name==Travel sample reader")).toEqual(["Travel sample reader"]);
  });

  test("!= on name", async () => {
    const result = await names("property=name!=Travel sample reader");

    expect(result).toHaveLength(4);
    expect(result).not.toContain("Travel sample reader");
  });

  test("comma is OR", async () => {
    const result = await names(`property=id==${TRAVEL_ID},${LEGACY_ID}&orderby=name`);

    expect(result).toEqual(["Legacy analytics cluster", "Travel sample reader"]);
  });

  test("!= with a comma excludes every value", async () => {
    const result = await names(`property=id!=${TRAVEL_ID},${LEGACY_ID}`);

    expect(result).toHaveLength(3);
    expect(result).not.toContain("Legacy analytics cluster");
  });

  test("repeated property is AND", async () => {
    const result = await names(`property=id==${TRAVEL_ID},${LEGACY_ID}&property=id==${LEGACY_ID},${TRICKY_ID}`);

    expect(result).toEqual(["Legacy analytics cluster"]);
  });

  test("connectionSpec.id filter", async () => {
    const matching = await names(`property=connectionSpec.id==${COUCHBASE_SPEC_ID}`);
    const other = await names("property=connectionSpec.id==4890fc95-5a1f-4983-94bb-e060c08e3f81");

    expect(matching).toHaveLength(5);
    expect(other).toEqual([]);
  });

  test("state filters", async () => {
    expect(await names("property=state==disabled")).toEqual(["Legacy analytics cluster"]);
    expect(await names("property=state!=enabled")).toEqual(["Legacy analytics cluster"]);
  });

  test("createdAt comparison", async () => {
    const since = Date.parse("2025-03-01T00:00:00Z");
    const result = await names(`property=createdAt>=${since}&orderby=createdAt`);

    expect(result).toEqual(["Tricky password cluster", "Hand-written string (raw semicolon)"]);
  });

  test("encoded name with spaces and parentheses", async () => {
    const query = new URLSearchParams({ property: "name==Orders warehouse (in use by a dataflow)" });

    expect(await names(query.toString())).toEqual(["Orders warehouse (in use by a dataflow)"]);
  });

  test.each([
    ["unknown field", "property=host==x", "1449-400"],
    ["secret field", "property=auth.params.connectionString==x", "1449-400"],
    ["single =", "property=name=Travel", "1450-400"],
    ["unknown operator", "property=name~Travel", "1450-400"],
    ["no value", "property=name==", "1453-400"],
    ["no operator", "property=name", "1453-400"],
    ["comparison on a text field", "property=name>=a", "1448-400"],
    ["comparison with two values", "property=createdAt<=1,2", "1443-400"],
    ["text for a time", "property=createdAt==yesterday", "1452-400"],
    ["unknown parameter", "start=0", "1451-400"],
    ["limit 0", "limit=0", "1000-400"],
    ["limit over the maximum", "limit=1001", "1000-400"],
    ["limit not a number", "limit=ten", "1000-400"],
    ["count not a boolean", "count=yes", "1000-400"],
    ["repeated limit", "limit=1&limit=2", "1000-400"],
  ])("%s is rejected", async (_case, query, code) => {
    const response = await platform.call("GET", `${CONNECTIONS}?${query}`);

    expectCode(response, code);
  });
});

describe("orderby", () => {
  const sortedNames = [...PROD_NAMES].sort((left, right) => (left < right ? -1 : 1));

  test("ascending by name", async () => {
    expect(await names("orderby=name")).toEqual(sortedNames);
  });

  test("+ prefix encoded and raw", async () => {
    expect(await names("orderby=%2Bname")).toEqual(sortedNames);
    expect(await names("orderby=+name")).toEqual(sortedNames);
  });

  test("descending by name", async () => {
    expect(await names("orderby=-name")).toEqual([...sortedNames].reverse());
  });

  test("newest first", async () => {
    const result = await names("orderby=-createdAt");

    expect(result[0]).toBe("Hand-written string (raw semicolon)");
    expect(result.at(-1)).toBe("Legacy analytics cluster");
  });

  test("new connection comes first with -createdAt", async () => {
    await platform.call("POST", CONNECTIONS, { json: newConnectionBody("Brand new") });

    expect((await names("orderby=-createdAt"))[0]).toBe("Brand new");
  });

  test("unknown field is 1433-400", async () => {
    expectCode(await platform.call("GET", `${CONNECTIONS}?orderby=-host`), "1433-400");
  });

  test("suffix order is 1432-400", async () => {
    expectCode(await platform.call("GET", `${CONNECTIONS}?orderby=name%20desc`), "1432-400");
  });
});

describe("paging", () => {
  async function walk(firstQuery: string, follow: (href: string) => string): Promise<{ names: string[]; pages: number }> {
    const collected: string[] = [];
    let path = `${CONNECTIONS}?${firstQuery}`;
    for (let pages = 1; pages <= 20; pages += 1) {
      const response = await platform.call("GET", path, { sandbox: "bulk" });
      expect(response.status, response.text).toBe(200);
      collected.push(...(response.body.items as { name: string }[]).map((item) => item.name));
      const href: string | undefined = response.body._links.next?.href;
      if (!href) return { names: collected, pages };
      expect(href).toMatch(/^\/connections\?continuationToken=/);
      path = follow(href);
    }
    throw new Error("paging did not end within 20 pages");
  }

  test("_links.next.href walks all 120 without duplicates", async () => {
    const result = await walk("limit=25&orderby=-createdAt", (href) => `/data/foundation/flowservice${href}`);

    expect(result.pages).toBe(5);
    expect(result.names).toHaveLength(120);
    expect(new Set(result.names).size).toBe(120);
    expect(result.names[0]).toBe("bulk-connection-120");
    expect(result.names.at(-1)).toBe("bulk-connection-001");
  });

  test("token with the same query parameters continues", async () => {
    const query = `property=connectionSpec.id==${COUCHBASE_SPEC_ID}&orderby=-createdAt&limit=50`;
    const result = await walk(query, (href) => {
      const token = new URL(href, "http://flowservice.invalid").searchParams.get("continuationToken")!;
      return `${CONNECTIONS}?${query}&continuationToken=${encodeURIComponent(token)}`;
    });

    expect(result.pages).toBe(3);
    expect(new Set(result.names).size).toBe(120);
  });

  test("filters carry over to the next page", async () => {
    const result = await walk("limit=2&property=name==bulk-connection-001,bulk-connection-050,bulk-connection-099", (href) =>
      `/data/foundation/flowservice${href}`,
    );

    expect(result.names).toEqual(["bulk-connection-001", "bulk-connection-050", "bulk-connection-099"]);
    expect(result.pages).toBe(2);
  });

  test("inserts and deletes between pages cause no duplicates", async () => {
    const first = await platform.call("GET", `${CONNECTIONS}?limit=25&orderby=name`, { sandbox: "bulk" });
    const firstPage = (first.body.items as { id: string; name: string }[]).map((item) => item.name);
    const deleted = first.body.items[24] as { id: string };
    const deletion = await platform.call("DELETE", `${CONNECTIONS}/${deleted.id}`, { sandbox: "bulk" });
    await platform.call("POST", CONNECTIONS, { sandbox: "bulk", json: newConnectionBody("bulk-connection-000") });
    await platform.call("POST", CONNECTIONS, { sandbox: "bulk", json: newConnectionBody("zz-after-all") });

    const remaining: string[] = [];
    let href: string | undefined = first.body._links.next.href;
    while (href) {
      const page = await platform.call("GET", `/data/foundation/flowservice${href}`, { sandbox: "bulk" });
      remaining.push(...(page.body.items as { name: string }[]).map((item) => item.name));
      href = page.body._links.next?.href;
    }

    expect(deletion.status).toBe(204);
    const all = [...firstPage, ...remaining];
    expect(new Set(all).size).toBe(all.length);
    expect(remaining[0]).toBe("bulk-connection-026");
    expect(remaining).toContain("zz-after-all");
    expect(remaining).not.toContain("bulk-connection-000");
  });

  test("token with another limit is 1000-400", async () => {
    const first = await platform.call("GET", `${CONNECTIONS}?limit=25`, { sandbox: "bulk" });
    const token = new URL(first.body._links.next.href, "http://flowservice.invalid").searchParams.get("continuationToken")!;
    const response = await platform.call("GET", `${CONNECTIONS}?limit=30&continuationToken=${encodeURIComponent(token)}`, {
      sandbox: "bulk",
    });

    expectCode(response, "1000-400");
  });

  test("token from another sandbox is 1000-400", async () => {
    const first = await platform.call("GET", `${CONNECTIONS}?limit=1`, { sandbox: "prod" });
    const response = await platform.call("GET", `/data/foundation/flowservice${first.body._links.next.href}`, { sandbox: "dev" });

    expectCode(response, "1000-400");
  });

  test("garbage token is 1000-400", async () => {
    const response = await platform.call("GET", `${CONNECTIONS}?continuationToken=not-a-token`);

    expectCode(response, "1000-400");
  });

  test("default page size is 100", async () => {
    const response = await platform.call("GET", CONNECTIONS, { sandbox: "bulk" });

    expect(response.body.items).toHaveLength(100);
    expect(response.body._links.next.href).toMatch(/continuationToken=/);
  });
});

describe("secrets in lists", () => {
  test("no list item carries a password", async () => {
    const response = await platform.call("GET", CONNECTIONS);

    expect(response.text).not.toContain("Demo-p4ss");
    expect(response.text).not.toContain("Old-p4ss-2023");
    expect(response.text).not.toContain("slash{brace}");
  });
});
