// Server-side measurements: the time a create action adds beyond Flow Service, the list page's
// time to first byte, and the app server's peak memory under concurrent creates.
import { randomUUID } from "node:crypto";
import { processTree, readMemory, resetPeakMemory } from "./processes.mjs";
import { actionResultKind, callServerAction } from "./sessions.mjs";

/** Form values of the emulator's demo cluster, which accepts them. */
const DEMO_CLUSTER_FORM = {
  description: "",
  server: "couchbase.demo.internal",
  port: "8093",
  user: "etl_reader",
  password: "Demo-p4ss",
};

/** Parses the app's pino JSON lines that match `filter`, starting at line `from`. */
function logEntries(app, from, filter) {
  const entries = [];
  for (const line of app.lines.slice(from)) {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // Next.js prints plain text lines too.
    }
    if (filter(entry)) entries.push(entry);
  }
  return entries;
}

const isCreateTiming = (entry) => entry.msg === "action timing" && entry.action === "create";

/** Waits until the app has logged `count` create timing lines since line `from`, and returns them. */
async function createTimings(app, from, count) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const entries = logEntries(app, from, isCreateTiming);
    if (entries.length >= count) return entries;
    if (Date.now() > deadline) {
      throw new Error(
        `The app logged ${entries.length} "action timing" lines for ${count} creates. ` +
          'The create action must log {msg: "action timing", action: "create", totalMs, upstreamMs, ownMs} at level info.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Calls the create action once and throws unless it redirected to the new connection. */
async function createThroughAction({ appUrl, actionId, cookieHeader, name }) {
  const response = await callServerAction({
    appUrl,
    page: "/connections/new",
    actionId,
    args: [{ ...DEMO_CLUSTER_FORM, name }],
    cookieHeader,
  });
  const match = /^\/connections\/([^/?]+)\?created=1/.exec(response.redirect ?? "");
  if (!match) {
    throw new Error(
      `The create action for "${name}" returned HTTP ${response.status} with result kind ` +
        `${actionResultKind(response.body) ?? "(none)"} instead of a redirect to the new connection.`,
    );
  }
  return { id: decodeURIComponent(match[1]), roundTripMs: response.roundTripMs, bodyBytes: Buffer.byteLength(response.body) };
}

/**
 * Sends one POST /connections to the emulated Flow Service with the body and headers that
 * lib/platform/flow-service.ts sends, and returns the time until the response body was read.
 */
async function createDirectly({ emulatorUrl, platform, accessToken, connectionString, name }) {
  const started = performance.now();
  const response = await fetch(`${emulatorUrl}/data/foundation/flowservice/connections`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${accessToken}`,
      "x-api-key": platform.clientId,
      "x-gw-ims-org-id": platform.imsOrgId,
      Accept: "application/json",
      "x-sandbox-name": platform.sandboxName,
      "Content-Type": "application/json",
      "x-request-id": randomUUID(),
    },
    body: JSON.stringify({
      name,
      description: "",
      auth: { specName: platform.authSpecName, params: { connectionString } },
      connectionSpec: { id: platform.connectionSpecId, version: "1.0" },
    }),
    cache: "no-store",
  });
  await response.text();
  const elapsedMs = performance.now() - started;
  if (response.status !== 201) {
    throw new Error(`The direct POST /connections for "${name}" returned HTTP ${response.status}, expected 201.`);
  }
  return elapsedMs;
}

/**
 * Runs `warmup` creates that are not counted, then `count` rounds of one create through the
 * action and one direct POST to the emulator, alternating so both see the same machine state.
 * Returns per-sample arrays in milliseconds.
 */
export async function measureCreates({ app, appUrl, emulatorUrl, actionId, session, platform, connectionString, runId, warmup, count }) {
  const created = [];
  for (let index = 0; index < warmup; index += 1) {
    created.push(await createThroughAction({ appUrl, actionId, cookieHeader: session.cookieHeader, name: `Bench ${runId} warm-up ${index + 1}` }));
  }
  await createTimings(app, 0, warmup);

  const firstLine = app.lines.length;
  const roundTripMs = [];
  const responseBytes = [];
  const directMs = [];
  for (let index = 0; index < count; index += 1) {
    const result = await createThroughAction({
      appUrl,
      actionId,
      cookieHeader: session.cookieHeader,
      name: `Bench ${runId} create ${index + 1}`,
    });
    created.push(result);
    roundTripMs.push(result.roundTripMs);
    responseBytes.push(result.bodyBytes);
    directMs.push(
      await createDirectly({
        emulatorUrl,
        platform,
        accessToken: session.accessToken,
        connectionString,
        name: `Bench ${runId} direct ${index + 1}`,
      }),
    );
  }
  const timings = (await createTimings(app, firstLine, count)).slice(0, count);
  // Only the create actions reach the app in this phase, so every Platform call it logged
  // belongs to one of them: inside the action body, or while rendering the redirect target.
  const platformCalls = logEntries(app, firstLine, (entry) => entry.msg === "Platform call").length;
  return {
    platformCallsPerCreate: platformCalls / count,
    responseBytes,
    createdIds: created.map((result) => result.id),
    ownMs: timings.map((entry) => entry.ownMs),
    totalMs: timings.map((entry) => entry.totalMs),
    upstreamMs: timings.map((entry) => entry.upstreamMs),
    roundTripMs,
    // Each action's round trip less the Platform time the server measured for that action: the
    // action body's own time plus what Next.js adds around it.
    roundTripLessUpstreamMs: roundTripMs.map((value, index) => value - timings[index].upstreamMs),
    directMs,
  };
}

/**
 * Seeds the sandbox up to `target` connections (it may already hold some) and returns the count.
 * Throws when the emulator reports a different count afterwards.
 */
export async function seedSandbox({ emulatorUrl, imsOrgId, sandbox, target, namePrefix }) {
  const countUrl = `${emulatorUrl}/__emulator/count?${new URLSearchParams({ sandbox, imsOrgId })}`;
  const readCount = async () => {
    const response = await fetch(countUrl);
    if (!response.ok) throw new Error(`GET ${countUrl} failed: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()).count;
  };
  const before = await readCount();
  if (before < target) {
    const response = await fetch(`${emulatorUrl}/__emulator/seed`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ imsOrgId, sandbox, count: target - before, namePrefix }),
    });
    if (response.status !== 201) {
      throw new Error(`POST /__emulator/seed failed: HTTP ${response.status} ${await response.text()}`);
    }
  }
  const after = await readCount();
  if (after !== target) throw new Error(`Sandbox ${sandbox} contains ${after} connections after seeding, expected ${target}.`);
  return after;
}

/**
 * Times `GET path` with the session cookie: time to first byte (fetch resolves when the status
 * line and headers arrive) and time to the last byte, in milliseconds. Throws unless the page
 * returns 200 and contains `expectedText`.
 */
export async function measureTtfb({ appUrl, path, cookieHeader, runs, warmup, expectedText }) {
  const ttfbMs = [];
  const totalMs = [];
  for (let index = 0; index < warmup + runs; index += 1) {
    const started = performance.now();
    const response = await fetch(`${appUrl}${path}`, { headers: { Cookie: cookieHeader }, redirect: "manual" });
    const firstByte = performance.now() - started;
    const body = await response.text();
    const lastByte = performance.now() - started;
    if (response.status !== 200) {
      throw new Error(`GET ${path} returned HTTP ${response.status} (location ${response.headers.get("location") ?? "none"}), expected 200.`);
    }
    if (!body.includes(expectedText)) {
      throw new Error(`GET ${path} did not contain "${expectedText}", so it shows another sandbox than the seeded one, or no connections.`);
    }
    if (index < warmup) continue;
    ttfbMs.push(firstByte);
    totalMs.push(lastByte);
  }
  return { ttfbMs, totalMs };
}

/** Returns the durations (ms) of the app's logged Platform calls since line `from` that match `path`. */
export function platformCallDurations(app, from, method, pathPattern) {
  return logEntries(app, from, (entry) => entry.msg === "Platform call" && entry.method === method && pathPattern.test(entry.path ?? "")).map(
    (entry) => entry.durationMs,
  );
}

/** Sums a field of readMemory over `pids`, skipping processes that ended meanwhile. */
function sumMemory(pids, field) {
  let total = 0;
  for (const pid of pids) {
    try {
      total += readMemory(pid)[field];
    } catch {
      // The process ended, so it uses no memory.
    }
  }
  return total;
}

/**
 * One round of the load: resets the peak RSS of the app server and its child processes, sends one
 * create action per session, all at once, and returns the sum of their peak RSS (KiB) and how
 * many creates succeeded. The sum of per-process peaks is an upper bound of the combined peak.
 */
export async function measureLoadRound({ appPid, appUrl, actionId, sessions, runId, round }) {
  const pids = processTree(appPid);
  resetPeakMemory(pids);
  const baselineKiB = sumMemory(pids, "rssKiB");
  const started = performance.now();
  const responses = await Promise.all(
    sessions.map((session, index) =>
      callServerAction({
        appUrl,
        page: "/connections/new",
        actionId,
        args: [{ ...DEMO_CLUSTER_FORM, name: `Bench ${runId} load ${round}-${String(index + 1).padStart(2, "0")}` }],
        cookieHeader: session.cookieHeader,
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const peakKiB = sumMemory(processTree(appPid), "hwmKiB");
  const failures = responses.filter((response) => !/^\/connections\/[^/?]+\?created=1/.test(response.redirect ?? ""));
  return {
    processCount: pids.length,
    baselineKiB,
    peakKiB,
    wallMs,
    succeeded: responses.length - failures.length,
    failureSummary: failures.map((response) => `HTTP ${response.status} ${actionResultKind(response.body) ?? ""}`.trim()),
  };
}
