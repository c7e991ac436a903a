// The sign-in page in a real browser: axe accessibility rules, the CSP against its own styles,
// and the redirect chain to the client after the form post. Needs Chromium at /usr/bin/chromium
// or at CHROMIUM_PATH, like the Playwright suite.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { afterAll, beforeAll, beforeEach, afterEach, expect, test } from "vitest";
import type { RunningEmulator } from "../src/server";
import { OPERATOR, authorizationRequest, startTestEmulator } from "./helpers";

const CLIENT_ID = "sign-in-page-test";

let browser: Browser;
let callbackServer: Server;
let redirectUri: string;
let emulator: RunningEmulator;
let context: BrowserContext;
let page: Page;
let consoleMessages: string[];

beforeAll(async () => {
  // Stands in for the dashboard's callback route, so the browser has somewhere to land.
  callbackServer = createServer((_request, response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.end('<!doctype html><html lang="en"><title>Callback</title><main><h1>Callback reached</h1></main></html>');
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, "127.0.0.1", resolve));
  redirectUri = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/api/auth/callback/adobe`;
  emulator = await startTestEmulator({ clientId: CLIENT_ID, redirectUris: [redirectUri] });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await new Promise((resolve) => callbackServer?.close(resolve));
});

beforeEach(async () => {
  // AxeBuilder needs a page from an explicit context.
  context = await browser.newContext();
  page = await context.newPage();
  consoleMessages = [];
  page.on("console", (message) => consoleMessages.push(message.text()));
  await page.goto(authorizationRequest(emulator.url, { clientId: CLIENT_ID, state: "browser-state" }).url.href);
});

afterEach(async () => {
  await context.close();
});

async function axeViolations(): Promise<string[]> {
  // The same rule sets as the Playwright suite's expectNoAxeViolations.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

test("sign-in page passes axe", async () => {
  await expect.poll(() => page.title()).toBe("Adobe IMS emulator — sign in");

  expect(await axeViolations()).toEqual([]);
});

test("page with a wrong-password error passes axe", async () => {
  await page.getByLabel("Email").fill(OPERATOR.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await page.getByRole("alert").waitFor();
  expect(await page.getByRole("alert").textContent()).toContain("The email or password is incorrect.");
  expect(await page.getByLabel("Email").inputValue()).toBe(OPERATOR.email);
  expect(await axeViolations()).toEqual([]);
});

test("inline styles apply under the page's CSP", async () => {
  const background = await page.getByRole("button", { name: "Sign in" }).evaluate((button) => getComputedStyle(button).backgroundColor);

  expect(background).toBe("rgb(13, 102, 208)");
  expect(consoleMessages.filter((message) => message.includes("Content Security Policy"))).toEqual([]);
});

test("signing in lands on the redirect URI with code and state", async () => {
  await page.getByLabel("Email").fill(OPERATOR.email);
  await page.getByLabel("Password").fill(OPERATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  const landed = new URL(page.url());

  expect(landed.searchParams.get("code")).toBeTruthy();
  expect(landed.searchParams.get("state")).toBe("browser-state");
  expect(consoleMessages.filter((message) => message.includes("Content Security Policy"))).toEqual([]);
});
