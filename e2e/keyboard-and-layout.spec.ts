import type { Page } from "@playwright/test";
import { test, expect, expectNoAxeViolations } from "./fixtures";

/** Presses Tab until the element matching `name` and `role` has focus; fails after `limit` tabs. */
async function tabTo(page: Page, role: "button" | "link" | "textbox" | "combobox", name: string | RegExp, limit = 60) {
  const target = page.getByRole(role, { name, exact: typeof name === "string" });
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${role} "${String(name)}" was not reached with the Tab key`);
}

test("create, test, edit and delete with the keyboard alone", async ({ operatorPage: page, emulator }) => {
  void emulator;
  test.setTimeout(120_000);
  await page.goto("/connections");
  await tabTo(page, "link", "New connection");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/connections\/new$/);

  // A failed submit moves focus to the first invalid field.
  await tabTo(page, "button", "Create connection");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Connection name")).toBeFocused();

  await page.keyboard.type("Keyboard only");
  await tabTo(page, "textbox", "Server");
  await page.keyboard.type("couchbase.demo.internal");
  await tabTo(page, "textbox", "User name");
  await page.keyboard.type("etl_reader");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Demo-p4ss");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("Demo-p4ss");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Show password" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Hide password" })).toHaveAttribute("aria-pressed", "true");
  await tabTo(page, "button", "Create connection");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Connection created." })).toBeFocused();

  await tabTo(page, "button", "Test connection");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("test-result")).toContainText("The connection works.");
  await expect(page.getByRole("button", { name: "Test connection" })).toBeFocused();

  await tabTo(page, "link", "Edit connection");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/edit$/);
  await tabTo(page, "textbox", "Description");
  await page.keyboard.type("Edited from the keyboard");
  await tabTo(page, "button", "Save changes");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?updated=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeFocused();

  await tabTo(page, "button", "Delete connection");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Delete this connection?" });
  await expect(dialog).toBeVisible();
  await tabTo(page, "textbox", /Type the connection name/);
  await page.keyboard.type("Keyboard only");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/connections\?deleted=Keyboard\+only$/);
});

test("pages fit a 320 px wide screen", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/connections", "/connections/new", "/connections/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `horizontal scroll on ${path}`).toBeLessThanOrEqual(0);
  }
});

test("dark mode has no axe violations", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.emulateMedia({ colorScheme: "dark" });
  for (const path of ["/connections", "/connections/new", "/connections/6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02"]) {
    await page.goto(path);
    await expectNoAxeViolations(page, `${path} in dark mode`);
  }
  await page.goto("/connections/new");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByLabel("Connection name")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "form errors in dark mode");
});
