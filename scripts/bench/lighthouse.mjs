// Lighthouse runs against the benchmark's app server, in a headless Chromium that chrome-launcher
// (the launcher Lighthouse itself depends on) starts.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import lighthouse, { desktopConfig } from "lighthouse";

export const CATEGORIES = ["performance", "accessibility", "best-practices"];

/** Performance metrics reported beside the scores (Lighthouse audit ids). */
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

/** Loads chrome-launcher from Lighthouse's own dependencies, so both agree on its version. */
async function loadChromeLauncher() {
  const requireFromLighthouse = createRequire(import.meta.resolve("lighthouse"));
  return import(pathToFileURL(requireFromLighthouse.resolve("chrome-launcher")).href);
}

/** Starts Chromium for Lighthouse with `flags` and returns the handle (`port`, `kill()`). */
export async function launchChromeForLighthouse(chromePath, flags) {
  const chromeLauncher = await loadChromeLauncher();
  return chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", ...flags], logLevel: "silent" });
}

/** Returns a short description of an audit's first items, such as the console errors it found. */
function auditItems(audit) {
  const items = audit.details?.items ?? [];
  return items.slice(0, 3).map((item) => {
    const text = item.description ?? item.issueType ?? item.node?.snippet ?? item.url ?? item.source ?? "";
    return String(text).replace(/\s+/g, " ").slice(0, 160);
  });
}

/** Lists the weighted audits of a category that did not pass, each with its score and first items. */
function failedAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({ id: audit.id, score: Math.round(audit.score * 100), items: auditItems(audit) }));
}

/**
 * Runs Lighthouse once on `url` and returns the three category scores (0 to 100), the main
 * performance metrics, the failed audits and Lighthouse's benchmark index of this machine.
 * `preset` is "desktop" (Lighthouse's desktop config) or "mobile" (its default config).
 */
export async function runLighthouse({ url, port, cookieHeader, preset }) {
  try {
    return await runLighthouseOnce({ url, port, cookieHeader, preset });
  } catch (error) {
    // Lighthouse's message for NO_NAVSTART is "Something went wrong with recording the trace over
    // your page load. Please run Lighthouse again." It happens now and then on this setup, so one
    // new attempt is made and counted. Any other error, or a second NO_NAVSTART, is raised.
    if (!(error instanceof LighthouseRuntimeError) || error.code !== "NO_NAVSTART") throw error;
    const result = await runLighthouseOnce({ url, port, cookieHeader, preset });
    return { ...result, retried: true };
  }
}

/** A run that Lighthouse ended with a runtimeError, such as NO_NAVSTART. */
class LighthouseRuntimeError extends Error {
  constructor(url, code, message) {
    super(`Lighthouse failed on ${url}: ${code} ${message}`);
    this.code = code;
  }
}

async function runLighthouseOnce({ url, port, cookieHeader, preset }) {
  const flags = {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: CATEGORIES,
    // Sent with every request of the run, including the navigation: the session of signed-in pages.
    extraHeaders: cookieHeader ? { Cookie: cookieHeader } : undefined,
  };
  const result = await lighthouse(url, flags, preset === "desktop" ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse returned no result for ${url}.`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new LighthouseRuntimeError(url, lhr.runtimeError.code, lhr.runtimeError.message);
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
    throw new Error(`Lighthouse ended at ${lhr.finalDisplayedUrl} instead of ${url}; the page cannot be measured.`);
  }
  const scores = {};
  const failed = {};
  for (const category of CATEGORIES) {
    const score = lhr.categories[category].score;
    if (score === null) throw new Error(`Lighthouse could not score ${category} on ${url}: ${lhr.runWarnings.join(" ")}`);
    scores[category] = Math.round(score * 100);
    failed[category] = failedAudits(lhr, category);
  }
  const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.numericValue]));
  return {
    scores,
    failed,
    metrics,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    warnings: lhr.runWarnings,
    retried: false,
  };
}
