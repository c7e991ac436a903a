import { describe, expect, test } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  test.each([
    ["/connections/new", "/connections/new"],
    ["/connections?name=Orders&after=abc", "/connections?name=Orders&after=abc"],
    ["/connections/abc/edit#password", "/connections/abc/edit#password"],
    ["/connections/../signin", "/signin"],
  ])("keeps the path %j", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  test.each([
    [undefined],
    [null],
    [""],
    ["connections"],
    ["https://evil.example/phish"],
    ["//evil.example/phish"],
    ["/\\evil.example/phish"],
    ["/\t/evil.example/phish"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/\u0000/evil.example"],
    ["/%2F/../..//evil.example"],
    ["/./\t/evil.example"],
  ])("replaces the off-site value %j", (value) => {
    expect(safeReturnPath(value)).toBe("/connections");
  });
});
