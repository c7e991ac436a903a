import { NextResponse, type NextRequest } from "next/server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Security headers for every response, and a strict origin check for every request that can
 * change state. Next.js 16.5 compares a server action's Origin with its Host, but it lets a
 * request without Origin through, and it returns a 500 for a foreign form post.
 * This check rejects a foreign, missing or `null` Origin with a 403 before any action or route
 * handler runs, whether the action is named in a `Next-Action` header or in a form field.
 * Browsers send Origin on every POST, so only scripted clients are affected.
 */
export function proxy(request: NextRequest) {
  const aliasPage = loopbackAliasPage(request);
  if (aliasPage) return aliasPage;

  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    return NextResponse.json(
      { error: "Cross-origin request rejected: this site accepts changes only from its own pages." },
      { status: 403 },
    );
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = isHttps(request);
  const development = process.env.NODE_ENV === "development";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  response.headers.set("Cross-Origin-Opener-Policy", "same-origin");
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

/** Parses NEXTAUTH_URL, or returns undefined when it is unset or malformed. */
function configuredUrl(): URL | undefined {
  if (!process.env.NEXTAUTH_URL) return undefined;
  try {
    return new URL(process.env.NEXTAUTH_URL);
  } catch {
    // Config validation at start reports a malformed NEXTAUTH_URL; callers fall back to the request.
    return undefined;
  }
}

function expectedOrigin(request: NextRequest): string {
  return configuredUrl()?.origin ?? request.nextUrl.origin;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Returns, for a page request on another loopback name of the configured origin (such as
 * 127.0.0.1:3000 when NEXTAUTH_URL is http://localhost:3000), a page that moves the browser
 * to the configured origin. Sign-in cookies and the Origin check both need that one origin.
 * It is a page with a refresh, not a 307: Next.js 16.5 turns a proxy redirect into a relative
 * one when the listening host matches the target, which would send the browser back here.
 * Other hosts are left alone, because a reverse proxy may forward any Host.
 */
function loopbackAliasPage(request: NextRequest): NextResponse | undefined {
  const configured = configuredUrl();
  if (!SAFE_METHODS.has(request.method) || !configured) return undefined;
  let requested: URL;
  try {
    requested = new URL(`http://${request.headers.get("host") ?? ""}`);
  } catch {
    return undefined;
  }
  const sameLoopbackServer =
    requested.host !== configured.host &&
    LOOPBACK_HOSTS.has(requested.hostname) &&
    LOOPBACK_HOSTS.has(configured.hostname) &&
    requested.port === configured.port;
  if (!sameLoopbackServer) return undefined;

  const target = escapeHtml(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, configured.origin).href);
  const origin = escapeHtml(configured.origin);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>Open Sourcedesk at ${origin}</title></head><body><main><h1>Open Sourcedesk at ${origin}</h1><p>Sign-in works only at that address. <a href="${target}">Continue to ${origin}</a></p></main></body></html>`;
  return new NextResponse(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function isSameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  return origin === expectedOrigin(request) || origin === request.nextUrl.origin;
}

function isHttps(request: NextRequest): boolean {
  return (
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https" ||
    (process.env.NEXTAUTH_URL ?? "").startsWith("https://")
  );
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
    },
  ],
};
