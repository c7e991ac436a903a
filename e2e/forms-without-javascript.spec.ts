import { test, expect } from "./fixtures";
import { APP_URL } from "./environment";

const TRAVEL_ID = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";

test("forms without JavaScript send nothing", async ({ browser, operatorState, emulator }) => {
  const context = await browser.newContext({ baseURL: APP_URL, storageState: operatorState, javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto("/connections/new");
  // Playwright's text selectors skip <noscript>, so its markup is read directly.
  expect(await page.locator("form noscript").innerHTML()).toContain("This form needs JavaScript.");
  await expect(page.getByRole("button", { name: "Create connection" })).toBeDisabled();
  await expect(page.getByLabel("Password", { exact: true })).toBeDisabled();
  await expect(page.getByLabel("Port")).toHaveValue("8093");
  await page.getByRole("button", { name: "Create connection" }).click({ force: true });
  await expect(page).toHaveURL(`${APP_URL}/connections/new`);

  await page.goto(`/connections/${TRAVEL_ID}/edit`);
  await expect(page.getByLabel("Connection name")).toHaveValue("Travel sample reader");
  await expect(page.getByLabel("Server")).toHaveValue("couchbase.demo.internal");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();

  const writes = (await emulator.requests()).filter((request) => request.method !== "GET");
  expect(writes).toEqual([]);
  await context.close();
});

test("edit page HTML carries the stored values", async ({ operatorPage: page, emulator }) => {
  void emulator;
  const cookies = await page.context().cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const response = await fetch(`${APP_URL}/connections/${TRAVEL_ID}/edit`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/<input[^>]*value="Travel sample reader"/);
  expect(html).toMatch(/<input[^>]*value="couchbase.demo.internal"/);
  expect(html).toMatch(/<input[^>]*value="8093"/);
});
