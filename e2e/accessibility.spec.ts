import { test, expect, expectNoAxeViolations } from "./fixtures";

test("sign-in pages have no axe violations", async ({ page }) => {
  await page.goto("/signin");
  await expectNoAxeViolations(page, "dashboard sign-in");
  await page.getByRole("button", { name: "Sign in with Adobe" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expectNoAxeViolations(page, "emulator sign-in");
});

test("list, form and details have no axe violations", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections");
  await expectNoAxeViolations(page, "connections list");
  await page.goto("/connections/new");
  await expectNoAxeViolations(page, "new connection form");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByLabel("Connection name")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "new connection form with errors");

  await page.getByLabel("Connection name").fill("Axe check");
  await page.getByLabel("Server").fill("couchbase.demo.internal");
  await page.getByLabel("User name").fill("etl_reader");
  await page.getByLabel("Password", { exact: true }).fill("Demo-p4ss");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}/);
  await expectNoAxeViolations(page, "connection details");
});
