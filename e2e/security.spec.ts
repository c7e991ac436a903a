import { test, expect } from "./fixtures";
import { actionResult, callServerAction, serverActionId } from "./server-actions";
import { APP_URL } from "./environment";

const FORM_VALUES = {
  name: "Via HTTP",
  description: "",
  server: "couchbase.demo.internal",
  port: "8093",
  user: "etl_reader",
  password: "Demo-p4ss",
};

// Every server action, with arguments that would change something if the action ran.
const ACTIONS = [
  { file: "connections/new/actions", name: "createConnectionAction", page: "/connections/new", args: [FORM_VALUES] },
  { file: "connections/[id]/actions", name: "testConnectionAction", page: "/connections/x", args: ["x"] },
  { file: "connections/[id]/actions", name: "deleteConnectionAction", page: "/connections/x", args: [{ id: "x", confirmation: "x" }] },
  {
    file: "connections/[id]/edit/actions",
    name: "updateConnectionAction",
    page: "/connections/x/edit",
    args: [{ id: "x", base: { etag: "e", name: "a", description: "", server: "h", port: "1", user: "u" }, values: FORM_VALUES }],
  },
];

test("actions without a session change nothing", async ({ emulator }) => {
  for (const action of ACTIONS) {
    const response = await callServerAction({
      page: action.page,
      actionId: serverActionId(action.file, action.name),
      args: action.args,
    });
    expect(response.status, action.name).toBe(200);
    expect(actionResult(response), action.name).toMatchObject({ ok: false, kind: "session", reason: "signed-out" });
  }
  const switchResponse = await fetch(`${APP_URL}/connections`, {
    method: "POST",
    headers: {
      "Next-Action": serverActionId("app/session-actions", "switchSandboxAction"),
      Origin: APP_URL,
      "Content-Type": "text/plain;charset=UTF-8",
    },
    body: JSON.stringify([]),
    redirect: "manual",
  });
  expect(switchResponse.headers.get("x-action-redirect") ?? "").toContain("/signin");
  const flowCalls = (await emulator.requests()).filter((request) => request.path.startsWith("/data/"));
  expect(flowCalls).toEqual([]);
});

test("cross-origin action calls are rejected", async ({ operatorPage: page, emulator }) => {
  const cookies = await page.context().cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const actionId = serverActionId("connections/new/actions", "createConnectionAction");
  for (const origin of ["https://evil.example", "null", null]) {
    const response = await callServerAction({ page: "/connections/new", actionId, args: [FORM_VALUES], cookie, origin });
    expect(response.status, `Origin: ${origin}`).toBe(403);
  }
  const posts = (await emulator.requests()).filter((request) => request.method === "POST");
  expect(posts).toEqual([]);

  const sameOrigin = await callServerAction({ page: "/connections/new", actionId, args: [FORM_VALUES], cookie });
  expect(sameOrigin.redirect ?? "").toMatch(/^\/connections\/[0-9a-f-]{36}\?created=1/);
});

test("pages without a session go to sign-in", async ({ request }) => {
  for (const path of ["/", "/connections", "/connections/new", "/connections/abc", "/connections/abc/edit"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect([303, 307, 308], path).toContain(response.status());
    expect(response.headers().location ?? "", path).toMatch(/\/(signin|connections)/);
  }
  const refresh = await request.get("/api/auth/refresh?returnTo=/connections", { maxRedirects: 0 });
  expect(refresh.headers().location ?? "").toContain("/signin");
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
});

test("responses carry the security headers", async ({ request }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Served over plain HTTP here, so no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
});

test("session cookie is HttpOnly and SameSite=Lax", async ({ operatorPage: page }) => {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "next-auth.session-token");
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("form posts of actions need this site's Origin", async ({ operatorPage: page }) => {
  const cookies = await page.context().cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const actionId = serverActionId("app/session-actions", "switchSandboxAction");
  // A plain HTML form post names the action in a field, not in a Next-Action header.
  for (const origin of [undefined, "null", "https://evil.example"]) {
    const body = new FormData();
    body.set(`$ACTION_ID_${actionId}`, "");
    body.set("sandbox", "dev");
    const response = await fetch(`${APP_URL}/connections`, {
      method: "POST",
      headers: { Cookie: cookie, ...(origin ? { Origin: origin } : {}) },
      body,
      redirect: "manual",
    });
    expect(response.status, `Origin: ${origin}`).toBe(403);
    expect(response.headers.get("set-cookie"), `Origin: ${origin}`).toBeNull();
  }
  await page.goto("/connections");
  await expect(page.getByText("Sandbox prod, newest first.")).toBeVisible();
});

test("return paths never leave the site", async ({ ownSessionPage: page }) => {
  const cookies = await page.context().cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const hostile = ["/\t/evil.example/phish", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"];
  for (const value of hostile) {
    for (const path of [
      `/signin?${new URLSearchParams({ callbackUrl: value })}`,
      `/api/auth/refresh?${new URLSearchParams({ returnTo: value })}`,
    ]) {
      const response = await fetch(`${APP_URL}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect([303, 307, 308], path).toContain(response.status);
      const location = response.headers.get("location") ?? "";
      expect(new URL(location, APP_URL).origin, path).toBe(APP_URL);
      expect(location, path).not.toMatch(/evil/);
    }
  }
});

test("another loopback name leads to the configured one", async ({ page }) => {
  // The tests configure NEXTAUTH_URL with 127.0.0.1, so localhost on the same port is the alias.
  const alias = APP_URL.replace("127.0.0.1", "localhost");
  const response = await fetch(`${alias}/connections?name=Orders`, { redirect: "manual" });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${APP_URL}/connections?name=Orders">`);
  expect(html).toContain(`<a href="${APP_URL}/connections?name=Orders">Continue to ${APP_URL}</a>`);

  await page.goto(`${alias}/connections`);
  await expect(page).toHaveURL(new RegExp(`^${APP_URL.replace(/\./g, "\\.")}/signin\\?`));
});
