/**
 * Builds the ODBC connection string that Experience Platform's Couchbase source takes, and checks
 * its parts. Split from the parser (couchbase.ts) so that the form's live preview loads this
 * small module alone; couchbase.ts re-exports everything here.
 *
 * Pure TypeScript with no Node.js APIs, because the browser runs it too.
 */

/** Flow Service connection spec id of the Couchbase source. */
export const COUCHBASE_CONNECTION_SPEC_ID = "1fe283f6-9bec-11ea-bb37-0242ac130002";

/** `auth.specName` of the Couchbase connection spec's only auth spec. */
export const COUCHBASE_AUTH_SPEC_NAME = "Connection String Based Authentication";

/** Password as the masked preview shows it. Always eight bullets, so its length reveals nothing. */
export const MASKED_PASSWORD = "••••••••";

export interface CouchbaseCredentials {
  /** Host name, IPv4 address or IPv6 address of a Couchbase node. */
  server: string;
  /** TCP port of the query service: 8093, or 18093 with TLS. */
  port: number;
  /** Couchbase user name, or bucket name for clusters older than Couchbase Server 5.0. */
  user: string;
  password: string;
}

export type ConnectionStringField = "server" | "port" | "user" | "password" | "connectionString";

/** Invalid input for a connection string. The message never contains the offending value. */
export class ConnectionStringError extends Error {
  readonly field: ConnectionStringField;

  constructor(field: ConnectionStringField, message: string) {
    super(message);
    this.name = "ConnectionStringError";
    this.field = field;
  }
}

export type ParsedConnectionString =
  | { ok: true; credentials: CouchbaseCredentials; warnings: string[] }
  | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Validation shared by the builder, the parser and the form schema
// ---------------------------------------------------------------------------------------------

const HOST_NAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Checks that `server` is one host name or IP address: an RFC 1123 host name, an IPv4 dotted quad
 * without leading zeros, or an IPv6 address, bare or in brackets. Rejects schemes, ports, several
 * hosts, whitespace, `; { } = "` and control characters. IPv6 zone ids (`fe80::1%eth0`) are
 * rejected too, because a link-local address is not reachable from Experience Platform.
 */
export function isValidServer(server: string): boolean {
  if (typeof server !== "string") return false;
  if (server.startsWith("[") && server.endsWith("]")) return isIPv6Address(server.slice(1, -1));
  if (server.includes(":")) return isIPv6Address(server);
  return isIPv4Address(server) || isHostName(server);
}

function isIPv4Address(text: string): boolean {
  const octets = text.split(".");
  return octets.length === 4 && octets.every((octet) => IPV4_OCTET.test(octet) && Number(octet) <= 255);
}

function isHostName(text: string): boolean {
  // One trailing dot marks an absolute name, as in "cb.example.com.".
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split(".");
  if (!labels.every((label) => HOST_NAME_LABEL.test(label))) return false;
  // Top-level domains are never all digits, so an all-digit last label is a mistyped IPv4
  // address such as "10.0.0.256", not a host name.
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? "");
}

function isIPv6Address(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const compressed = halves.length === 2;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));

  // An IPv4 address may stand in for the last two groups, as in ::ffff:192.0.2.1.
  let groupCount = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!text.endsWith(last) || !isIPv4Address(last)) return false;
    groups.pop();
    groupCount += 1;
  }
  if (!groups.every((group) => IPV6_GROUP.test(group))) return false;
  return compressed ? groupCount <= 7 : groupCount === 8;
}

/** Checks that `port` is a whole number from 1 to 65535. */
export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * Finds a character that cannot reach the driver intact: U+0000, which ends a string for C-based
 * drivers, or an unpaired UTF-16 surrogate, which has no UTF-8 encoding.
 */
export function findUnencodableCharacter(text: string): "nul" | "unpaired-surrogate" | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0) return "nul";
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      index += 1;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      return "unpaired-surrogate";
    }
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function validateCredentialText(text: string, field: "user" | "password", label: string): void {
  if (typeof text !== "string") throw new ConnectionStringError(field, `${label} must be text.`);
  const problem = findUnencodableCharacter(text);
  if (problem === "nul") {
    throw new ConnectionStringError(
      field,
      `${label} contains a NUL character (U+0000), which ODBC drivers read as the end of the text. Remove it.`,
    );
  }
  if (problem === "unpaired-surrogate") {
    throw new ConnectionStringError(
      field,
      `${label} contains an unpaired UTF-16 surrogate, which is not valid Unicode text. Retype it.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/** JSON string escapes (RFC 8259) for the characters that have a short form, plus `;`. */
const SHORT_ESCAPES = new Map<string, string>([
  ['"', '\\"'],
  ["\\", "\\\\"],
  ["\b", "\\b"],
  ["\f", "\\f"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
  // `;` ends an unbraced value in MS-ODBCSTR, .NET, unixODBC and Simba's parser, so it travels
  // as a JSON escape.
  [";", "\\u003b"],
]);

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Escapes `text` for the inside of a JSON string in CredString. Control characters U+0000–U+001F
 * and U+007F–U+009F become escapes, because JSON requires it for the first range and .NET rejects
 * both in an unbraced ODBC value. Every other character, including non-ASCII text,
 * `{ } [ ] = '` and spaces, is copied unchanged.
 * Unpaired surrogates become `\uXXXX` escapes, which only the masked preview relies on, because
 * the builder rejects them.
 */
function escapeJsonText(text: string): string {
  let escaped = "";
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    const code = text.charCodeAt(index);
    const shortEscape = SHORT_ESCAPES.get(character);
    if (shortEscape !== undefined) {
      escaped += shortEscape;
    } else if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) {
      escaped += unicodeEscape(code);
    } else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      escaped += text.slice(index, index + 2);
      index += 1;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      escaped += unicodeEscape(code);
    } else {
      escaped += character;
    }
  }
  return escaped;
}

/** Lays out the string exactly as Adobe's documented pattern, spaces included. */
function formatConnectionString(server: string, port: string, escapedUser: string, escapedPass: string): string {
  return `Server=${server}; Port=${port};AuthMech=1;CredString=[{"user": "${escapedUser}", "pass":"${escapedPass}"}];`;
}

/**
 * Builds the canonical connection string for `credentials`. An empty password is allowed, because
 * whether one is required is the form's decision. Throws ConnectionStringError, naming the field,
 * for an invalid server or port, an empty user name, or a user name or password containing U+0000
 * or an unpaired surrogate.
 * NOTE: no length limit is enforced. .NET documents 1,024 characters for an ODBC connection
 * string, and whether Experience Platform has a limit is not known.
 */
export function buildConnectionString(credentials: CouchbaseCredentials): string {
  const { server, port, user, password } = credentials;
  if (!isValidServer(server)) {
    throw new ConnectionStringError(
      "server",
      "Server must be one host name or IP address, such as cb.example.com, 10.0.0.5 or [2001:db8::5].",
    );
  }
  if (!isValidPort(port)) {
    throw new ConnectionStringError("port", "Port must be a whole number from 1 to 65535.");
  }
  validateCredentialText(user, "user", "User name");
  if (user === "") throw new ConnectionStringError("user", "User name is empty. Couchbase needs a user name.");
  validateCredentialText(password, "password", "Password");

  return formatConnectionString(server, String(port), escapeJsonText(user), escapeJsonText(password));
}

/**
 * Builds the connection string for a live preview. The password is shown as MASKED_PASSWORD, or
 * as `{PASS}` when empty. Missing parts and an invalid port show as placeholders (`{SERVER}`,
 * `{PORT}`, `{USER}`) instead of throwing. A server that the builder would reject is shown as
 * typed, so the operator can see it.
 */
export function buildMaskedConnectionString(
  credentials: Omit<CouchbaseCredentials, "password"> & { password?: string },
): string {
  const server = typeof credentials.server === "string" && credentials.server !== "" ? credentials.server : "{SERVER}";
  const port = isValidPort(credentials.port) ? String(credentials.port) : "{PORT}";
  const user = typeof credentials.user === "string" && credentials.user !== "" ? escapeJsonText(credentials.user) : "{USER}";
  const pass = credentials.password ? MASKED_PASSWORD : "{PASS}";
  return formatConnectionString(server, port, user, pass);
}

