import { applyPatch, deepClone } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { buildConnectionPatch } from "./connection-patch";

const stored = {
  name: "Orders",
  description: "Nightly orders",
  auth: { specName: "Connection String Based Authentication", params: { connectionString: "old" } },
};

function apply(operations: ReturnType<typeof buildConnectionPatch>) {
  return applyPatch(deepClone(stored), operations, true, false).newDocument;
}

describe("buildConnectionPatch", () => {
  it("rename only", () => {
    const operations = buildConnectionPatch(stored, { name: "Orders EU", description: "Nightly orders" });
    expect(operations).toEqual([{ op: "replace", path: "/name", value: "Orders EU" }]);
    expect(apply(operations).auth.params.connectionString).toBe("old");
  });

  it("description only", () => {
    const operations = buildConnectionPatch(stored, { name: "Orders", description: "Hourly" });
    expect(operations).toEqual([{ op: "replace", path: "/description", value: "Hourly" }]);
  });

  it("description added where none was", () => {
    const operations = buildConnectionPatch({ name: "Orders", description: "" }, { name: "Orders", description: "New" });
    expect(operations).toEqual([{ op: "add", path: "/description", value: "New" }]);
  });

  it("description cleared", () => {
    const operations = buildConnectionPatch(stored, { name: "Orders", description: "" });
    expect(operations).toEqual([{ op: "replace", path: "/description", value: "" }]);
  });

  it("credentials replace the whole params object", () => {
    const operations = buildConnectionPatch(stored, {
      name: "Orders",
      description: "Nightly orders",
      connectionString: "new",
    });
    expect(operations).toEqual([{ op: "replace", path: "/auth/params", value: { connectionString: "new" } }]);
    const patched = apply(operations);
    expect(patched.auth.params).toEqual({ connectionString: "new" });
    expect(patched.auth.specName).toBe("Connection String Based Authentication");
    expect(patched.name).toBe("Orders");
  });

  it("blank password leaves params untouched", () => {
    const operations = buildConnectionPatch(stored, { name: "Orders 2", description: "Nightly orders", connectionString: undefined });
    expect(operations.some((operation) => operation.path.startsWith("/auth"))).toBe(false);
  });

  it("rename and rotate together", () => {
    const operations = buildConnectionPatch(stored, { name: "B", description: "Nightly orders", connectionString: "new" });
    expect(operations.map((operation) => operation.path)).toEqual(["/name", "/auth/params"]);
  });

  it("no change gives an empty patch", () => {
    expect(buildConnectionPatch(stored, { name: "Orders", description: "Nightly orders" })).toEqual([]);
  });
});
