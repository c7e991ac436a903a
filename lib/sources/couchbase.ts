/**
 * Builds and parses the ODBC connection string that Experience Platform's Couchbase source takes
 * in `auth.params.connectionString`. Adobe documents the layout
 * `Server={SERVER}; Port={PORT};AuthMech=1;CredString=[{"user": "{USER}", "pass":"{PASS}"}];`,
 * and the Simba Couchbase ODBC driver reads CredString as a JSON array of credentials.
 *
 * The builder writes CredString as an unbraced ODBC value with no `;` and no control characters.
 * Each such character in the user name or password becomes a JSON escape inside CredString. The
 * string therefore decodes the same way under MS-ODBCSTR parsers (.NET, unixODBC), under parsers
 * that split on `;`, and under parsers that end a braced value at `};` (Amazon Redshift's reading).
 * NOTE: no test has been run against Adobe's driver. That it decodes `\"`, `\\` and `\uXXXX` in
 * CredString, and that non-ASCII text reaches it intact, follow from the JSON and ODBC Unicode
 * specifications but are not confirmed.
 *
 * Pure TypeScript with no Node.js APIs, because the browser runs it too (live preview and
 * "Paste a connection string").
 */

export * from "./couchbase-build";
import { findUnencodableCharacter, isValidPort, isValidServer, type ParsedConnectionString } from "./couchbase-build";

// ---------------------------------------------------------------------------------------------
// Parsing: tokenizer
// ---------------------------------------------------------------------------------------------

/** One `key=value` attribute of the connection string, in the order written. */
interface Attribute {
  /** Lower-case key, because ODBC keys are case-insensitive. */
  name: string;
  /** Key as written, surrounding whitespace trimmed. */
  key: string;
  /** Value with braces removed and `}}` decoded, or an unbraced value with trailing whitespace trimmed. */
  value: string;
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; error: string };

const KNOWN_KEYS = new Map([
  ["server", "Server"],
  ["port", "Port"],
  ["authmech", "AuthMech"],
  ["credstring", "CredString"],
]);

/**
 * Maximum number of `;`-separated pieces that the lenient reading joins into one CredString value.
 * It bounds the JSON parses per paste. A password with more raw `;` than this is not recovered.
 */
const MAX_CREDSTRING_PIECES = 64;

function isWhitespace(character: string | undefined): boolean {
  return character !== undefined && /\s/.test(character);
}

/** Names a key in a message. Unknown keys are not echoed, because after a raw `;` they may be part of a password. */
function describeKey(name: string): string {
  const known = KNOWN_KEYS.get(name);
  return known === undefined ? "a key" : known;
}

/**
 * Splits `text` into attributes with the MS-ODBCSTR rules: `;` separates pairs, keys are
 * case-insensitive, and a value in `{...}` may contain `;` with `}}` for a literal `}`.
 * With `lenient`, the CredString value is first read as the shortest run of `;`-separated pieces
 * that is JSON, which recovers a raw `;` in a hand-written password and a bare JSON object
 * written without ODBC braces.
 */
function tokenize(text: string, lenient: boolean): Outcome<{ attributes: Attribute[]; recovered: boolean }> {
  const attributes: Attribute[] = [];
  let recovered = false;
  let index = 0;

  for (;;) {
    while (index < text.length && (isWhitespace(text[index]) || text[index] === ";")) index += 1;
    if (index >= text.length) break;

    const keyStart = index;
    while (index < text.length && text[index] !== "=" && text[index] !== ";") index += 1;
    if (text[index] !== "=") {
      return {
        ok: false,
        error: `The text at character ${keyStart + 1} is not a Key=value pair. A raw ";" inside the password usually causes this, and Sourcedesk could not rebuild the CredString value around it. Fill in the fields below instead.`,
      };
    }
    const key = text.slice(keyStart, index).trim();
    if (key === "") {
      return { ok: false, error: `The value at character ${keyStart + 1} has no key in front of its "=".` };
    }
    const name = key.toLowerCase();
    index += 1;
    while (text[index] === " " || text[index] === "\t") index += 1;

    const lenientCredString = lenient && name === "credstring" ? readCredStringAcrossSemicolons(text, index) : undefined;
    if (lenientCredString !== undefined) {
      attributes.push({ name, key, value: lenientCredString.value });
      recovered ||= lenientCredString.joined;
      index = lenientCredString.end;
    } else if (text[index] === "{") {
      const braced = readBracedValue(text, index);
      if (!braced.ok) return { ok: false, error: `The braced value of ${describeKey(name)} ${braced.error}` };
      attributes.push({ name, key, value: braced.value });
      index = braced.end;
    } else {
      const end = indexOfOrEnd(text, ";", index);
      attributes.push({ name, key, value: text.slice(index, end).trimEnd() });
      index = end;
    }
  }
  return { ok: true, attributes, recovered };
}

function indexOfOrEnd(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found === -1 ? text.length : found;
}

/** Reads `{...}` starting at the `{`. The value ends at the first `}` that is not doubled. */
function readBracedValue(text: string, openIndex: number): Outcome<{ value: string; end: number }> {
  let value = "";
  let index = openIndex + 1;
  while (index < text.length) {
    if (text[index] !== "}") {
      value += text[index];
      index += 1;
      continue;
    }
    if (text[index + 1] === "}") {
      value += "}";
      index += 2;
      continue;
    }
    index += 1;
    while (text[index] === " " || text[index] === "\t") index += 1;
    if (index < text.length && text[index] !== ";") {
      return { ok: false, error: 'has text after its closing "}". A braced value must end at ";".' };
    }
    return { ok: true, value, end: index };
  }
  return { ok: false, error: 'has no closing "}".' };
}

/**
 * Reads a CredString value written without ODBC escaping: the shortest run of `;`-separated
 * pieces that is a JSON array or object. `joined` is true when the run spans a raw `;`. Returns
 * undefined when no run of up to MAX_CREDSTRING_PIECES pieces qualifies.
 */
function readCredStringAcrossSemicolons(
  text: string,
  start: number,
): { value: string; end: number; joined: boolean } | undefined {
  let end = indexOfOrEnd(text, ";", start);
  for (let pieces = 1; pieces <= MAX_CREDSTRING_PIECES; pieces += 1) {
    const candidate = text.slice(start, end).trimEnd();
    if ((candidate.endsWith("]") || candidate.endsWith("}")) && parseJson(candidate).ok) {
      return { value: candidate, end, joined: pieces > 1 };
    }
    if (end >= text.length) break;
    end = indexOfOrEnd(text, ";", end + 1);
  }
  return undefined;
}

function parseJson(text: string): Outcome<{ value: unknown }> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: "invalid JSON" };
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing: keys and CredString
// ---------------------------------------------------------------------------------------------

/** Maximum number of key names that one warning lists. */
const MAX_LISTED_KEYS = 10;

/**
 * Lists up to MAX_LISTED_KEYS keys for a warning. Names that do not look like ODBC keys are
 * counted but not shown, because such text is more likely part of a password.
 */
function listKeys(keys: string[]): string {
  const shown = keys.filter((key) => /^[A-Za-z0-9 _.-]{1,64}$/.test(key)).slice(0, MAX_LISTED_KEYS);
  const hidden = keys.length - shown.length;
  if (hidden === 0) return shown.join(", ");
  if (shown.length === 0) return `${hidden} ${hidden === 1 ? "key" : "keys"} not shown here`;
  return `${shown.join(", ")} and ${hidden} more`;
}

type CredStringOutcome = Outcome<{ user: string; password: string; warnings: string[] }>;

const CREDSTRING_SHAPE = 'a JSON array such as [{"user": "…", "pass":"…"}]';

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads CredString as strict JSON: an array of `{"user", "pass"}` objects, of which the first is
 * imported. A bare object is accepted with a warning. Errors never quote the JSON, because it
 * contains the password.
 */
function readCredString(json: string): CredStringOutcome {
  const parsed = parseJson(json);
  if (!parsed.ok) {
    return {
      ok: false,
      error: `The CredString value is not valid JSON. It must be ${CREDSTRING_SHAPE}, with plain double quotes and no raw ";".`,
    };
  }
  const warnings: string[] = [];
  let entries: unknown[];
  if (Array.isArray(parsed.value)) {
    entries = parsed.value;
  } else if (isJsonObject(parsed.value)) {
    entries = [parsed.value];
    warnings.push("The CredString value is a single JSON object, not an array. Sourcedesk writes it back as an array.");
  } else {
    return { ok: false, error: `The CredString value must be ${CREDSTRING_SHAPE}.` };
  }

  const first = entries[0];
  if (first === undefined) {
    return { ok: false, error: `The CredString array is empty. It must contain one object such as {"user": "…", "pass":"…"}.` };
  }
  if (!isJsonObject(first) || typeof first.user !== "string" || typeof first.pass !== "string") {
    return { ok: false, error: 'The first CredString entry must be an object with text values for "user" and "pass".' };
  }
  if (entries.length > 1) {
    warnings.push(
      `The CredString value lists ${entries.length} credentials (users or buckets). Sourcedesk imported the first and drops the others.`,
    );
  }
  const extraFields = Object.keys(first).filter((field) => field !== "user" && field !== "pass");
  if (extraFields.length > 0) {
    warnings.push(`The first CredString entry has fields other than "user" and "pass", which Sourcedesk drops: ${listKeys(extraFields)}.`);
  }

  for (const [field, label] of [
    [first.user, "user name"],
    [first.pass, "password"],
  ] as const) {
    const problem = findUnencodableCharacter(field);
    if (problem !== undefined) {
      const character = problem === "nul" ? "a NUL character (U+0000)" : "an unpaired UTF-16 surrogate";
      return { ok: false, error: `The ${label} in CredString contains ${character}, which cannot be sent to the driver.` };
    }
  }
  return { ok: true, user: first.user, password: first.pass, warnings };
}

/** Reads the attributes of one candidate text into credentials, with warnings for what was dropped or assumed. */
function readConnectionString(text: string, lenient: boolean): ParsedConnectionString {
  const tokens = tokenize(text, lenient);
  if (!tokens.ok) return tokens;
  const warnings: string[] = [];

  // SQLDriverConnect and .NET use the first occurrence of a repeated key. unixODBC keeps the last,
  // which is why a repeated key gets a warning.
  const byName = new Map<string, Attribute>();
  const repeated = new Set<string>();
  for (const attribute of tokens.attributes) {
    if (byName.has(attribute.name)) repeated.add(attribute.name);
    else byName.set(attribute.name, attribute);
  }
  if (repeated.size > 0) {
    const keys = [...repeated].map((name) => KNOWN_KEYS.get(name) ?? byName.get(name)?.key ?? "");
    warnings.push(`The connection string sets some keys more than once. Sourcedesk used the first value of each, as ODBC drivers do: ${listKeys(keys)}.`);
  }

  const server = byName.get("server")?.value ?? "";
  if (server === "") {
    return { ok: false, error: "The connection string has no Server value. Add Server=<host name>; or fill in the Server field." };
  }
  if (!isValidServer(server)) {
    warnings.push("The Server value is not a single host name or IP address. Check the Server field before you create the connection.");
  }

  const portText = byName.get("port")?.value;
  if (portText === undefined || portText === "") {
    return {
      ok: false,
      error: "The connection string has no Port value. Fill in the Port field: 8093 for the Couchbase query service, or 18093 with TLS.",
    };
  }
  const port = /^[0-9]+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!isValidPort(port)) {
    return { ok: false, error: "The Port value is not a whole number from 1 to 65535." };
  }

  const authMech = byName.get("authmech")?.value;
  if (authMech === undefined) {
    warnings.push("The connection string has no AuthMech. Sourcedesk assumed AuthMech=1, credentials in CredString.");
  } else if (authMech === "2") {
    return {
      ok: false,
      error: "The connection string uses AuthMech=2, which reads credentials from a file (CredFile) that Experience Platform cannot reach. Use AuthMech=1 with CredString.",
    };
  } else if (authMech !== "1") {
    return { ok: false, error: "AuthMech must be 1, which means the credentials are in CredString." };
  }

  const credString = byName.get("credstring")?.value;
  if (credString === undefined) {
    const hint = byName.has("credfile") ? " CredFile names a file that Experience Platform cannot reach." : "";
    return { ok: false, error: `The connection string has no CredString value with the user name and password.${hint}` };
  }
  const credentials = readCredString(credString);
  if (!credentials.ok) return credentials;
  warnings.push(...credentials.warnings);

  const unknownKeys = [...byName.values()].filter((attribute) => !KNOWN_KEYS.has(attribute.name)).map((attribute) => attribute.key);
  if (unknownKeys.length > 0) {
    warnings.push(`The connection string has keys that Sourcedesk does not use and leaves out of the string it sends: ${listKeys(unknownKeys)}.`);
  }
  if (tokens.recovered) {
    warnings.push(
      'The CredString value contained a raw ";", which ends the value early for ODBC drivers, so this string probably failed at the driver. Sourcedesk kept the ";" in the password and writes it as \\u003b.',
    );
  }

  return { ok: true, credentials: { server, port, user: credentials.user, password: credentials.password }, warnings };
}

// ---------------------------------------------------------------------------------------------
// Parsing: entry point
// ---------------------------------------------------------------------------------------------

const ESCAPED_QUOTES_WARNING =
  'The connection string had backslashes before its quotes (\\"), as printed in a JSON request body. Sourcedesk removed them.';

/** Decodes `text` as the contents of a JSON string literal, or returns undefined. */
function unescapeJsonText(text: string): string | undefined {
  const parsed = parseJson(`"${text}"`);
  return parsed.ok && typeof parsed.value === "string" ? parsed.value : undefined;
}

/**
 * Reads an existing connection string into credentials, with plain-sentence warnings for what was
 * assumed or dropped. Accepts keys in any case and order, braced values, the whole string pasted
 * as a JSON string literal, Adobe's printed form with `\"`, and a raw `;` inside CredString.
 * Never throws. Errors never contain the password or the input.
 */
export function parseConnectionString(input: string): ParsedConnectionString {
  if (typeof input !== "string") return { ok: false, error: "The connection string must be text." };
  let text = input.trim();

  // A JSON string literal, quotes included, as copied from a request body or a log.
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const parsed = parseJson(text);
    if (!parsed.ok || typeof parsed.value !== "string") {
      return {
        ok: false,
        error: "The text is wrapped in double quotes but is not a valid JSON string. Paste the connection string without the surrounding quotes.",
      };
    }
    text = parsed.value.trim();
  }
  if (text === "") {
    return { ok: false, error: "The connection string is empty. Paste a Couchbase connection string, which starts with Server=." };
  }
  if (/^couchbases?:\/\//i.test(text)) {
    return {
      ok: false,
      error: "This is a Couchbase SDK address (couchbase://…), not an Experience Platform connection string. Type its host name into Server below, and the user name and password into their fields.",
    };
  }
  if (!/^[\s;]*[^=;]*=/.test(text)) {
    return {
      ok: false,
      error: "This is not a Couchbase connection string. One looks like Server=cb.example.com; Port=8093;AuthMech=1;CredString=[…]; Check that you copied all of it, or fill in the fields below instead.",
    };
  }

  // The escaped form can never parse directly, because `\` outside a JSON string is invalid JSON,
  // so trying the unescaped form second is never ambiguous.
  const candidates: { text: string; warnings: string[] }[] = [{ text, warnings: [] }];
  if (text.includes('\\"')) {
    const unescaped = unescapeJsonText(text);
    if (unescaped !== undefined) candidates.push({ text: unescaped, warnings: [ESCAPED_QUOTES_WARNING] });
  }

  // The lenient CredString reading runs only after every strict reading fails.
  let firstError: string | undefined;
  for (const lenient of [false, true]) {
    for (const candidate of candidates) {
      const result = readConnectionString(candidate.text, lenient);
      if (result.ok) return { ...result, warnings: [...candidate.warnings, ...result.warnings] };
      firstError ??= result.error;
    }
  }
  return { ok: false, error: firstError ?? "The connection string could not be read." };
}
