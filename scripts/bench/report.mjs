// Renders the benchmark results as docs/benchmarks.md: one table per measurement, each figure
// beside its budget, and a missed budget marked "missed".
import { median, percentile } from "./stats.mjs";

/** Budgets of first-load JavaScript, as a ratio to the floor. Routes without one have none set. */
const FIRST_LOAD_BUDGETS = {
  signin: { ratio: 1.05, reason: "no form fields" },
  list: { ratio: 1.05, reason: "no form fields" },
  form: { ratio: 1.15, reason: "the form page" },
  edit: { ratio: 1.15, reason: "a form page, so the form's budget is applied" },
};
const CREATE_OWN_BUDGET_MS = 15;
const LIGHTHOUSE_BUDGETS = { performance: 95, accessibility: 100, "best-practices": 100 };

const ms = (value) => `${value.toFixed(1)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (kibibytes) => `${(kibibytes / 1024).toFixed(0)} MiB`;
const budgetStatus = (met) => (met ? "holds" : "**missed**");

function table(header, rows) {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function machineSection({ machine, versions, builds, durationSeconds }) {
  const load = (values) => values.map((value) => value.toFixed(2)).join(" / ");
  return [
    "## Machine",
    "",
    table(
      ["Item", "Value"],
      [
        ["Date", machine.date],
        ["CPU", `${machine.cpuModel}, ${machine.cores} cores (\`os.cpus()\`)`],
        ["Memory", `${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB`],
        ["Operating system", machine.os],
        ["Node.js", machine.node],
        ["Browser", machine.chromium],
        ["Next.js / React / React DOM", `${versions.next} / ${versions.react} / ${versions.reactDom}`],
        ["Lighthouse / Playwright", `${versions.lighthouse} / ${versions.playwright}`],
        ["Load average (1, 5, 15 min) at start", load(machine.loadAverageAtStart)],
        ["Load average (1, 5, 15 min) at end", load(machine.loadAverageAtEnd)],
        ["Build time, app / floor", `${builds.appBuildSeconds.toFixed(0)} s / ${builds.floorBuildSeconds.toFixed(0)} s`],
        ["Whole run", `${durationSeconds.toFixed(0)} s`],
      ],
    ),
    "",
    "The servers, the browser and the benchmark share these cores, and other processes on the machine",
    "may too: the load averages show how busy it was. Times are wall-clock times on this machine.",
  ].join("\n");
}

function firstLoadSection(firstLoad, pageLoads) {
  const floor = firstLoad.find((route) => route.key === "floor");
  const floorHashes = new Set(floor.scripts.map((script) => script.sha256));
  const rows = firstLoad.map((route) => {
    const ratio = route.gzipBytes / floor.gzipBytes;
    const budget = FIRST_LOAD_BUDGETS[route.key];
    const later = route.scripts.filter((script) => !script.inHtml);
    let budgetText = "none set";
    if (budget) budgetText = `<= ${budget.ratio.toFixed(2)} (${budget.reason})`;
    if (route.key === "floor") budgetText = "";
    return [
      route.label,
      `\`${route.key === "details" || route.key === "edit" ? route.path.replace(/\/connections\/[^/]+/, "/connections/{id}") : route.path}\``,
      `${kib(route.gzipBytes)} (${route.gzipBytes} B)`,
      route.key === "floor" ? "1.000" : ratio.toFixed(3),
      budgetText,
      budget ? budgetStatus(ratio <= budget.ratio) : "",
      String(route.scripts.length),
      later.length === 0 ? "0" : `${later.length} (${kib(later.reduce((sum, script) => sum + script.gzipBytes, 0))})`,
      route.runs.join(", "),
    ];
  });
  const sumGzip = (scripts) => scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
  const differences = firstLoad
    .filter((route) => route.key !== "floor")
    .map((route) => {
      const routeHashes = new Set(route.scripts.map((script) => script.sha256));
      const added = route.scripts.filter((script) => !floorHashes.has(script.sha256));
      const missing = floor.scripts.filter((script) => !routeHashes.has(script.sha256));
      const listed = added
        .slice(0, 4)
        .map((script) => `\`${script.path.replace("/_next/static/chunks/", "")}\` ${kib(script.gzipBytes)}`)
        .join(", ");
      return (
        `- ${route.label}: ${kib(sumGzip(added))} in ${added.length} scripts the floor does not load` +
        `${listed ? ` (largest: ${listed})` : ""}; ${kib(sumGzip(missing))} in ${missing.length} floor scripts it does not load.`
      );
    });
  const consoleErrors = firstLoad
    .filter((route) => route.consoleErrors.length > 0)
    .map((route) => `- ${route.label}: ${route.consoleErrors.map((text) => `"${text}"`).join("; ")}`);
  return [
    "## First-load JavaScript",
    "",
    "Method: each route is loaded in a new Chromium context (empty cache) with Playwright; signed-in",
    "routes get a session cookie minted from an emulator sign-in. Every JavaScript response under",
    "`/_next/static` that arrives before the `load` event and network idle is gzipped with node:zlib at",
    `level 9, and the sizes are summed. Each route is loaded ${pageLoads} times and the median total is`,
    "reported (the runs column lists every total in bytes). The floor is an empty Next.js app (an",
    "`app/layout.tsx` with `<html>` and `<body>`, an `app/page.tsx` with one `<main>`) built and",
    "started the same way with the same next, react and react-dom. \"Requested after the HTML\" counts",
    "scripts the HTML did not name, such as chunks of another route that a `<Link>` prefetches.",
    "",
    table(["Route", "Path", "JavaScript (gzip)", "Ratio to floor", "Budget", "Status", "Scripts", "Requested after the HTML", "Runs (B)"], rows),
    "",
    "How each route's scripts differ from the floor's (a script counts as the floor's when its bytes",
    "are identical; the app and the floor each have a framework chunk of their own, which appears on",
    "both sides):",
    "",
    ...differences,
    "",
    consoleErrors.length === 0 ? "No page logged a console error during these loads." : "Console errors during these loads:\n",
    ...consoleErrors,
  ].join("\n");
}

function percentileRow(label, values, budget) {
  const p50 = percentile(values, 50);
  return [label, ms(p50), ms(percentile(values, 95)), budget ? `p50 <= ${budget} ms` : "", budget ? budgetStatus(p50 <= budget) : ""];
}

function createSection(creates, options) {
  const framework = creates.roundTripMs.map((value, index) => value - creates.totalMs[index]);
  const ownP50 = percentile(creates.ownMs, 50);
  const frameworkP50 = percentile(framework, 50);
  return [
    "## Server time of a create",
    "",
    `Method: ${options.warmup} create actions warm the server up and are not counted. Then ${options.creates} rounds run one`,
    "after another, each with one create action and one direct `POST /connections` to the emulator, so",
    "both see the same machine state. A create action is a real server action call over HTTP",
    "(`Next-Action` header, JSON arguments, a minted session cookie, a unique name) that must redirect",
    "to the new connection. The server logs one `action timing` line per action. In it, `totalMs` is",
    "the action body from the session check to its result. `upstreamMs` is the time spent waiting",
    "for Platform inside it (a `GET /connections` by name to catch duplicates, then the `POST`).",
    "`ownMs` is their difference. The direct POST sends the body and headers that",
    "`lib/platform/flow-service.ts` sends and is timed in the benchmark process until the body is read.",
    `Percentiles use the nearest-rank method over the ${options.creates} samples.`,
    "",
    table(
      ["Figure", "p50", "p95", "Budget", "Status"],
      [
        percentileRow("Dashboard's own time in the action (`ownMs`)", creates.ownMs, CREATE_OWN_BUDGET_MS),
        percentileRow("Action body in total (`totalMs`)", creates.totalMs),
        percentileRow("Platform calls inside the action (`upstreamMs`)", creates.upstreamMs),
        percentileRow("Action round trip seen by the client", creates.roundTripMs),
        percentileRow("Round trip less `totalMs` (Next.js and HTTP around the action body)", framework),
        percentileRow("Direct `POST /connections` to the emulator", creates.directMs),
      ],
    ),
    "",
    `\`ownMs\` covers only code inside the action body: session decryption, schema validation,`,
    `building the connection string and logging. At p50 it is ${ms(ownP50)}, and Next.js and HTTP add`,
    `${ms(frameworkP50)} at p50 around the body. That part includes Next.js decoding the action request and,`,
    "because the action redirects, rendering the new connection's page into the same response",
    `(${kib(median(creates.responseBytes))} at the median). The app logged ${creates.platformCallsPerCreate.toFixed(1)} Platform calls per create: the`,
    "action body's calls are in `upstreamMs`, the others come from rendering that page. So the round",
    "trip is not the cost of the create alone. The budget is checked against `ownMs`.",
  ].join("\n");
}

function ttfbSection(ttfb, options) {
  const row = (label, values) => [label, ms(median(values)), ms(percentile(values, 95)), String(values.length)];
  return [
    "## List page time to first byte",
    "",
    `Method: sandbox \`${ttfb.sandbox}\` is seeded through \`POST /__emulator/seed\` until it contains ${ttfb.connections}`,
    "connections. A session cookie whose `sandboxName` is that sandbox requests `GET /connections`",
    `(fetch, \`redirect: "manual"\`; the response must be 200 and contain a seeded name) 2 times to warm up, then`,
    `${options.ttfbRuns} times one after another. Time to first byte ends when the status line and headers arrive;`,
    "time to last byte when the body is read. The Flow Service list call is the app's own logged",
    `duration of its \`GET /connections\` (one page of ${ttfb.pageSize}, newest first) during the warm-up and measured requests.`,
    "",
    table(
      ["Figure", "Median", "p95", "Samples"],
      [row("Time to first byte", ttfb.ttfbMs), row("Time to last byte", ttfb.totalMs), row("Flow Service list call inside it", ttfb.listCallMs)],
    ),
    "",
    "No budget is set for this figure.",
  ].join("\n");
}

function memorySection(load) {
  const rows = load.rounds.map((round, index) => [
    String(index + 1),
    mib(round.baselineKiB),
    mib(round.peakKiB),
    `${round.succeeded} of ${load.operators}${round.failureSummary.length > 0 ? ` (failed: ${[...new Set(round.failureSummary)].join(", ")})` : ""}`,
    ms(round.wallMs),
    String(round.processCount),
  ]);
  return [
    "## Peak memory under 50 operators",
    "",
    `Method: ${load.operators} sessions are minted from ${load.operators} separate emulator sign-ins. Each round first resets the`,
    "RSS high-water mark (`VmHWM` in `/proc/<pid>/status`) of the `next start` process and its child",
    "processes to the current RSS, by writing 5 to `/proc/<pid>/clear_refs`. Then it sends",
    `${load.operators} create actions at once, one per session. After the last response, each process's \`VmHWM\` is`,
    "read and the values are summed. The sum of per-process peaks is an upper bound of their combined",
    "peak. The server has already served every earlier measurement of this run.",
    "",
    table(["Round", "RSS before", "Peak RSS", "Creates that succeeded", "Wall time of the round", "Processes"], rows),
    "",
    `Median peak over ${load.rounds.length} rounds: ${mib(median(load.rounds.map((round) => round.peakKiB)))}. No budget is set for this figure.`,
    ...(load.rounds.length > 1 && load.rounds.at(-1).baselineKiB > load.rounds[0].baselineKiB
      ? [
          `The RSS before a round grew from ${mib(load.rounds[0].baselineKiB)} to ${mib(load.rounds.at(-1).baselineKiB)} over the rounds: memory the`,
          "server kept after earlier rounds, which a later garbage collection may or may not return.",
        ]
      : []),
  ].join("\n");
}

/** Returns the median of a Lighthouse metric over `runs`, in whole milliseconds. */
function metricMedian(runs, id) {
  return median(runs.map((run) => run.metrics[id])).toFixed(0);
}

function lighthouseSection(lighthouse, options) {
  const categories = Object.keys(LIGHTHOUSE_BUDGETS);
  const rows = lighthouse.map((page) => {
    const medians = Object.fromEntries(categories.map((category) => [category, median(page.runs.map((run) => run.scores[category]))]));
    const met = categories.every((category) => medians[category] >= LIGHTHOUSE_BUDGETS[category]);
    return [
      page.label,
      `\`${page.key === "details" ? "/connections/{id}" : page.path}\``,
      ...categories.map((category) => `${medians[category]} (${page.runs.map((run) => run.scores[category]).join(", ")})`),
      budgetStatus(met),
      metricMedian(page.runs, "first-contentful-paint"),
      metricMedian(page.runs, "largest-contentful-paint"),
      metricMedian(page.runs, "total-blocking-time"),
      median(page.runs.map((run) => run.metrics["cumulative-layout-shift"])).toFixed(3),
    ];
  });
  const failures = [];
  for (const page of lighthouse) {
    for (const [index, run] of page.runs.entries()) {
      for (const category of categories) {
        for (const audit of run.failed[category]) {
          const items = audit.items.filter(Boolean).map((item) => `"${item}"`).join("; ");
          failures.push(`- ${page.label}, run ${index + 1}, ${category}: \`${audit.id}\` scored ${audit.score}${items ? `: ${items}` : ""}`);
        }
      }
    }
  }
  const retries = lighthouse.flatMap((page) =>
    page.runs.flatMap((run, index) => (run.retried ? [`${page.label} run ${index + 1}`] : [])),
  );
  const benchmarkIndexes = lighthouse.flatMap((page) => page.runs.map((run) => run.benchmarkIndex));
  const presetWords =
    options.lighthousePreset === "desktop"
      ? "the desktop preset (`desktop-config.js`: a 1350 x 940 screen, simulated throttling to 10 Mbit/s with 40 ms round trips, no CPU slowdown)"
      : "the mobile default (a 412 x 823 Moto G Power screen, simulated throttling to 1.6 Mbit/s with 150 ms round trips, 4x CPU slowdown)";
  return [
    "## Lighthouse",
    "",
    `Method: Lighthouse runs programmatically with ${presetWords}.`,
    "It runs only the performance, accessibility and best practices categories, in headless Chromium",
    "that chrome-launcher starts with the flags playwright.config.ts uses. Signed-in pages get the session cookie through",
    `\`extraHeaders\`. Each page runs ${options.lighthouseRuns} times; the table shows the median of each category`,
    "and, in brackets, every run. Lighthouse's benchmark index of this machine ranged from",
    `${Math.min(...benchmarkIndexes).toFixed(0)} to ${Math.max(...benchmarkIndexes).toFixed(0)}. Runs repeated after a NO_NAVSTART error: ${retries.length === 0 ? "none" : retries.join(", ")}.`,
    "",
    table(["Page", "Path", "Performance (>= 95)", "Accessibility (100)", "Best practices (100)", "Status", "FCP", "LCP", "TBT", "CLS"], rows),
    "",
    "FCP, LCP and TBT (first contentful paint, largest contentful paint, total blocking time) are",
    "Lighthouse's simulated values in milliseconds and CLS its cumulative layout shift, each the median",
    "of the runs.",
    "",
    failures.length === 0 ? "Every weighted audit passed in every run." : "Audits that did not pass, per run:\n",
    ...failures,
  ].join("\n");
}

function summarySection({ firstLoad, creates, lighthouse }) {
  const floor = firstLoad.find((route) => route.key === "floor");
  const rows = [];
  for (const route of firstLoad) {
    const budget = FIRST_LOAD_BUDGETS[route.key];
    if (!budget) continue;
    const ratio = route.gzipBytes / floor.gzipBytes;
    rows.push([`${route.label} first-load JavaScript <= ${budget.ratio.toFixed(2)} x floor`, `${ratio.toFixed(3)} x`, budgetStatus(ratio <= budget.ratio)]);
  }
  const ownP50 = percentile(creates.ownMs, 50);
  rows.push([`Create adds <= ${CREATE_OWN_BUDGET_MS} ms at p50 (\`ownMs\`)`, ms(ownP50), budgetStatus(ownP50 <= CREATE_OWN_BUDGET_MS)]);
  for (const page of lighthouse) {
    for (const [category, minimum] of Object.entries(LIGHTHOUSE_BUDGETS)) {
      const value = median(page.runs.map((run) => run.scores[category]));
      rows.push([`${page.label} Lighthouse ${category.replace("-", " ")} >= ${minimum}`, String(value), budgetStatus(value >= minimum)]);
    }
  }
  return ["## Budgets", "", table(["Budget", "Measured", "Status"], rows)].join("\n");
}

/** Returns the Markdown report of one benchmark run. */
export function renderReport(results) {
  const { options } = results;
  return [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`scripts/bench.mjs`); edit the script, not this file. The script",
    "builds a copy of the working tree and an empty Next.js app in a temporary directory, starts both",
    "and the Adobe emulator on free ports of 127.0.0.1, measures, stops everything and writes this page.",
    "Every figure comes from this one run, on the machine below.",
    "",
    summarySection(results),
    "",
    firstLoadSection(results.firstLoad, options.pageLoads),
    "",
    createSection(results.creates, options),
    "",
    ttfbSection(results.ttfb, options),
    "",
    memorySection(results.load),
    "",
    lighthouseSection(results.lighthouse, options),
    "",
    machineSection(results),
    "",
  ].join("\n");
}
