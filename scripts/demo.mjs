// Demo mode: starts the bundled Adobe emulator and the dashboard wired to it, with no
// configuration. Everything runs on this machine; nothing reaches Adobe.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";

const APP_PORT = Number(process.env.PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4010);
const APP_URL = `http://localhost:${APP_PORT}`;
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const CLIENT_ID = "sourcedesk-demo";
const CLIENT_SECRET = "sourcedesk-demo-secret";

const children = [];

function start(name, command, args, env) {
  const child = spawn(command, args, {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      for (const line of String(chunk).split("\n")) if (line.trim()) process.stdout.write(prefix + line + "\n");
    });
  }
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${name} stopped (exit code ${code}); stopping the demo.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitFor(url, label, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${label} did not start within ${timeoutMs / 1000} seconds (${url})`);
}

const started = Date.now();
start("emulator", process.execPath, ["--import", "tsx", "emulator/src/main.ts"], {
  EMULATOR_PORT: String(EMULATOR_PORT),
  EMULATOR_CLIENT_ID: CLIENT_ID,
  EMULATOR_CLIENT_SECRET: CLIENT_SECRET,
  EMULATOR_REDIRECT_URIS: `${APP_URL}/api/auth/callback/adobe,http://127.0.0.1:${APP_PORT}/api/auth/callback/adobe`,
});
await waitFor(`${EMULATOR_URL}/ims/.well-known/openid-configuration`, "The emulator", 30_000);

// Both servers listen on the loopback interface only, because demo mode is for this machine's
// browser. The dashboard listens on the name NEXTAUTH_URL uses, so next dev prints that URL.
const nextArguments = ["node_modules/next/dist/bin/next", "dev", "-H", "localhost", "-p", String(APP_PORT)];
start("dashboard", process.execPath, nextArguments, {
  ADOBE_IMS_URL: EMULATOR_URL,
  ADOBE_PLATFORM_URL: EMULATOR_URL,
  ADOBE_CLIENT_ID: CLIENT_ID,
  ADOBE_CLIENT_SECRET: CLIENT_SECRET,
  ADOBE_IMS_ORG_ID: "0123456789ABCDEF01234567@AdobeOrg",
  ADOBE_SANDBOX_NAME: "prod",
  NEXTAUTH_URL: APP_URL,
  // A new secret on every start, so a demo session cookie is useless anywhere else.
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
});
await waitFor(`${APP_URL}/api/health`, "The dashboard", 60_000);
// Compile the sign-in page before the first visitor asks for it.
await fetch(`${APP_URL}/signin`).catch(() => undefined);

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`
Sourcedesk demo is ready (${seconds} s): ${APP_URL}
Sign in on the emulator as operator@example.com with password sourcedesk-demo.
The Adobe emulator runs at ${EMULATOR_URL}. Press Ctrl+C to stop both.
`);
