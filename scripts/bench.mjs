// `npm run bench`: builds the production app and an empty Next.js app (the floor), and starts them
// with the Adobe emulator on free ports of 127.0.0.1. It then measures first-load JavaScript, the
// server time of a create, the list page's time to first byte with 10,000 connections, peak memory
// under 50 concurrent creates and Lighthouse scores, and writes docs/benchmarks.md.
// Run `node scripts/bench.mjs --help` for the options. Linux only (it reads /proc).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { copyProject, nextBin, nextBuild, writeFloorApp } from "./bench/build.mjs";
import { loadPageScripts } from "./bench/first-load.mjs";
import { launchChromeForLighthouse, runLighthouse } from "./bench/lighthouse.mjs";
import { freePort, ManagedProcess, waitForHttp } from "./bench/processes.mjs";
import { renderReport } from "./bench/report.mjs";
import { measureCreates, measureLoadRound, measureTtfb, platformCallDurations, seedSandbox } from "./bench/server-time.mjs";
import { importProjectModule, serverActionId, SessionMinter } from "./bench/sessions.mjs";
import { medianRun } from "./bench/stats.mjs";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The flags playwright.config.ts launches Chromium with.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const IMS_ORG_ID = "0123456789ABCDEF01234567@AdobeOrg";
const CLIENT_ID = "sourcedesk-bench";
/** The emulator sandbox seeded for the list page measurement. */
const BULK_SANDBOX = "dev";
const BULK_CONNECTIONS = 10_000;
const LOAD_OPERATORS = 50;
/** CONNECTIONS_PAGE_SIZE of the app: rows per list page. */
const LIST_PAGE_SIZE = 25;

const HELP = `Usage: node scripts/bench.mjs [options]

Builds the app and an empty Next.js app in a temporary directory, measures them against the
Adobe emulator on 127.0.0.1 and writes a Markdown report.

Options (counts are whole numbers greater than 0):
  --creates N            measured create actions, each beside one direct POST (default 40)
  --warmup N             create actions before the measured ones, not counted (default 5)
  --page-loads N         browser loads per route for first-load JavaScript (default 3)
  --ttfb-runs N          measured GET /connections requests (default 15)
  --load-rounds N        rounds of ${LOAD_OPERATORS} concurrent creates for peak memory (default 3)
  --lighthouse-runs N    Lighthouse runs per page (default 3)
  --lighthouse-preset P  desktop (Lighthouse's desktop config) or mobile (its default config);
                         default desktop
  --output FILE          report path, relative to the project root (default docs/benchmarks.md)
  --keep                 keep the temporary directory (builds and server logs) afterwards
  --help                 print this help
`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      creates: { type: "string", default: "40" },
      warmup: { type: "string", default: "5" },
      "page-loads": { type: "string", default: "3" },
      "ttfb-runs": { type: "string", default: "15" },
      "load-rounds": { type: "string", default: "3" },
      "lighthouse-runs": { type: "string", default: "3" },
      "lighthouse-preset": { type: "string", default: "desktop" },
      output: { type: "string", default: "docs/benchmarks.md" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const count = (name) => {
    const value = values[name];
    if (!/^[1-9]\d*$/.test(value)) throw new Error(`--${name} must be a whole number greater than 0, got "${value}".`);
    return Number(value);
  };
  const preset = values["lighthouse-preset"];
  if (preset !== "desktop" && preset !== "mobile") {
    throw new Error(`--lighthouse-preset must be desktop or mobile, got "${preset}".`);
  }
  return {
    creates: count("creates"),
    warmup: count("warmup"),
    pageLoads: count("page-loads"),
    ttfbRuns: count("ttfb-runs"),
    loadRounds: count("load-rounds"),
    lighthouseRuns: count("lighthouse-runs"),
    lighthousePreset: preset,
    output: path.resolve(PROJECT_ROOT, values.output),
    keep: values.keep,
  };
}

const startedAt = Date.now();
function progress(message) {
  process.stdout.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** Cleanup steps, run last-in first-out on success, on error and on SIGINT or SIGTERM. */
const cleanups = [];
let cleaningUp;
function runCleanups() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      try {
        await step();
      } catch (error) {
        process.stderr.write(`Cleanup step failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  })();
  return cleaningUp;
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    process.stderr.write(`Received ${signal}; stopping the servers.\n`);
    runCleanups().then(() => process.exit(130));
  });
}

function describeMachine() {
  const cpus = os.cpus();
  let chromiumVersion;
  try {
    chromiumVersion = execFileSync(CHROMIUM_PATH, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    chromiumVersion = `unknown (${CHROMIUM_PATH} --version failed: ${error.message})`;
  }
  return {
    cpuModel: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg(),
  };
}

async function startServers(workDir, appDir, floorDir, nextAuthSecret, clientSecret) {
  const [appPort, emulatorPort, floorPort] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${appPort}`;
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const floorUrl = `http://127.0.0.1:${floorPort}`;

  progress(`starting the emulator at ${emulatorUrl}`);
  const emulator = new ManagedProcess({
    name: "The emulator",
    command: process.execPath,
    args: ["--import", "tsx", "emulator/src/main.ts"],
    cwd: appDir,
    env: {
      ...process.env,
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_HOST: "127.0.0.1",
      EMULATOR_CLIENT_ID: CLIENT_ID,
      EMULATOR_CLIENT_SECRET: clientSecret,
      EMULATOR_REDIRECT_URIS: `${appUrl}/api/auth/callback/adobe`,
      // Warnings and errors only: per-request info lines would add logging time to every
      // Platform call the app makes.
      EMULATOR_LOG_LEVEL: "warn",
    },
    logFile: path.join(workDir, "emulator.log"),
  });
  cleanups.push(() => emulator.stop());
  await waitForHttp(`${emulatorUrl}/ims/.well-known/openid-configuration`, emulator, 60_000);

  progress(`starting the app at ${appUrl}`);
  const appEnvironment = { ...process.env };
  delete appEnvironment.ADOBE_IMS_SCOPES;
  const app = new ManagedProcess({
    name: "The app server",
    command: process.execPath,
    args: [nextBin(PROJECT_ROOT), "start", "-H", "127.0.0.1", "-p", String(appPort)],
    cwd: appDir,
    env: {
      ...appEnvironment,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ADOBE_IMS_URL: emulatorUrl,
      ADOBE_PLATFORM_URL: emulatorUrl,
      ADOBE_CLIENT_ID: CLIENT_ID,
      ADOBE_CLIENT_SECRET: clientSecret,
      ADOBE_IMS_ORG_ID: IMS_ORG_ID,
      ADOBE_SANDBOX_NAME: "prod",
      NEXTAUTH_URL: appUrl,
      NEXTAUTH_SECRET: nextAuthSecret,
      FLOW_SERVICE_TIMEOUT_MS: "30000",
      FLOW_SERVICE_MAX_RETRIES: "3",
      CONNECTIONS_PAGE_SIZE: String(LIST_PAGE_SIZE),
      LOG_LEVEL: "info",
    },
    logFile: path.join(workDir, "app.log"),
  });
  cleanups.push(() => app.stop());
  await waitForHttp(`${appUrl}/api/health`, app, 60_000);

  progress(`starting the floor app at ${floorUrl}`);
  const floor = new ManagedProcess({
    name: "The floor app server",
    command: process.execPath,
    args: [nextBin(PROJECT_ROOT), "start", "-H", "127.0.0.1", "-p", String(floorPort)],
    cwd: floorDir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    logFile: path.join(workDir, "floor.log"),
  });
  cleanups.push(() => floor.stop());
  await waitForHttp(`${floorUrl}/`, floor, 60_000);

  return { emulator, app, floor, appUrl, emulatorUrl, floorUrl };
}

async function measureFirstLoads({ appUrl, floorUrl, session, connectionId, pageLoads }) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  cleanups.push(() => browser.close());
  const targets = [
    { key: "floor", label: "Empty Next.js page (floor)", url: `${floorUrl}/`, cookies: [] },
    { key: "signin", label: "Sign-in", url: `${appUrl}/signin`, cookies: [] },
    { key: "list", label: "List", url: `${appUrl}/connections`, cookies: session.cookies },
    { key: "form", label: "Form", url: `${appUrl}/connections/new`, cookies: session.cookies },
    { key: "details", label: "Details", url: `${appUrl}/connections/${encodeURIComponent(connectionId)}`, cookies: session.cookies },
    { key: "edit", label: "Edit", url: `${appUrl}/connections/${encodeURIComponent(connectionId)}/edit`, cookies: session.cookies },
  ];
  const results = [];
  for (const target of targets) {
    const runs = [];
    for (let run = 0; run < pageLoads; run += 1) runs.push(await loadPageScripts(browser, target));
    const medianLoad = medianRun(runs, (run) => run.gzipBytes);
    results.push({
      key: target.key,
      label: target.label,
      path: new URL(target.url).pathname,
      runs: runs.map((run) => run.gzipBytes),
      ...medianLoad,
      consoleErrors: [...new Set(runs.flatMap((run) => run.consoleErrors))],
    });
    progress(`  ${target.label}: ${medianLoad.gzipBytes} B gzip in ${medianLoad.scripts.length} scripts`);
  }
  await browser.close();
  return results;
}

async function measureLighthouse({ appUrl, session, connectionId, runs, preset }) {
  const chrome = await launchChromeForLighthouse(CHROMIUM_PATH, CHROMIUM_FLAGS);
  cleanups.push(async () => chrome.kill());
  const pages = [
    { key: "signin", label: "Sign-in", url: `${appUrl}/signin` },
    { key: "list", label: "List", url: `${appUrl}/connections`, cookieHeader: session.cookieHeader },
    { key: "form", label: "Form", url: `${appUrl}/connections/new`, cookieHeader: session.cookieHeader },
    { key: "details", label: "Details", url: `${appUrl}/connections/${encodeURIComponent(connectionId)}`, cookieHeader: session.cookieHeader },
  ];
  const results = [];
  for (const page of pages) {
    const pageRuns = [];
    for (let run = 0; run < runs; run += 1) {
      pageRuns.push(await runLighthouse({ url: page.url, port: chrome.port, cookieHeader: page.cookieHeader, preset }));
    }
    results.push({ key: page.key, label: page.label, path: new URL(page.url).pathname, runs: pageRuns });
    const last = pageRuns.at(-1).scores;
    progress(`  ${page.label}: performance ${last.performance}, accessibility ${last.accessibility}, best practices ${last["best-practices"]} (last run)`);
  }
  chrome.kill();
  return results;
}

async function main() {
  const options = parseOptions();
  const machine = describeMachine();
  const workDir = mkdtempSync(path.join(os.tmpdir(), "sourcedesk-bench-"));
  cleanups.push(async () => {
    if (options.keep) progress(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });
  const appDir = path.join(workDir, "app");
  const floorDir = path.join(workDir, "floor");
  // Fresh secrets per run: they protect nothing outside this run, and none is ever printed.
  const nextAuthSecret = randomBytes(32).toString("base64url");
  const clientSecret = randomBytes(24).toString("base64url");
  const runId = randomBytes(3).toString("hex");

  progress(`building a copy of the app in ${appDir}`);
  copyProject(PROJECT_ROOT, appDir);
  // Stops a build that is still running at cleanup, which happens after SIGINT for example.
  const stopBuild = (child) =>
    cleanups.push(async () => child.exitCode === null && child.signalCode === null && child.kill("SIGTERM"));
  let buildStarted = Date.now();
  await nextBuild(PROJECT_ROOT, appDir, path.join(workDir, "app-build.log"), stopBuild);
  const appBuildSeconds = (Date.now() - buildStarted) / 1000;
  progress(`building the floor app in ${floorDir}`);
  writeFloorApp(PROJECT_ROOT, floorDir);
  buildStarted = Date.now();
  await nextBuild(PROJECT_ROOT, floorDir, path.join(workDir, "floor-build.log"), stopBuild);
  const floorBuildSeconds = (Date.now() - buildStarted) / 1000;

  const servers = await startServers(workDir, appDir, floorDir, nextAuthSecret, clientSecret);
  const minter = new SessionMinter({
    projectRoot: appDir,
    emulatorUrl: servers.emulatorUrl,
    clientId: CLIENT_ID,
    clientSecret,
    nextAuthSecret,
  });
  const couchbase = await importProjectModule(appDir, "lib/sources/couchbase-build.ts");
  const createActionId = serverActionId(appDir, "connections/new/actions", "createConnectionAction");
  const session = await minter.mint();

  progress(`timing ${options.warmup} + ${options.creates} create actions beside ${options.creates} direct POST /connections`);
  const creates = await measureCreates({
    app: servers.app,
    appUrl: servers.appUrl,
    emulatorUrl: servers.emulatorUrl,
    actionId: createActionId,
    session,
    platform: {
      clientId: CLIENT_ID,
      imsOrgId: IMS_ORG_ID,
      sandboxName: "prod",
      authSpecName: couchbase.COUCHBASE_AUTH_SPEC_NAME,
      connectionSpecId: couchbase.COUCHBASE_CONNECTION_SPEC_ID,
    },
    connectionString: couchbase.buildConnectionString({ server: "couchbase.demo.internal", port: 8093, user: "etl_reader", password: "Demo-p4ss" }),
    runId,
    warmup: options.warmup,
    count: options.creates,
  });
  const connectionId = creates.createdIds[0];

  progress(`loading each route ${options.pageLoads} times for first-load JavaScript`);
  const firstLoad = await measureFirstLoads({ ...servers, session, connectionId, pageLoads: options.pageLoads });

  progress(`running Lighthouse ${options.lighthouseRuns} times per page (${options.lighthousePreset})`);
  const lighthouse = await measureLighthouse({ appUrl: servers.appUrl, session, connectionId, runs: options.lighthouseRuns, preset: options.lighthousePreset });

  progress(`seeding sandbox ${BULK_SANDBOX} to ${BULK_CONNECTIONS} connections`);
  const namePrefix = `Bulk ${runId} `;
  const seeded = await seedSandbox({ emulatorUrl: servers.emulatorUrl, imsOrgId: IMS_ORG_ID, sandbox: BULK_SANDBOX, target: BULK_CONNECTIONS, namePrefix });
  const bulkSession = await minter.mint({ sandboxName: BULK_SANDBOX });
  progress(`timing ${options.ttfbRuns} GET /connections in sandbox ${BULK_SANDBOX}`);
  const ttfbFirstLine = servers.app.lines.length;
  const ttfb = await measureTtfb({
    appUrl: servers.appUrl,
    path: "/connections",
    cookieHeader: bulkSession.cookieHeader,
    runs: options.ttfbRuns,
    warmup: 2,
    expectedText: namePrefix.trim(),
  });
  ttfb.listCallMs = platformCallDurations(servers.app, ttfbFirstLine, "GET", /\/flowservice\/connections$/);
  ttfb.connections = seeded;
  ttfb.sandbox = BULK_SANDBOX;
  ttfb.pageSize = LIST_PAGE_SIZE;

  progress(`minting ${LOAD_OPERATORS} sessions for the load`);
  const loadSessions = [];
  for (let index = 0; index < LOAD_OPERATORS; index += 1) loadSessions.push(await minter.mint());
  const load = [];
  for (let round = 1; round <= options.loadRounds; round += 1) {
    const result = await measureLoadRound({
      appPid: servers.app.pid,
      appUrl: servers.appUrl,
      actionId: createActionId,
      sessions: loadSessions,
      runId,
      round,
    });
    load.push(result);
    progress(`  round ${round}: peak ${(result.peakKiB / 1024).toFixed(0)} MiB, ${result.succeeded} of ${LOAD_OPERATORS} creates succeeded`);
  }

  machine.loadAverageAtEnd = os.loadavg();
  const report = renderReport({
    machine,
    options,
    versions: readVersions(),
    builds: { appBuildSeconds, floorBuildSeconds },
    firstLoad,
    creates,
    ttfb,
    load: { operators: LOAD_OPERATORS, rounds: load },
    lighthouse,
    durationSeconds: (Date.now() - startedAt) / 1000,
  });
  mkdirSync(path.dirname(options.output), { recursive: true });
  writeFileSync(options.output, report);
  progress(`wrote ${path.relative(PROJECT_ROOT, options.output)}`);
}

function readVersions() {
  const versionOf = (name) =>
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")).version;
  return {
    next: versionOf("next"),
    react: versionOf("react"),
    reactDom: versionOf("react-dom"),
    lighthouse: versionOf("lighthouse"),
    playwright: versionOf("@playwright/test"),
  };
}

try {
  await main();
  await runCleanups();
} catch (error) {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await runCleanups();
  process.exit(1);
}
