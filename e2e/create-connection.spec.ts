import { test, expect, signInThroughUi } from "./fixtures";
import { flowService } from "./platform";

// A password with every character that breaks a hand-built connection string, plus an attempt
// to inject a second Server key.
const HOSTILE_PASSWORD = 'Q"uote\\back;semi{brace}]"}];Server=evil;';
// The exact canonical string for the fields below: quotes and backslashes JSON-escaped, and
// every ";" inside CredString written as \u003b so no ODBC parser splits it.
const EXPECTED_CONNECTION_STRING =
  'Server=cb-e2e.example.internal; Port=8093;AuthMech=1;CredString=[{"user": "etl_reader", "pass":"Q\\"uote\\\\back\\u003bsemi{brace}]\\"}]\\u003bServer=evil\\u003b"}];';

test("new operator signs in and creates a connection", async ({ page, emulator }) => {
  await emulator.registerCluster({
    server: "cb-e2e.example.internal",
    port: 8093,
    users: [{ user: "etl_reader", password: HOSTILE_PASSWORD }],
    buckets: ["orders", "customers"],
  });

  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fconnections/);
  await signInThroughUi(page);
  await expect(page).toHaveURL(/\/connections$/);

  await page.getByRole("link", { name: /new connection|create your first connection/i }).first().click();
  await expect(page).toHaveURL(/\/connections\/new$/);
  await page.getByLabel("Connection name").fill("Orders cluster (e2e)");
  await page.getByLabel("Description").fill("Created by the end-to-end test");
  await page.getByLabel("Server").fill("  cb-e2e.example.internal  ");
  await expect(page.getByLabel("Port")).toHaveValue("8093");
  await page.getByLabel("User name").fill("etl_reader");
  await page.getByLabel("Password", { exact: true }).fill(HOSTILE_PASSWORD);

  const preview = page.getByTestId("connection-string-preview");
  await expect(preview).toContainText("Server=cb-e2e.example.internal; Port=8093;");
  await expect(preview).not.toContainText("semi{brace}");

  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);

  const id = (await page.getByTestId("connection-id").textContent())?.trim() ?? "";
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(page.url()).toContain(id);
  await expect(page.getByTestId("connection-server")).toHaveText("cb-e2e.example.internal");
  await expect(page.getByTestId("connection-port")).toHaveText("8093");
  await expect(page.getByTestId("connection-user")).toHaveText("etl_reader");
  await expect(page.locator("body")).not.toContainText("semi{brace}");

  const stored = await emulator.storedConnection(id);
  expect(stored.name).toBe("Orders cluster (e2e)");
  expect(stored.description).toBe("Created by the end-to-end test");
  expect(stored.auth.specName).toBe("Connection String Based Authentication");
  expect(stored.auth.params.connectionString).toBe(EXPECTED_CONNECTION_STRING);

  const check = await flowService(page.context(), "GET", `/connections/${id}/test`);
  expect(check.status).toBe(200);
  expect((check.body as { result: boolean }).result).toBe(true);
});

test("form keeps input and names the field on bad input", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Bad port");
  await page.getByLabel("Server").fill("cb bad host");
  await page.getByLabel("Port").fill("70000");
  await page.getByLabel("User name").fill("reader");
  await page.getByLabel("Password", { exact: true }).fill("  keep spaces  ");
  await page.getByRole("button", { name: "Create connection" }).click();

  const server = page.getByLabel("Server");
  await expect(server).toHaveAttribute("aria-invalid", "true");
  await expect(server).toBeFocused();
  const describedBy = (await server.getAttribute("aria-describedby")) ?? "";
  const errorText = await page.locator(`[id="${describedBy.split(" ")[0]}"]`).textContent();
  expect(errorText).toMatch(/server/i);
  await expect(page.getByLabel("Port")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Connection name")).toHaveValue("Bad port");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("  keep spaces  ");
});

test("paste control fills the fields", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/new");
  await page.getByText("Paste a connection string").click();
  await page
    .getByLabel("Existing connection string")
    .fill('Server=cb.example.com; Port=18093;AuthMech=1;CredString=[{"user": "JSmith", "pass":"a\\u003bb"}];');
  await page.getByRole("button", { name: "Fill in the fields" }).click();
  await expect(page.getByLabel("Server")).toHaveValue("cb.example.com");
  await expect(page.getByLabel("Port")).toHaveValue("18093");
  await expect(page.getByLabel("User name")).toHaveValue("JSmith");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("a;b");
  await expect(page.getByLabel("Existing connection string")).toHaveValue("");
});

test("double click creates one connection", async ({ operatorPage: page, emulator }) => {
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Double click");
  await page.getByLabel("Server").fill("couchbase.demo.internal");
  await page.getByLabel("User name").fill("etl_reader");
  await page.getByLabel("Password", { exact: true }).fill("Demo-p4ss");
  await page.getByRole("button", { name: "Create connection" }).dblclick();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  const posts = (await emulator.requests()).filter(
    (request) => request.method === "POST" && /\/flowservice\/connections\/?$/.test(request.path),
  );
  expect(posts).toHaveLength(1);
});
