import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect } from "./fixtures";
import { readSession } from "./session-cookie";
import { SERVER_LOG } from "./environment";

const CANARY_PASSWORD = "canary-Pw-7f3a9c;\"{}";
const CANARY_FRAGMENT = "canary-Pw-7f3a9c";

test("no token or password reaches the browser or the log", async ({ operatorPage: page, emulator }) => {
  void emulator;
  const seen: { url: string; body: string; headers: string }[] = [];
  const visitedUrls: string[] = [];
  page.on("framenavigated", (frame) => visitedUrls.push(frame.url()));
  page.on("response", async (response) => {
    const body = await response.text().catch(() => "");
    seen.push({ url: response.url(), body, headers: JSON.stringify(await response.allHeaders()) });
  });

  const session = await readSession(page.context());
  const accessToken = session.accessToken ?? "";
  const refreshToken = session.refreshToken ?? "";
  expect(accessToken.length).toBeGreaterThan(20);

  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Canary");
  await page.getByLabel("Server").fill("couchbase.demo.internal");
  await page.getByLabel("User name").fill("etl_reader");
  await page.getByLabel("Password", { exact: true }).fill(CANARY_PASSWORD);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  await page.goto("/connections");
  await page.goto("/api/auth/session");
  const sessionJson = await page.locator("body").textContent();
  expect(sessionJson).toContain("operator@example.com");

  expect(seen.length).toBeGreaterThan(5);
  for (const response of seen) {
    for (const secret of [accessToken, refreshToken, CANARY_FRAGMENT]) {
      expect(response.body.includes(secret), `secret in body of ${response.url}`).toBe(false);
      expect(response.headers.includes(secret), `secret in headers of ${response.url}`).toBe(false);
    }
  }
  for (const url of visitedUrls) {
    expect(url).not.toContain(CANARY_FRAGMENT);
    expect(url).not.toContain(accessToken);
  }
  const scriptCookies = await page.evaluate(() => document.cookie);
  expect(scriptCookies).not.toContain("session-token");

  for (const file of filesUnder(".next/static")) {
    const content = readFileSync(file, "utf8");
    expect(content.includes(CANARY_FRAGMENT), file).toBe(false);
    expect(content.includes(accessToken), file).toBe(false);
  }

  const log = readFileSync(SERVER_LOG, "utf8");
  expect(log).toContain("Platform call");
  expect(log.includes(accessToken)).toBe(false);
  expect(log.includes(refreshToken)).toBe(false);
  expect(log.includes(CANARY_FRAGMENT)).toBe(false);
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
