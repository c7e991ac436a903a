// The Couchbase connection string that Flow Service's Couchbase source takes:
//   Server=<host>; Port=<port>;AuthMech=1;CredString=[{"user": "<user>", "pass":"<password>"}];
// Adobe documents this layout (spacing included) and the Simba Couchbase ODBC driver reads it.
// Runs in the browser (live preview, paste) and on the server (the create and edit actions).

export const COUCHBASE_CONNECTION_SPEC_ID = "1fe283f6-9bec-11ea-bb37-0242ac130002";
export const COUCHBASE_AUTH_SPEC_NAME = "Connection String Based Authentication";

export interface CouchbaseCredentials {
  server: string;
  port: number;
  user: string;
  password: string;
}

export type CredentialField = "server" | "port" | "user" | "password" | "connectionString";

export class ConnectionStringError extends Error {
  constructor(
    readonly field: CredentialField,
    message: string,
  ) {
    super(message);
    this.name = "ConnectionStringError";
  }
}

const MASK = "••••••••";

/**
 * Builds the canonical connection string. User and password go through JSON string escaping, and
 * `;` is written as `\u003b`, so the CredString value never contains a raw `;` (the one character
 * every ODBC parser splits on) and decodes back to exactly what was typed.
 */
export function buildConnectionString(credentials: CouchbaseCredentials): string {
  if (!isValidServer(credentials.server)) {
    throw new ConnectionStringError("server", "The server must be a host name, an IPv4 address or an IPv6 address.");
  }
  if (!isValidPort(credentials.port)) {
    throw new ConnectionStringError("port", "The port must be a whole number from 1 to 65535.");
  }
  const user = unencodableReason(credentials.user);
  if (user) throw new ConnectionStringError("user", `The user name ${user}.`);
  const password = unencodableReason(credentials.password);
  if (password) throw new ConnectionStringError("password", `The password ${password}.`);
  return assemble(credentials.server, String(credentials.port), escapeCredential(credentials.user), escapeCredential(credentials.password));
}

/**
 * The same string with the password replaced by a mask, for the form's live preview. Missing
 * parts show as placeholders, so a half-filled form still previews.
 */
export function buildMaskedConnectionString(
  credentials: Omit<CouchbaseCredentials, "password"> & { password?: string },
): string {
  const server = credentials.server === "" ? "{SERVER}" : credentials.server;
  const port = isValidPort(credentials.port) ? String(credentials.port) : "{PORT}";
  const user = credentials.user === "" ? "{USER}" : escapeCredential(stripUnencodable(credentials.user));
  const password = credentials.password ? MASK : "{PASSWORD}";
  return assemble(server, port, user, password);
}

function assemble(server: string, port: string, user: string, password: string): string {
  return `Server=${server}; Port=${port};AuthMech=1;CredString=[{"user": "${user}", "pass":"${password}"}];`;
}

function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** JSON string escaping (RFC 8259 section 7) plus `;` as `\u003b`. */
function escapeCredential(value: string): string {
  let escaped = "";
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    switch (character) {
      case '"':
        escaped += '\\"';
        break;
      case "\\":
        escaped += "\\\\";
        break;
      case "\b":
        escaped += "\\b";
        break;
      case "\f":
        escaped += "\\f";
        break;
      case "\n":
        escaped += "\\n";
        break;
      case "\r":
        escaped += "\\r";
        break;
      case "\t":
        escaped += "\\t";
        break;
      case ";":
        escaped += "\\u003b";
        break;
      default:
        if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) {
          escaped += `\\u${code.toString(16).padStart(4, "0")}`;
        } else {
          escaped += character;
        }
    }
  }
  return escaped;
}

/** Why a user name or password cannot travel through C drivers and UTF-8, or undefined. */
export function unencodableReason(value: string): string | undefined {
  if (value.includes("\u0000")) return "contains a null character (U+0000), which Couchbase drivers cannot read";
  if (hasLoneSurrogate(value)) return "contains a broken Unicode character (a lone surrogate)";
  return undefined;
}

function stripUnencodable(value: string): string {
  return Array.from(value)
    .filter((character) => character !== "\u0000" && !hasLoneSurrogate(character))
    .join("");
}

function hasLoneSurrogate(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index += 1;
        continue;
      }
      return true;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * True for a host name (RFC 1123 labels, 253 characters at most), a dotted IPv4 address, or an
 * IPv6 address, bare or in brackets. Everything else, including whitespace, `;`, braces, `=` and
 * quotes, is rejected because it could change how the connection string splits.
 */
export function isValidServer(server: string): boolean {
  if (server === "" || server.length > 255) return false;
  if (server.startsWith("[") && server.endsWith("]")) return isIPv6(server.slice(1, -1));
  if (server.includes(":")) return isIPv6(server);
  if (/^[\d.]+$/.test(server)) return IPV4.test(server);
  const host = server.endsWith(".") ? server.slice(0, -1) : server;
  if (host.length === 0 || host.length > 253) return false;
  return host.split(".").every((label) => HOST_LABEL.test(label));
}

function isIPv6(address: string): boolean {
  const zoneless = address.split("%")[0] ?? "";
  if (address.includes("%") && !/^%[A-Za-z0-9_.~-]+$/.test(address.slice(zoneless.length))) return false;
  const halves = zoneless.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!IPV4.test(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export type ParsedConnectionString =
  | { ok: true; credentials: CouchbaseCredentials; warnings: string[] }
  | { ok: false; error: string };

interface Pair {
  key: string;
  value: string;
  braced: boolean;
}

/**
 * Reads an existing Couchbase connection string into its fields: ODBC `key=value;` pairs with
 * case-insensitive keys and `{...}` values (`}}` is a literal `}`), then CredString as strict JSON.
 * Also accepts the form printed in Adobe's docs (quotes written `\"`), a pasted JSON string
 * literal, and a raw `;` inside CredString, each with a warning. Errors never quote the input.
 */
export function parseConnectionString(input: string): ParsedConnectionString {
  let text = input.trim();
  if (text === "") return { ok: false, error: "Paste a connection string first." };
  const warnings: string[] = [];

  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(text);
      if (typeof decoded === "string") text = decoded.trim();
    } catch {
      // Not a JSON string literal; read it as it is.
    }
  }

  const direct = readFields(text, warnings);
  if (direct.ok) return direct;

  if (text.includes('\\"')) {
    const unescaped = jsonUnescape(text);
    if (unescaped !== undefined) {
      const retryWarnings: string[] = [];
      const retried = readFields(unescaped, retryWarnings);
      if (retried.ok) return retried;
    }
  }
  return direct;
}

function jsonUnescape(text: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(`"${text}"`);
    return typeof decoded === "string" ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function readFields(text: string, warnings: string[]): ParsedConnectionString {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  const pairs = new Map<string, Pair>();
  for (const pair of tokens.pairs) {
    if (pairs.has(pair.key)) {
      warnings.push(`The key ${pair.key} appears more than once; the first value was used, as ODBC drivers do.`);
      continue;
    }
    pairs.set(pair.key, pair);
  }
  if (tokens.recoveredSemicolon) {
    warnings.push(
      "The password or user name contained a raw semicolon, which Couchbase drivers split on, so the original string probably failed. It will be sent as \\u003b, which the driver reads back as a semicolon.",
    );
  }

  const server = pairs.get("server")?.value.trim();
  if (!server) return { ok: false, error: "The connection string has no Server value." };
  if (!isValidServer(server)) {
    return { ok: false, error: "The Server value is not a host name or IP address. Remove any scheme (https://) or port from it." };
  }
  const portText = pairs.get("port")?.value.trim();
  if (!portText) return { ok: false, error: "The connection string has no Port value. Couchbase's query port is usually 8093, or 18093 with TLS." };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!isValidPort(port)) return { ok: false, error: "The Port value must be a whole number from 1 to 65535." };

  const authMech = pairs.get("authmech")?.value.trim();
  if (authMech === undefined) {
    warnings.push("The string has no AuthMech; AuthMech=1 (user name and password) was assumed.");
  } else if (authMech === "2") {
    return { ok: false, error: "This string uses AuthMech=2, which reads credentials from a file (CredFile). Experience Platform cannot read such a file: enter the user name and password instead." };
  } else if (authMech !== "1") {
    return { ok: false, error: "The AuthMech value must be 1 (user name and password)." };
  }

  const credPair = pairs.get("credstring");
  if (!credPair) return { ok: false, error: "The connection string has no CredString with a user name and password." };
  const credentials = readCredString(credPair.value, warnings);
  if (!credentials.ok) return credentials;

  const known = new Set(["server", "port", "authmech", "credstring"]);
  const unknown = [...pairs.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    warnings.push(`These keys are not used by Sourcedesk and will not be kept: ${unknown.join(", ")}.`);
  }
  return { ok: true, credentials: { server, port, user: credentials.user, password: credentials.password }, warnings };
}

function readCredString(
  value: string,
  warnings: string[],
): { ok: true; user: string; password: string } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, error: "The CredString value is not valid JSON. It should look like [{\"user\": \"name\", \"pass\":\"password\"}]." };
  }
  let entry: unknown;
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return { ok: false, error: "The CredString list is empty: it needs one user name and password." };
    if (parsed.length > 1) warnings.push("The CredString lists several credentials; only the first was imported.");
    entry = parsed[0];
  } else {
    warnings.push("The CredString is a single object instead of a list; it was read as a list of one.");
    entry = parsed;
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return { ok: false, error: "The CredString must contain an object with user and pass." };
  }
  const fields = entry as Record<string, unknown>;
  if (typeof fields.user !== "string" || typeof fields.pass !== "string") {
    return { ok: false, error: "The CredString entry needs a text user and a text pass." };
  }
  const extra = Object.keys(fields).filter((key) => key !== "user" && key !== "pass");
  if (extra.length > 0) warnings.push(`The CredString entry has fields that are not kept: ${extra.join(", ")}.`);
  const problem = unencodableReason(fields.user) ?? unencodableReason(fields.pass);
  if (problem) return { ok: false, error: "The user name or password contains characters Couchbase drivers cannot read (a null character or a broken Unicode character)." };
  return { ok: true, user: fields.user, password: fields.pass };
}

type Tokens = { ok: true; pairs: Pair[]; recoveredSemicolon: boolean } | { ok: false; error: string };

/** Splits ODBC `key=value` pairs (MS-ODBCSTR rules), with a recovery for raw `;` in CredString. */
function tokenize(text: string): Tokens {
  const pairs: Pair[] = [];
  let recoveredSemicolon = false;
  let position = 0;
  while (position < text.length) {
    while (position < text.length && (text[position] === ";" || /\s/.test(text[position] ?? ""))) position += 1;
    if (position >= text.length) break;

    const equals = text.indexOf("=", position);
    const semicolon = text.indexOf(";", position);
    if (equals === -1 || (semicolon !== -1 && semicolon < equals)) {
      return { ok: false, error: "Part of the string is not in key=value form. A raw ; inside a value breaks the string." };
    }
    const key = text.slice(position, equals).trim().toLowerCase();
    if (key === "") return { ok: false, error: "The string has a value without a key before its =." };
    position = equals + 1;
    while (text[position] === " ") position += 1;

    if (text[position] === "{") {
      let value = "";
      let index = position + 1;
      let closed = false;
      while (index < text.length) {
        if (text[index] === "}") {
          if (text[index + 1] === "}") {
            value += "}";
            index += 2;
            continue;
          }
          closed = true;
          index += 1;
          break;
        }
        value += text[index];
        index += 1;
      }
      if (!closed) return { ok: false, error: `The ${key} value opens a { brace that is never closed.` };
      while (text[index] === " ") index += 1;
      if (index < text.length && text[index] !== ";") {
        return { ok: false, error: `The braced ${key} value must be followed by ; or the end.` };
      }
      pairs.push({ key, value, braced: true });
      position = index + 1;
      continue;
    }

    let end = text.indexOf(";", position);
    if (end === -1) end = text.length;
    if (key === "credstring") {
      const recovered = extendCredString(text, position, end);
      if (recovered !== end) recoveredSemicolon = true;
      end = recovered;
    }
    pairs.push({ key, value: text.slice(position, end).trimEnd(), braced: false });
    position = end + 1;
  }
  return { ok: true, pairs, recoveredSemicolon };
}

/**
 * Returns where an unbraced CredString ends. Normally at the next `;`; when that cut leaves
 * invalid JSON, at the first later `;` where the value parses as a JSON list.
 */
function extendCredString(text: string, start: number, firstEnd: number): number {
  if (parsesAsJson(text.slice(start, firstEnd))) return firstEnd;
  let end = firstEnd;
  while (end < text.length) {
    const next = text.indexOf(";", end + 1);
    const candidate = next === -1 ? text.length : next;
    const value = text.slice(start, candidate).trimEnd();
    if (value.endsWith("]") && parsesAsJson(value)) return candidate;
    if (next === -1) break;
    end = next;
  }
  return firstEnd;
}

function parsesAsJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
