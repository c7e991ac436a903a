import { defineConfig, devices } from "@playwright/test";
import { APP_PORT, APP_URL, EMULATOR_URL, appEnvironment, emulatorEnvironment, SERVER_LOG } from "./e2e/environment";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  // One worker: the specs share one emulator and reset it between tests.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "npx tsx emulator/src/main.ts",
      url: `${EMULATOR_URL}/ims/.well-known/openid-configuration`,
      env: emulatorEnvironment,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The production build: `npm run test:e2e` builds it first.
      command: `node scripts/start-logged.mjs ${SERVER_LOG} npx next start -H 127.0.0.1 -p ${APP_PORT}`,
      url: `${APP_URL}/api/health`,
      env: appEnvironment,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
