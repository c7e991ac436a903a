// Ports and settings shared by playwright.config.ts and the specs. The test servers use their own
// ports so a running demo (3000/4010) does not get in the way.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4210);
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;

export const DEMO_ORG_ID = "0123456789ABCDEF01234567@AdobeOrg";
export const CLIENT_ID = "sourcedesk-e2e";
export const CLIENT_SECRET = "sourcedesk-e2e-secret";
// Test-only secret for next-auth's session cookie encryption; tests use it to age a session.
export const NEXTAUTH_SECRET = "e2e-only-secret-0123456789abcdef0123456789abcdef";

export const SERVER_LOG = ".e2e-logs/app-server.log";

export const appEnvironment: Record<string, string> = {
  ADOBE_IMS_URL: EMULATOR_URL,
  ADOBE_PLATFORM_URL: EMULATOR_URL,
  ADOBE_CLIENT_ID: CLIENT_ID,
  ADOBE_CLIENT_SECRET: CLIENT_SECRET,
  ADOBE_IMS_ORG_ID: DEMO_ORG_ID,
  ADOBE_SANDBOX_NAME: "prod",
  NEXTAUTH_URL: APP_URL,
  NEXTAUTH_SECRET,
  FLOW_SERVICE_TIMEOUT_MS: "3000",
  FLOW_SERVICE_MAX_RETRIES: "3",
  CONNECTIONS_PAGE_SIZE: "25",
  LOG_LEVEL: "info",
};

export const emulatorEnvironment: Record<string, string> = {
  EMULATOR_PORT: String(EMULATOR_PORT),
  EMULATOR_HOST: "127.0.0.1",
  EMULATOR_CLIENT_ID: CLIENT_ID,
  EMULATOR_CLIENT_SECRET: CLIENT_SECRET,
  EMULATOR_REDIRECT_URIS: `${APP_URL}/api/auth/callback/adobe`,
};

export const OPERATOR = { email: "operator@example.com", password: "sourcedesk-demo" };
