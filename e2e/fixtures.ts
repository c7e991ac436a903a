import { test as base, expect, type Browser, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { APP_URL, DEMO_ORG_ID, EMULATOR_URL, OPERATOR } from "./environment";
import { mintSessionCookie } from "./sessions";

/** The emulator's test-only controls (`/__emulator/*`), over real HTTP. */
export class EmulatorControls {
  async reset(): Promise<void> {
    await this.call("POST", "/__emulator/reset");
  }

  /** The stored record of a connection, raw connection string included. */
  async storedConnection(id: string): Promise<StoredConnection> {
    return (await this.call("GET", `/__emulator/connections/${encodeURIComponent(id)}`)) as StoredConnection;
  }

  async registerCluster(cluster: {
    server: string;
    port: number;
    users: { user: string; password: string }[];
    buckets: string[];
  }): Promise<void> {
    await this.call("POST", "/__emulator/clusters", cluster);
  }

  async addFault(fault: {
    method: string;
    path: string;
    status?: number;
    times?: number;
    retryAfter?: number;
    delayMs?: number;
    body?: unknown;
    commit?: boolean;
  }): Promise<void> {
    await this.call("POST", "/__emulator/faults", fault);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/__emulator/faults");
  }

  async requests(): Promise<LoggedRequest[]> {
    const body = (await this.call("GET", "/__emulator/requests")) as { requests?: LoggedRequest[] } | LoggedRequest[];
    return Array.isArray(body) ? body : (body.requests ?? []);
  }

  async seed(options: { sandbox: string; count: number; namePrefix: string; imsOrgId?: string }): Promise<void> {
    await this.call("POST", "/__emulator/seed", { imsOrgId: DEMO_ORG_ID, ...options });
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${EMULATOR_URL}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} failed: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

export interface StoredConnection {
  id: string;
  name: string;
  description?: string;
  sandboxName: string;
  imsOrgId: string;
  auth: { specName: string; params: { connectionString: string } };
  [field: string]: unknown;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status?: number;
  headers?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Signs in through the dashboard and the emulator's sign-in page, as an operator would. When the
 * browser still has an IMS session, IMS skips its form (single sign-on) and returns at once.
 */
export async function signInThroughUi(page: Page, account = OPERATOR): Promise<void> {
  await page.getByRole("button", { name: "Sign in with Adobe" }).click();
  const emailField = page.getByLabel("Email");
  const backOnDashboard = (url: URL) => url.origin === APP_URL && !url.pathname.startsWith("/signin");
  await Promise.race([emailField.waitFor(), page.waitForURL(backOnDashboard)]);
  if (backOnDashboard(new URL(page.url()))) return;
  await emailField.fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signedInState(browser: Browser): Promise<Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>> {
  const context = await browser.newContext({ baseURL: APP_URL });
  const page = await context.newPage();
  await page.goto("/connections");
  await signInThroughUi(page);
  await expect(page).toHaveURL(/\/connections$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Runs axe on the page and fails with the list of violations, if any. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

type WorkerFixtures = {
  operatorState: Awaited<ReturnType<typeof signedInState>>;
};

type TestFixtures = {
  emulator: EmulatorControls;
  /** A page whose browser context is already signed in as the demo operator. */
  operatorPage: Page;
  /**
   * A page with a sign-in of its own, for tests that use up its single-use refresh token, which
   * would break the sign-in the other tests share.
   */
  ownSessionPage: Page;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  operatorState: [
    async ({ browser }, use) => {
      await use(await signedInState(browser));
    },
    { scope: "worker" },
  ],
  emulator: async ({}, use) => {
    const controls = new EmulatorControls();
    await controls.reset();
    await controls.clearFaults();
    await use(controls);
    await controls.clearFaults();
  },
  operatorPage: async ({ browser, operatorState, emulator }, use) => {
    void emulator;
    const context = await browser.newContext({ baseURL: APP_URL, storageState: operatorState });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  ownSessionPage: async ({ browser, emulator }, use) => {
    void emulator;
    const context = await browser.newContext({ baseURL: APP_URL });
    const cookie = await mintSessionCookie();
    const [name, ...value] = cookie.split("=");
    await context.addCookies([
      { name: name!, value: value.join("="), url: APP_URL, httpOnly: true, sameSite: "Lax" },
    ]);
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});

export { expect };
