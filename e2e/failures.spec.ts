import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, signInThroughUi } from "./fixtures";
import { flowService } from "./platform";
import { actionResult, callServerAction, serverActionId } from "./server-actions";
import { readSession, writeSession } from "./session-cookie";
import { mintSessionCookie } from "./sessions";

const CONNECTIONS_PATH = "/data/foundation/flowservice/connections";

async function fillForm(page: Page, name: string) {
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill(name);
  await page.getByLabel("Description").fill("Kept through failures");
  await page.getByLabel("Server").fill("couchbase.demo.internal");
  await page.getByLabel("Port").fill("18093");
  await page.getByLabel("User name").fill("etl_reader");
  await page.getByLabel("Password", { exact: true }).fill("Demo-p4ss");
}

async function countNamed(context: BrowserContext, name: string): Promise<number> {
  const response = await flowService(
    context,
    "GET",
    `/connections?property=${encodeURIComponent(`name==${name}`)}`,
  );
  expect(response.status).toBe(200);
  return (response.body as { items: unknown[] }).items.length;
}

async function expectInputKept(page: Page, name: string) {
  await expect(page.getByLabel("Connection name")).toHaveValue(name);
  await expect(page.getByLabel("Description")).toHaveValue("Kept through failures");
  await expect(page.getByLabel("Server")).toHaveValue("couchbase.demo.internal");
  await expect(page.getByLabel("Port")).toHaveValue("18093");
  await expect(page.getByLabel("User name")).toHaveValue("etl_reader");
}

/** The page's own alerts, without Next.js's empty route announcer (also role="alert"). */
function alerts(page: Page) {
  return page.getByRole("alert").and(page.locator(":not(#__next-route-announcer__)"));
}

async function submitAndExpectAlert(page: Page, text: string | RegExp) {
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(alerts(page).filter({ hasText: text })).toBeVisible();
}

test("401 mid-session: sign in again and get the input back", async ({ operatorPage: page, emulator }) => {
  await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, status: 401, times: 1, body: { error_code: "401013", message: "Oauth token is not valid" } });
  await fillForm(page, "After sign-in");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole("status").filter({ hasText: "Your Adobe sign-in has expired" })).toBeVisible();
  await signInThroughUi(page);
  await expect(page).toHaveURL(/\/connections\/new\?restore=1$/);
  await expect(page.getByRole("status").filter({ hasText: "input was restored" })).toBeVisible();
  await expectInputKept(page, "After sign-in");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  expect(await countNamed(page.context(), "After sign-in")).toBe(0);

  await page.getByLabel("Password", { exact: true }).fill("Demo-p4ss");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  expect(await countNamed(page.context(), "After sign-in")).toBe(1);
});

test("expired token is refreshed on submit", async ({ ownSessionPage: page, emulator }) => {
  void emulator;
  const session = await readSession(page.context());
  await writeSession(page.context(), { ...session, accessTokenExpiresAt: Math.floor(Date.now() / 1000) - 10 });
  await fillForm(page, "Refreshed");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  const after = await readSession(page.context());
  expect(after.accessToken).not.toBe(session.accessToken);
  expect(after.refreshToken).not.toBe(session.refreshToken);
  expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000);
});

test("expired page view is refreshed through the refresh route", async ({ ownSessionPage: page, emulator }) => {
  void emulator;
  const session = await readSession(page.context());
  await writeSession(page.context(), { ...session, accessTokenExpiresAt: Math.floor(Date.now() / 1000) - 10 });
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole("heading", { name: "Couchbase connections" })).toBeVisible();
  const after = await readSession(page.context());
  expect(after.accessToken).not.toBe(session.accessToken);
});

test("refresh token failure sends to sign-in and keeps input", async ({ ownSessionPage: page, emulator }) => {
  void emulator;
  await fillForm(page, "Refresh fails");
  const session = await readSession(page.context());
  await writeSession(page.context(), {
    ...session,
    accessTokenExpiresAt: Math.floor(Date.now() / 1000) - 10,
    refreshToken: "no-longer-valid",
  });
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await signInThroughUi(page);
  await expect(page).toHaveURL(/\/connections\/new\?restore=1$/);
  await expectInputKept(page, "Refresh fails");
  expect(await countNamed(page.context(), "Refresh fails")).toBe(0);
});

test("403 names the missing permission", async ({ operatorPage: page, emulator }) => {
  await emulator.addFault({
    method: "POST",
    path: CONNECTIONS_PATH,
    status: 403,
    times: 1,
    body: {
      type: "https://ns.adobe.com/aep/errors/FLOW-2118-403",
      title: "Forbidden",
      status: 403,
      errorMessage: "User does not have manage permission on EnterpriseSource",
    },
  });
  await fillForm(page, "No permission");
  await submitAndExpectAlert(page, 'needs the "Manage sources" permission in sandbox "prod"');
  await page.getByText("Details").click();
  await expect(page.getByTestId("error-code")).toHaveText("2118-403");
  await expectInputKept(page, "No permission");
  expect(await countNamed(page.context(), "No permission")).toBe(0);
});

test("unknown connection shows not found", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/00000000-0000-0000-0000-000000000000");
  await expect(page.getByRole("heading", { name: "Connection not found" })).toBeVisible();
});

test("429 on a read is retried after Retry-After", async ({ operatorPage: page, emulator }) => {
  await emulator.addFault({ method: "GET", path: CONNECTIONS_PATH, status: 429, times: 1, retryAfter: 1 });
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Couchbase connections" })).toBeVisible();
  await expect(page.locator("tbody tr").first()).toBeVisible();
});

test("429 on create is not retried and says to wait", async ({ operatorPage: page, emulator }) => {
  await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, status: 429, times: 1, retryAfter: 30 });
  await fillForm(page, "Throttled");
  await submitAndExpectAlert(page, "too many requests");
  await expect(alerts(page)).toContainText("wait 30 seconds");
  await expectInputKept(page, "Throttled");
  expect(await countNamed(page.context(), "Throttled")).toBe(0);
});

for (const status of [500, 503, 504]) {
  test(`${status} on create reports failure after checking`, async ({ operatorPage: page, emulator }) => {
    await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, status, times: 1 });
    await fillForm(page, `Upstream ${status}`);
    await submitAndExpectAlert(page, "The connection was not created.");
    await expectInputKept(page, `Upstream ${status}`);
    expect(await countNamed(page.context(), `Upstream ${status}`)).toBe(0);
    const lookups = (await emulator.requests()).filter(
      (request) => request.method === "GET" && request.path.startsWith(CONNECTIONS_PATH),
    );
    expect(lookups.length).toBeGreaterThanOrEqual(2);

    await page.getByRole("button", { name: "Create connection" }).click();
    await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
    expect(await countNamed(page.context(), `Upstream ${status}`)).toBe(1);
  });
}

test("lost create response finds the created connection", async ({ operatorPage: page, emulator }) => {
  // The emulator creates the connection, then answers 503 as if the response was lost.
  await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, status: 503, times: 1, commit: true });
  await fillForm(page, "Lost response");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { name: "Lost response" })).toBeVisible();
  expect(await countNamed(page.context(), "Lost response")).toBe(1);
});

test("slow create past the timeout never duplicates", async ({ operatorPage: page, emulator }) => {
  // The emulator holds the POST for 5 s, then creates the connection; the dashboard gives up at 3 s.
  await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, times: 1, delayMs: 5_000 });
  await fillForm(page, "Slow upstream");
  await submitAndExpectAlert(page, "did not answer in time");
  await expectInputKept(page, "Slow upstream");
  await page.waitForTimeout(2_500);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(alerts(page)).toContainText('A connection named "Slow upstream" already exists');
  // The form still holds typed input, so leaving asks first.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("link", { name: "Open the existing connection" }).click();
  await expect(page.getByRole("heading", { name: "Slow upstream" })).toBeVisible();
  expect(await countNamed(page.context(), "Slow upstream")).toBe(1);
});

test("duplicate name is caught before the POST", async ({ operatorPage: page, emulator }) => {
  await fillForm(page, "Twice");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page).toHaveURL(/\/connections\/[0-9a-f-]{36}\?created=1$/);
  await fillForm(page, "Twice");
  await submitAndExpectAlert(page, 'A connection named "Twice" already exists in sandbox "prod"');
  await expectInputKept(page, "Twice");
  expect(await countNamed(page.context(), "Twice")).toBe(1);
  const posts = (await emulator.requests()).filter((request) => request.method === "POST" && request.path === CONNECTIONS_PATH);
  expect(posts).toHaveLength(1);
});

test("leaving a form with input asks first", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/new");
  await page.getByLabel("Connection name").fill("Unsaved");
  let asked = "";
  page.once("dialog", async (dialog) => {
    asked = dialog.message();
    await dialog.dismiss();
  });
  await page.getByRole("link", { name: "Back to connections" }).click();
  await expect(page).toHaveURL(/\/connections\/new$/);
  expect(asked).toContain("unsaved changes");
  await expect(page.getByLabel("Connection name")).toHaveValue("Unsaved");
});

test("401 on a page refreshes once, then shows the error", async ({ ownSessionPage: page, emulator }) => {
  await emulator.addFault({ method: "GET", path: CONNECTIONS_PATH, status: 401, times: 1 });
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Couchbase connections" })).toBeVisible();
  await expect(page.locator("tbody tr").first()).toBeVisible();

  await emulator.addFault({ method: "GET", path: CONNECTIONS_PATH, status: 401, times: 5 });
  await page.goto("/connections");
  await expect(alerts(page)).toContainText("Your Adobe sign-in has expired or is no longer valid.");
});

test("401 on an edit keeps the edits through sign-in", async ({ operatorPage: page, emulator }) => {
  const id = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";
  await emulator.addFault({ method: "PATCH", path: `${CONNECTIONS_PATH}/${id}`, status: 401, times: 1 });
  await page.goto(`/connections/${id}/edit`);
  await page.getByLabel("Description").fill("Typed before the sign-in expired");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await signInThroughUi(page);
  await expect(page).toHaveURL(new RegExp(`/connections/${id}/edit\\?restore=1$`));
  await expect(page.getByRole("status").filter({ hasText: "edits were restored" })).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("Typed before the sign-in expired");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${id}\\?updated=1$`));
  expect((await emulator.storedConnection(id)).description).toBe("Typed before the sign-in expired");
});

test("one name from five tabs at once creates one", async ({ emulator }) => {
  const cookie = await mintSessionCookie();
  const actionId = serverActionId("connections/new/actions", "createConnectionAction");
  const values = {
    name: "Raced",
    description: "",
    server: "couchbase.demo.internal",
    port: "8093",
    user: "etl_reader",
    password: "Demo-p4ss",
  };
  const responses = await Promise.all(
    Array.from({ length: 5 }, () => callServerAction({ page: "/connections/new", actionId, cookie, args: [values] })),
  );
  const created = responses.filter((response) => /^\/connections\/[0-9a-f-]{36}\?created=1/.test(response.redirect ?? ""));
  expect(created).toHaveLength(1);
  const duplicates = responses.map(actionResult).filter((result) => result?.kind === "duplicate");
  expect(duplicates).toHaveLength(4);
  const posts = (await emulator.requests()).filter((request) => request.method === "POST" && request.path === CONNECTIONS_PATH);
  expect(posts).toHaveLength(1);
});

test("comma in a new name is refused", async ({ operatorPage: page, emulator }) => {
  await fillForm(page, "Orders, EU");
  await page.getByRole("button", { name: "Create connection" }).click();
  const name = page.getByLabel("Connection name");
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Remove the comma from the connection name/);
  await expectInputKept(page, "Orders, EU");
  const posts = (await emulator.requests()).filter((request) => request.method === "POST" && request.path === CONNECTIONS_PATH);
  expect(posts).toEqual([]);

  await page.goto(`/connections?${new URLSearchParams({ name: "Orders, EU" })}`);
  await expect(page.getByRole("status").filter({ hasText: "Names with a comma cannot be searched" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Travel sample reader" })).toBeVisible();
});

test("stale page link says to start again", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections?after=not-a-token");
  const alert = alerts(page).filter({ hasText: "This page link no longer works" });
  await expect(alert).toBeVisible();
  await alert.getByRole("link", { name: "the first page" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole("link", { name: "Travel sample reader" })).toBeVisible();
});

test("a create and a rename to one name make one", async ({ operatorPage: page, emulator }) => {
  const travelId = "6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e02";
  const stored = await flowService(page.context(), "GET", `/connections/${travelId}`);
  const travel = (stored.body as { items: { etag: string; name: string; description?: string }[] }).items[0]!;
  // Slow writes keep both requests inside their duplicate checks at the same time.
  await emulator.addFault({ method: "POST", path: CONNECTIONS_PATH, times: 1, delayMs: 500 });
  await emulator.addFault({ method: "PATCH", path: `${CONNECTIONS_PATH}/*`, times: 1, delayMs: 500 });

  const cookie = await mintSessionCookie();
  const cluster = { server: "couchbase.demo.internal", port: "8093", user: "etl_reader" };
  const [created, renamed] = await Promise.all([
    callServerAction({
      page: "/connections/new",
      actionId: serverActionId("connections/new/actions", "createConnectionAction"),
      cookie,
      args: [{ name: "Collide", description: "", ...cluster, password: "Demo-p4ss" }],
    }),
    callServerAction({
      page: `/connections/${travelId}/edit`,
      actionId: serverActionId("connections/[id]/edit/actions", "updateConnectionAction"),
      cookie,
      args: [
        {
          id: travelId,
          base: { etag: travel.etag, name: travel.name, description: travel.description ?? "", ...cluster },
          values: { name: "Collide", description: travel.description ?? "", ...cluster, password: "" },
        },
      ],
    }),
  ]);
  expect(created.redirect ?? "").toMatch(/^\/connections\/[0-9a-f-]{36}\?created=1/);
  expect(actionResult(renamed)).toMatchObject({ kind: "validation", fieldErrors: { name: expect.stringContaining("already named") } });
  expect(await countNamed(page.context(), "Collide")).toBe(1);
});

test("create retries checks that failed to load", async ({ operatorPage: page, emulator }) => {
  void emulator;
  await page.goto("/connections/new");
  await expect(page.getByRole("button", { name: "Create connection" })).toBeEnabled();
  // The validation code loads on first use; a lost network or a replaced deploy fails that load.
  await page.route("**/_next/static/chunks/**", (route) => route.abort());
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(alerts(page).filter({ hasText: "The form could not load its checks, so nothing was sent." })).toBeVisible();

  await page.unroute("**/_next/static/chunks/**");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByLabel("Connection name")).toBeFocused();
  await expect(page.getByLabel("Connection name")).toHaveAccessibleDescription(/Enter a connection name/);
  await expect(alerts(page).filter({ hasText: "could not load its checks" })).toHaveCount(0);
});
