import type { Page } from "@playwright/test";
import { test, expect, expectNoAxeViolations } from "./fixtures";
import { flowService } from "./platform";

const DEMO_CLUSTER = { server: "couchbase.demo.internal", port: "8093", user: "etl_reader", password: "Demo-p4ss" };

async function createThroughForm(page: Page, name: string, password = DEMO_CLUSTER.password): Promise<string> {
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill(name);
  await page.getByLabel("Server").fill(DEMO_CLUSTER.server);
  await page.getByLabel("User name").fill(DEMO_CLUSTER.user);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  return (await page.getByTestId("connection-id").textContent())!.trim();
}

test("create three and find one by name", async ({ operatorPage: page, emulator }) => {
  void emulator;
  for (const name of ["Alpha cluster", "Beta cluster", "Gamma cluster"]) await createThroughForm(page, name);
  await page.goto("/connections");
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toContainText("Gamma cluster");
  await page.getByLabel("Find by exact name").fill("Beta cluster");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/name=Beta\+cluster/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Beta cluster");
  await expect(rows.first()).toContainText("couchbase.demo.internal:8093");
  await expectNoAxeViolations(page, "connections list with search");
});

test("page through 120 connections", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections");
  await page.getByLabel("Sandbox").selectOption("bulk");
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByRole("table", { name: "Couchbase connections in sandbox bulk" })).toBeVisible();
  const names = new Set<string>();
  let pages = 0;
  for (;;) {
    pages += 1;
    const pageNames = await page.locator("tbody tr td:first-child").allTextContents();
    expect(pageNames.length).toBeGreaterThan(0);
    expect(pageNames.length).toBeLessThanOrEqual(25);
    for (const name of pageNames) names.add(name.trim());
    const next = page.getByRole("link", { name: "Next page" });
    if ((await next.count()) === 0) break;
    const previousUrl = page.url();
    await next.click();
    await page.waitForURL((url) => url.href !== previousUrl && url.searchParams.has("after"));
    expect(pages).toBeLessThan(10);
  }
  expect(pages).toBe(5);
  expect(names.size).toBe(120);
});

test("test a connection that passes and one that fails", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await createThroughForm(page, "Working one");
  await expect(page.getByTestId("connection-status")).toHaveText("Created, not tested yet");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("The connection works.");
  await expect(page.getByRole("list", { name: "Buckets" })).toContainText("travel-sample");
  await expect(page.getByTestId("connection-status")).toHaveText("Tested: working");
  await expectNoAxeViolations(page, "details after a passed test");

  await createThroughForm(page, "Wrong password", "not-the-password");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("The connection test failed.");
  await expect(page.getByTestId("connection-status")).toHaveText("Last test failed");
});

test("rename and rotate the password", async ({ operatorPage: page, emulator }) => {
  const id = await createThroughForm(page, "Before rename");
  await page.getByRole("link", { name: "Edit connection" }).click();
  await expect(page.getByLabel("Server")).toHaveValue(DEMO_CLUSTER.server);
  await expect(page.getByLabel("User name")).toHaveValue(DEMO_CLUSTER.user);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("placeholder", "Leave blank to keep the current password");
  await expectNoAxeViolations(page, "edit form");

  await page.getByLabel("Connection name").fill("After rename");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}\\?updated=1$`));
  let stored = await emulator.storedConnection(id);
  expect(stored.name).toBe("After rename");
  expect(stored.auth.params.connectionString).toContain('"pass":"Demo-p4ss"');

  await page.getByRole("link", { name: "Edit connection" }).click();
  await page.getByLabel("Password", { exact: true }).fill('n3w"pa;ss\\');
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}\\?updated=1$`));
  stored = await emulator.storedConnection(id);
  expect(stored.name).toBe("After rename");
  expect(stored.auth.params.connectionString).toBe(
    'Server=couchbase.demo.internal; Port=8093;AuthMech=1;CredString=[{"user": "etl_reader", "pass":"n3w\\"pa\\u003bss\\\\"}];',
  );
});

test("blank password keeps the stored secret", async ({ operatorPage: page, emulator }) => {
  const id = await createThroughForm(page, "Keep secret");
  const before = (await emulator.storedConnection(id)).auth.params.connectionString;
  await page.getByRole("link", { name: "Edit connection" }).click();
  await page.getByLabel("Description").fill("Only the description changes");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}\\?updated=1$`));
  const stored = await emulator.storedConnection(id);
  expect(stored.description).toBe("Only the description changes");
  expect(stored.auth.params.connectionString).toBe(before);
  const patches = (await emulator.requests()).filter((request) => request.method === "PATCH");
  expect(patches).toHaveLength(1);
  expect(JSON.stringify(patches[0])).not.toContain("/auth/params");
});

test("lose an edit race and keep the typed input", async ({ operatorPage: page, emulator }) => {
  const id = await createThroughForm(page, "Race");
  await page.getByRole("link", { name: "Edit connection" }).click();
  await page.getByLabel("Description").fill("My careful description");

  const current = await flowService(page.context(), "GET", `/connections/${id}`);
  const etag = (current.body as { items: { etag: string }[] }).items[0]!.etag;
  const otherEdit = await flowService(page.context(), "PATCH", `/connections/${id}`, {
    headers: { "If-Match": etag },
    body: [{ op: "replace", path: "/name", value: "Race (renamed elsewhere)" }],
  });
  expect(otherEdit.status).toBe(200);

  await page.getByRole("button", { name: "Save changes" }).click();
  const changes = page.getByTestId("conflict-changes");
  await expect(changes).toContainText('Connection name: "Race" is now "Race (renamed elsewhere)"');
  await expect(page.getByLabel("Description")).toHaveValue("My careful description");
  await expectNoAxeViolations(page, "edit conflict");
  await page.getByRole("button", { name: "Use the latest version and keep my edits" }).click();
  await expect(page.getByLabel("Connection name")).toHaveValue("Race (renamed elsewhere)");
  await expect(page.getByLabel("Description")).toHaveValue("My careful description");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}\\?updated=1$`));
  const stored = await emulator.storedConnection(id);
  expect(stored.name).toBe("Race (renamed elsewhere)");
  expect(stored.description).toBe("My careful description");
});

test("delete with confirmation", async ({ operatorPage: page, emulator }) => {
  const id = await createThroughForm(page, "Delete me");
  await page.getByRole("button", { name: "Delete connection" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this connection?" });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, "delete dialog");
  const confirm = dialog.getByRole("button", { name: "Delete permanently" });
  const input = dialog.getByLabel(/Type the connection name/);
  await input.fill("delete me");
  await input.press("Enter");
  await expect(input).toHaveAccessibleDescription(/does not match/);
  await expect(input).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}`));
  expect((await emulator.requests()).filter((request) => request.method === "DELETE")).toEqual([]);
  await input.fill("Delete me");
  await expect(input).not.toHaveAttribute("aria-invalid", "true");
  await confirm.click();
  await expect(page).toHaveURL(/\/connections\?deleted=Delete\+me$/);
  await expect(page.getByRole("status").filter({ hasText: 'Connection "Delete me" was deleted.' })).toBeVisible();
  await expect(page.locator("tbody")).not.toContainText("Delete me");
  await expect(emulator.storedConnection(id)).rejects.toThrow(/404/);
});

test("fail to delete a connection in use", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections");
  const inUse = page.locator("tbody tr", { hasText: "in use" }).first();
  await inUse.getByRole("link").click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}$/);
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  await page.getByRole("button", { name: "Delete connection" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/Type the connection name/).fill(name);
  await dialog.getByRole("button", { name: "Delete permanently" }).click();
  await expect(dialog.getByRole("alert")).toContainText("still used by one or more dataflows");
  await dialog.getByText("Details").click();
  await expect(dialog.getByTestId("error-code")).toHaveText("1418-400");
});

test("switch sandbox shows only its connections", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await createThroughForm(page, "Only in prod");
  await page.goto("/connections");
  await expect(page.locator("tbody")).toContainText("Only in prod");
  await page.getByLabel("Sandbox").selectOption("dev");
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You are now working in sandbox dev." })).toBeVisible();
  await expect(page.getByRole("table", { name: "Couchbase connections in sandbox dev" })).toBeVisible();
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await expect(page.locator("tbody")).not.toContainText("Only in prod");
  const devList = await flowService(page.context(), "GET", "/connections", { sandbox: "dev" });
  const devNames = (devList.body as { items: { name: string }[] }).items.map((item) => item.name);
  for (const name of await page.locator("tbody tr td:first-child").allTextContents()) {
    expect(devNames).toContain(name.trim());
  }
  await page.goto("/connections/new");
  await expect(page.getByLabel("Sandbox")).toHaveValue("dev");
  // Back to prod so later tests start where they expect.
  await page.getByLabel("Sandbox").selectOption("prod");
  await page.getByRole("button", { name: "Switch" }).click();
});

test("a switch in another tab stops this tab's create", async ({ operatorPage: page, emulator }) => {
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Meant for prod");
  await page.getByLabel("Server").fill(DEMO_CLUSTER.server);
  await page.getByLabel("User name").fill(DEMO_CLUSTER.user);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_CLUSTER.password);

  const otherTab = await page.context().newPage();
  await otherTab.goto("/connections");
  await otherTab.getByLabel("Sandbox").selectOption("dev");
  await otherTab.getByRole("button", { name: "Switch" }).click();
  await expect(otherTab.getByRole("status").filter({ hasText: "sandbox dev" })).toBeVisible();

  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'Nothing was done: this page is for sandbox "prod"' })).toBeVisible();
  await expect(page.getByLabel("Connection name")).toHaveValue("Meant for prod");
  const posts = (await emulator.requests()).filter((request) => request.method === "POST" && request.path.endsWith("/connections"));
  expect(posts).toEqual([]);
});

test("switching sandbox with unsaved edits asks first", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Half typed");
  let asked = "";
  page.once("dialog", async (dialog) => {
    asked = dialog.message();
    await dialog.dismiss();
  });
  await page.getByLabel("Sandbox").selectOption("dev");
  await page.getByRole("button", { name: "Switch" }).click();
  await expect.poll(() => asked).toContain("unsaved changes");
  await expect(page).toHaveURL(/\/connections\/new$/);
  await expect(page.getByLabel("Connection name")).toHaveValue("Half typed");
  await page.goto("/connections");
  await expect(page.getByLabel("Sandbox")).toHaveValue("prod");
});
