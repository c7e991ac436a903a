import fc from "fast-check";
import { test, expect } from "./fixtures";
import { connectionFormSchema } from "../lib/connection-schema";
import { actionResult, callServerAction, serverActionId } from "./server-actions";
import { flowService } from "./platform";
import { mintSessionCookie } from "./sessions";

const HOSTILE = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "a".repeat(5000),
  '"}];Server=evil;',
  "<script>alert(1)</script>",
  "{{7*7}}",
  "../../etc/passwd",
  "Robert'); DROP TABLE connections;--",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "🙂🙃",
  "\\",
  "\r\n",
  "65536",
  "-1",
  "0x1F",
  "1e3",
];

const fieldValue = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 300, unit: "binary" }), fc.string({ maxLength: 50, unit: "grapheme-composite" }));
const formInput = fc.record({
  name: fieldValue,
  description: fieldValue,
  server: fc.oneof(fieldValue, fc.constant("couchbase.demo.internal")),
  port: fc.oneof(fieldValue, fc.integer({ min: -10, max: 70_000 }).map(String)),
  user: fieldValue,
  password: fieldValue,
});

test("action survives hostile input and creates nothing invalid", async ({ operatorPage: page, emulator }) => {
  void emulator;
  test.setTimeout(180_000);
  const cookie = await mintSessionCookie();
  const actionId = serverActionId("connections/new/actions", "createConnectionAction");
  const before = await flowService(page.context(), "GET", "/connections?count=true");
  let created = 0;

  await fc.assert(
    fc.asyncProperty(formInput, async (values) => {
      const response = await callServerAction({ page: "/connections/new", actionId, args: [values], cookie });
      expect(response.status).toBeLessThan(500);
      const valid = connectionFormSchema.safeParse(values).success;
      if (response.redirect) {
        expect(valid).toBe(true);
        created += 1;
      } else {
        const result = actionResult(response);
        expect(result?.ok).toBe(false);
        if (!valid) expect(result?.kind).toBe("validation");
      }
    }),
    { numRuns: 80, seed: 20261204 },
  );
  // Non-object arguments and missing arguments are rejected as validation errors too.
  for (const args of [[], [null], ["text"], [42], [[1, 2]], [{ name: { nested: true } }]]) {
    const response = await callServerAction({ page: "/connections/new", actionId, args, cookie });
    expect(response.status).toBeLessThan(500);
    expect(actionResult(response)?.kind).toBe("validation");
  }
  const after = await flowService(page.context(), "GET", "/connections?count=true");
  expect((after.body as { count: number }).count).toBe((before.body as { count: number }).count + created);
});

test("form fields survive hostile typing", async ({ operatorPage: page, emulator }) => {
  void emulator;
  const samples = fc.sample(formInput, { numRuns: 8, seed: 42 });
  for (const values of samples) {
    await page.goto("/connections/new");
    await page.getByLabel("Connection name").fill(values.name);
    await page.getByLabel("Description").fill(values.description);
    await page.getByLabel("Server").fill(values.server);
    await page.getByLabel("Port").fill(values.port);
    await page.getByLabel("User name").fill(values.user);
    await page.getByLabel("Password", { exact: true }).fill(values.password);
    await page.getByRole("button", { name: "Create connection" }).click();
    await expect(page.locator("body")).not.toContainText("Application error");
    await expect(page.getByRole("button", { name: /Create connection|Creating connection/ })).toBeVisible();
  }
});

test("50 operators create at once, each exactly once", async ({ operatorPage: page, emulator }) => {
  void emulator;
  test.setTimeout(180_000);
  const actionId = serverActionId("connections/new/actions", "createConnectionAction");
  const cookies = await Promise.all(Array.from({ length: 50 }, () => mintSessionCookie()));
  const responses = await Promise.all(
    cookies.map((cookie, index) =>
      callServerAction({
        page: "/connections/new",
        actionId,
        cookie,
        args: [
          {
            name: `Load ${String(index).padStart(2, "0")}`,
            description: "",
            server: "couchbase.demo.internal",
            port: "8093",
            user: "etl_reader",
            password: "Demo-p4ss",
          },
        ],
      }),
    ),
  );
  for (const [index, response] of responses.entries()) {
    expect(response.redirect, `operator ${index}`).toMatch(/^\/connections\/[0-9a-f-]{36}\?created=1/);
  }
  const list = await flowService(page.context(), "GET", `/connections?property=${encodeURIComponent("name!=x")}&limit=200`);
  const names = (list.body as { items: { name: string }[] }).items.map((item) => item.name).filter((name) => name.startsWith("Load "));
  expect(names).toHaveLength(50);
  expect(new Set(names).size).toBe(50);
});
