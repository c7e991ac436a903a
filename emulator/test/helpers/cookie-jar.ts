/**
 * A cookie jar for one host, enough to drive the emulator's sign-in pages over fetch: it keeps
 * name, value and path, drops cookies whose Max-Age or Expires has passed, and sends the cookies
 * whose path matches the request.
 */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  /** Stores the Set-Cookie headers of a response. */
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const separator = pair.indexOf("=");
      if (separator <= 0) continue;
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      let path = "/";
      let expired = false;
      for (const attribute of attributes) {
        const [key = "", attributeValue = ""] = attribute.split("=", 2);
        const lowerKey = key.toLowerCase();
        if (lowerKey === "path") path = attributeValue || "/";
        if (lowerKey === "max-age" && Number(attributeValue) <= 0) expired = true;
        if (lowerKey === "expires" && Date.parse(attributeValue) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) {
        this.cookies.delete(key);
      } else {
        this.cookies.set(key, { value, path });
      }
    }
  }

  /** Returns the Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const pairs: string[] = [];
    for (const [key, cookie] of this.cookies) {
      const name = key.slice(0, key.indexOf(";"));
      if (pathMatches(url.pathname, cookie.path)) pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length > 0 ? pairs.join("; ") : undefined;
  }

  /** Sends a request without following redirects, with this jar's cookies, and stores the new ones. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.header(target);
    if (cookie) headers.set("Cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    this.store(response);
    return response;
  }
}

// RFC 6265 section 5.1.4 path matching.
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
