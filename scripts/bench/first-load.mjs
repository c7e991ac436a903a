// First-load JavaScript of a page: every script under /_next/static that a fresh browser context
// downloads before the `load` event and network idle, each body gzipped at level 9 and summed.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/** Returns the gzip size (level 9) of `body` in bytes. */
function gzipSize(body) {
  return gzipSync(body, { level: 9 }).length;
}

/**
 * Loads `url` once in a new browser context (empty cache) and returns the JavaScript it fetched.
 * `cookies` are added to the context first. Throws when the page ends up at another path (for
 * example the sign-in page, when a session was rejected) or a script body cannot be read.
 */
export async function loadPageScripts(browser, { url, cookies = [] }) {
  const context = await browser.newContext();
  try {
    if (cookies.length > 0) {
      await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: new URL(url).origin })));
    }
    const page = await context.newPage();
    const scriptBodies = new Map();
    // Console errors and Content Security Policy violations are kept for the report, because
    // Lighthouse's best practices score drops for either.
    const consoleErrors = [];
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const source = message.location().url;
      const text = message.text().replace(/\s+/g, " ").slice(0, 240);
      consoleErrors.push(source ? `${text} (${new URL(source).pathname})` : text);
    });
    page.on("pageerror", (error) => consoleErrors.push(`Uncaught ${error.message}`.slice(0, 240)));
    await page.exposeFunction("benchReportCspViolation", (directive, blocked, sourceFile) => {
      const source = sourceFile ? new URL(sourceFile).pathname : "the page";
      consoleErrors.push(`Content Security Policy violation: ${directive} blocked ${blocked || "(inline)"} in ${source}`);
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        window.benchReportCspViolation(event.violatedDirective, event.blockedURI, event.sourceFile);
      });
    });
    page.on("response", (response) => {
      const responseUrl = new URL(response.url());
      const isScript = response.request().resourceType() === "script" || responseUrl.pathname.endsWith(".js");
      if (!responseUrl.pathname.startsWith("/_next/static/") || !isScript) return;
      if (scriptBodies.has(responseUrl.pathname)) return;
      scriptBodies.set(responseUrl.pathname, response.body());
    });

    const navigation = await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const expectedPath = new URL(url).pathname;
    const finalPath = new URL(page.url()).pathname;
    if (finalPath !== expectedPath) {
      throw new Error(`Loading ${url} ended at ${page.url()} instead; the page cannot be measured.`);
    }
    if (!navigation || navigation.status() !== 200) {
      throw new Error(`Loading ${url} returned HTTP ${navigation?.status() ?? "no response"}, expected 200.`);
    }
    const html = await navigation.text();

    const scripts = [];
    for (const [pathname, bodyPromise] of scriptBodies) {
      const body = await bodyPromise;
      scripts.push({
        path: pathname,
        rawBytes: body.length,
        gzipBytes: gzipSize(body),
        sha256: createHash("sha256").update(body).digest("hex"),
        // Scripts the HTML does not name were requested later, by the runtime (for example a
        // <Link> prefetch of another route).
        inHtml: html.includes(pathname),
      });
    }
    scripts.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      scripts,
      consoleErrors,
      gzipBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0),
      rawBytes: scripts.reduce((sum, script) => sum + script.rawBytes, 0),
    };
  } finally {
    await context.close();
  }
}
