const RETURN_PATH_BASE = "http://return-path.invalid";

/**
 * Keeps a return path on this site. Browsers drop tabs and newlines from URLs and read `\` as
 * `/`, so `/\t/evil.example` would leave the site: the value is resolved the way a browser
 * would, and anything that is not a plain path on this origin becomes `/connections`.
 */
export function safeReturnPath(value: string | null | undefined): string {
  const fallback = "/connections";
  if (!value || !value.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;

  let resolved: URL;
  try {
    resolved = new URL(value, RETURN_PATH_BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== RETURN_PATH_BASE || resolved.pathname.startsWith("//")) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
