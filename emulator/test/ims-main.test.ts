// `npm run emulator` as a process: what it prints, how it fails on bad settings, how it stops.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, expect, test } from "vitest";

const MAIN = path.resolve(__dirname, "../src/main.ts");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runMain(variables: Record<string, string>): Run {
  // The test's own EMULATOR_* variables must not leak into the child.
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(environment)) {
    if (name.startsWith("EMULATOR_")) delete environment[name];
  }
  Object.assign(environment, { EMULATOR_LOG_LEVEL: "warn" }, variables);
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the start banner and returns the URL it prints. */
async function waitForUrl(run: Run): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = /Adobe emulator .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout());
    if (match?.[1]) return match[1];
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The emulator printed no URL. stdout: ${run.stdout()} stderr: ${run.stderr()}`);
}

test.each(["SIGTERM", "SIGINT"] as const)("starts, prints URL and demo sign-in, stops on %s", async (signal) => {
  const run = runMain({ EMULATOR_PORT: "0" });
  const url = await waitForUrl(run);

  const discovery = await fetch(`${url}/ims/.well-known/openid-configuration`);
  run.child.kill(signal);
  const { code } = await run.exited;

  expect(discovery.status).toBe(200);
  expect(run.stdout()).toContain("Sign in as operator@example.com with password sourcedesk-demo");
  expect(code).toBe(0);
});

test("invalid setting stops it with the variable's name", async () => {
  const run = runMain({ EMULATOR_PORT: "not-a-port" });

  const { code } = await run.exited;

  expect(code).toBe(1);
  expect(run.stderr()).toContain("Emulator not started: EMULATOR_PORT must be a whole number from 0 to 65535");
});

test("port in use stops it with the fix", async () => {
  const first = runMain({ EMULATOR_PORT: "0" });
  const port = new URL(await waitForUrl(first)).port;

  const second = runMain({ EMULATOR_PORT: port });
  const { code } = await second.exited;

  expect(code).toBe(1);
  expect(second.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
});
