// A model of how the Couchbase ODBC driver behind Flow Service reads a connection string, used by
// /test and /explore and to mask passwords. It follows the ODBC connection string grammar of
// MS-ODBCSTR: `key=value;` pairs, `{...}` braced values with `}}` for a literal `}`, and
// case-insensitive keywords. Of duplicate keywords the first wins, as SQLDriverConnect specifies.
// CredString is then read as strict JSON (RFC 8259), so JSON escapes such as \u003b decode to `;`.
// NOTE: no test has been run against Adobe's real driver; this is the strict reading of the
// published grammars, not a capture of the driver's behaviour.

/** One `key=value` pair as written. */
interface OdbcAttribute {
  /** The keyword as written, whitespace trimmed. */
  key: string;
  /** The value after brace unescaping and trimming. */
  value: string;
  /** Index in the original string of each character of `value`. */
  sourceIndex: number[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface CouchbaseCredential {
  user: string;
  pass: string;
}

/** Settings the driver reads from a connection string. */
export interface CouchbaseConnectionSettings {
  server: string;
  port: number;
  credentials: CouchbaseCredential[];
  /** Source spans [start, end) of each `pass` JSON string literal, quotes included. */
  passSpans: [number, number][];
}

/** Control characters the .NET and ODBC parsers reject in an unbraced value (tab, LF, CR allowed). */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function isSpace(character: string | undefined): boolean {
  return character === " " || character === "\t";
}

/** Splits an ODBC connection string into attributes, keyed by lower-case keyword. */
export function parseOdbcAttributes(text: string): ParseResult<Map<string, OdbcAttribute>> {
  const attributes = new Map<string, OdbcAttribute>();
  let index = 0;
  let pairNumber = 0;

  while (index < text.length) {
    while (index < text.length && (isSpace(text[index]) || text[index] === ";" || text[index] === "\r" || text[index] === "\n")) {
      index += 1;
    }
    if (index >= text.length) break;
    pairNumber += 1;

    const keyStart = index;
    while (index < text.length && text[index] !== "=" && text[index] !== ";") index += 1;
    if (index >= text.length || text[index] === ";") {
      return {
        ok: false,
        problem: `part ${pairNumber} (at character ${keyStart + 1}) is not a key=value pair; a raw ";" inside a value ends that value early`,
      };
    }
    const key = text.slice(keyStart, index).trim();
    if (key === "") {
      return { ok: false, problem: `part ${pairNumber} (at character ${keyStart + 1}) has a value but no keyword` };
    }
    index += 1;
    while (isSpace(text[index])) index += 1;

    let value = "";
    const sourceIndex: number[] = [];
    if (text[index] === "{") {
      index += 1;
      let closed = false;
      while (index < text.length) {
        if (text[index] === "}") {
          if (text[index + 1] === "}") {
            value += "}";
            sourceIndex.push(index);
            index += 2;
            continue;
          }
          index += 1;
          closed = true;
          break;
        }
        value += text[index];
        sourceIndex.push(index);
        index += 1;
      }
      if (!closed) return { ok: false, problem: `the braced value of ${key} has no closing "}"` };
      while (isSpace(text[index])) index += 1;
      if (index < text.length && text[index] !== ";") {
        return { ok: false, problem: `unexpected text after the braced value of ${key}; a braced value must end at ";"` };
      }
    } else {
      const valueStart = index;
      while (index < text.length && text[index] !== ";") index += 1;
      const raw = text.slice(valueStart, index).replace(/\s+$/, "");
      if (FORBIDDEN_CONTROL.test(raw)) {
        return { ok: false, problem: `the value of ${key} contains a control character` };
      }
      value = raw;
      for (let offset = 0; offset < raw.length; offset += 1) sourceIndex.push(valueStart + offset);
    }

    const normalizedKey = key.toLowerCase();
    if (!attributes.has(normalizedKey)) attributes.set(normalizedKey, { key, value, sourceIndex });
  }
  return { ok: true, value: attributes };
}

/** Returns the index just past the JSON string literal that starts at `start` (a `"`). */
function endOfJsonString(json: string, start: number): number {
  let index = start + 1;
  while (index < json.length) {
    if (json[index] === "\\") {
      index += 2;
      continue;
    }
    if (json[index] === '"') return index + 1;
    index += 1;
  }
  return json.length;
}

/** Finds the `pass` member values in JSON that JSON.parse has already accepted. */
function findPassValueSpans(json: string): [number, number][] {
  const spans: [number, number][] = [];
  let index = 0;
  while (index < json.length) {
    if (json[index] !== '"') {
      index += 1;
      continue;
    }
    const end = endOfJsonString(json, index);
    let next = end;
    while (/\s/.test(json[next] ?? "")) next += 1;
    if (json[next] !== ":") {
      index = end;
      continue;
    }
    const key = JSON.parse(json.slice(index, end)) as string;
    next += 1;
    while (/\s/.test(json[next] ?? "")) next += 1;
    if (key === "pass" && json[next] === '"') {
      const valueEnd = endOfJsonString(json, next);
      spans.push([next, valueEnd]);
      index = valueEnd;
      continue;
    }
    index = next;
  }
  return spans;
}

function hasLoneSurrogate(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(index + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return true;
      index += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/**
 * Reads CredString as the driver does: a JSON array of at least one `{"user", "pass"}` object.
 * Problems never quote the JSON, because it contains passwords.
 */
function parseCredString(json: string): ParseResult<CouchbaseCredential[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: "CredString is not valid JSON" };
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    return { ok: false, problem: "CredString must be a JSON array with at least one credential object" };
  }
  const credentials: CouchbaseCredential[] = [];
  for (const [position, entry] of parsed.entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return { ok: false, problem: `CredString entry ${position + 1} is not a JSON object` };
    }
    const fields = entry as Record<string, unknown>;
    const unknownFields = Object.keys(fields).filter((field) => field !== "user" && field !== "pass");
    if (unknownFields.length > 0) {
      return { ok: false, problem: `CredString entry ${position + 1} has fields other than "user" and "pass"` };
    }
    if (typeof fields.user !== "string" || typeof fields.pass !== "string") {
      return { ok: false, problem: `CredString entry ${position + 1} needs string "user" and "pass" fields` };
    }
    // A C driver reads NUL-terminated UTF-8, so NUL and lone surrogates cannot reach the server.
    if (/\u0000/.test(fields.user + fields.pass) || hasLoneSurrogate(fields.user + fields.pass)) {
      return { ok: false, problem: `CredString entry ${position + 1} contains a character that is not valid UTF-8 text` };
    }
    credentials.push({ user: fields.user, pass: fields.pass });
  }
  return { ok: true, value: credentials };
}

/** Parses a Couchbase connection string the way the driver reads it. */
export function parseCouchbaseConnectionString(text: string): ParseResult<CouchbaseConnectionSettings> {
  const parsedAttributes = parseOdbcAttributes(text);
  if (!parsedAttributes.ok) return parsedAttributes;
  const attributes = parsedAttributes.value;

  const server = attributes.get("server")?.value ?? "";
  if (server === "") return { ok: false, problem: "Server is missing" };

  const portText = attributes.get("port")?.value;
  if (portText === undefined) return { ok: false, problem: "Port is missing" };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return { ok: false, problem: "Port must be a number from 1 to 65535" };

  const authMech = attributes.get("authmech")?.value;
  if (authMech === undefined) return { ok: false, problem: "AuthMech is missing; it must be 1 with CredString" };
  if (authMech === "2") return { ok: false, problem: "AuthMech=2 reads a CredFile, which Flow Service cannot use" };
  if (authMech !== "1") return { ok: false, problem: "AuthMech must be 1" };

  const credString = attributes.get("credstring");
  if (credString === undefined) return { ok: false, problem: "CredString is missing" };
  const credentials = parseCredString(credString.value);
  if (!credentials.ok) return credentials;

  const passSpans = findPassValueSpans(credString.value).map(([start, end]): [number, number] => [
    credString.sourceIndex[start] ?? 0,
    (credString.sourceIndex[end - 1] ?? 0) + 1,
  ]);
  return { ok: true, value: { server, port, credentials: credentials.value, passSpans } };
}

/** The text that replaces a secret in every response and log entry. */
export const SECRET_MASK = "********";

/** `partial` masks only the CredString passwords; `full` masks the whole connection string. */
export type SecretMasking = "partial" | "full";

/**
 * Masks a connection string for output. With `partial`, only the `pass` values are replaced, and
 * only when the string parses as the driver reads it. Anything else is masked whole, because a
 * string the driver cannot read has no reliable boundary around its password.
 */
export function maskConnectionString(text: string, masking: SecretMasking): string {
  if (masking === "full") return SECRET_MASK;
  const parsed = parseCouchbaseConnectionString(text);
  if (!parsed.ok) return SECRET_MASK;
  let masked = "";
  let copiedUpTo = 0;
  for (const [start, end] of parsed.value.passSpans) {
    masked += text.slice(copiedUpTo, start) + JSON.stringify(SECRET_MASK);
    copiedUpTo = end;
  }
  return masked + text.slice(copiedUpTo);
}

/** A Couchbase cluster the emulated driver can reach. */
export interface CouchbaseCluster {
  server: string;
  port: number;
  users: { user: string; password: string }[];
  buckets: string[];
}

/** Reason code of a failed connection test, sent as `errorCode` in the /test body. */
export type ConnectivityErrorCode = "malformed-connection-string" | "unknown-host" | "connection-refused" | "authentication-failed";

export type ConnectivityResult =
  | { ok: true; cluster: CouchbaseCluster }
  | { ok: false; errorCode: ConnectivityErrorCode; reason: string };

/**
 * Connects to the cluster the string names, as the driver would: resolve the host, open the port,
 * then sign in with every credential in CredString. Reasons name the host, port and user but
 * never a password.
 */
export function checkConnectivity(connectionString: string, clusters: readonly CouchbaseCluster[]): ConnectivityResult {
  const parsed = parseCouchbaseConnectionString(connectionString);
  if (!parsed.ok) {
    return {
      ok: false,
      errorCode: "malformed-connection-string",
      reason: `The connection string could not be parsed: ${parsed.problem}.`,
    };
  }
  const { server, port, credentials } = parsed.value;
  // Host names are case-insensitive (RFC 4343).
  const sameHost = clusters.filter((cluster) => cluster.server.toLowerCase() === server.toLowerCase());
  if (sameHost.length === 0) {
    return { ok: false, errorCode: "unknown-host", reason: `The host "${server}" could not be resolved.` };
  }
  const cluster = sameHost.find((candidate) => candidate.port === port);
  if (!cluster) {
    return { ok: false, errorCode: "connection-refused", reason: `The connection to ${server}:${port} was refused.` };
  }
  for (const credential of credentials) {
    const known = cluster.users.some((user) => user.user === credential.user && user.password === credential.pass);
    if (!known) {
      return {
        ok: false,
        errorCode: "authentication-failed",
        reason: `Authentication failed for user "${credential.user}" on ${server}:${port}.`,
      };
    }
  }
  return { ok: true, cluster };
}

/** Escapes a user or password for CredString: JSON escapes, with ";" written as \u003b. */
function escapeCredential(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/;/g, "\\u003b")
    .replace(/[\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Builds a connection string in the layout of Adobe's Couchbase tutorial. Used for the emulator's
 * own demo and seeded data only; the dashboard's builder is what the tests check.
 */
export function buildConnectionString(server: string, port: number, user: string, password: string): string {
  return `Server=${server}; Port=${port};AuthMech=1;CredString=[{"user": "${escapeCredential(user)}", "pass":"${escapeCredential(password)}"}];`;
}
