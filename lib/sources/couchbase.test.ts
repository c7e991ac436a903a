import fc from "fast-check";
import { describe, expect, it } from "vitest";
import vectors from "@/test/fixtures/couchbase-connection-strings.json";
import {
  buildConnectionString,
  buildMaskedConnectionString,
  ConnectionStringError,
  isValidServer,
  MASKED_PASSWORD,
  parseConnectionString,
  type CouchbaseCredentials,
} from "./couchbase";

const BASE: CouchbaseCredentials = { server: "cb.example.com", port: 8093, user: "etl_reader", password: "pw" };

/** Expected canonical string, written out by hand from Adobe's documented layout. */
function canonical(escapedUser: string, escapedPass: string, server = "cb.example.com", port = "8093"): string {
  return `Server=${server}; Port=${port};AuthMech=1;CredString=[{"user": "${escapedUser}", "pass":"${escapedPass}"}];`;
}

function expectParsed(input: string, expected: CouchbaseCredentials): string[] {
  const parsed = parseConnectionString(input);
  if (!parsed.ok) throw new Error(`expected a successful parse, got: ${parsed.error}`);
  expect(parsed.credentials).toEqual(expected);
  return parsed.warnings;
}

function expectParseError(input: string): string {
  const parsed = parseConnectionString(input);
  if (parsed.ok) throw new Error("expected a parse error");
  expect(parsed.error.length).toBeGreaterThan(0);
  return parsed.error;
}

function expectBuildError(credentials: CouchbaseCredentials, field: string): ConnectionStringError {
  let caught: unknown;
  try {
    buildConnectionString(credentials);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConnectionStringError);
  const error = caught as ConnectionStringError;
  expect(error.field).toBe(field);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Test-only models of the three ODBC parser families that may read the string before the driver.
// They are written independently of the module under test and kept deliberately small.
// ---------------------------------------------------------------------------------------------

type Attributes = Map<string, string>;

/** Drivers without brace support: split on every `;`, then at the first `=`. */
function readBySplitting(text: string): Attributes {
  const attributes: Attributes = new Map();
  for (const segment of text.split(";")) {
    if (segment.trim() === "") continue;
    const equals = segment.indexOf("=");
    if (equals === -1) throw new Error("segment without '='");
    const key = segment.slice(0, equals).trim().toLowerCase();
    if (!attributes.has(key)) attributes.set(key, segment.slice(equals + 1).trim());
  }
  return attributes;
}

/**
 * MS-ODBCSTR as .NET and unixODBC read it: `{...}` values with `}}` for `}`, and unbraced values up
 * to `;`. Like .NET, it rejects control characters in an unbraced value.
 */
function readOdbcStr(text: string): Attributes {
  const attributes: Attributes = new Map();
  let index = 0;
  while (index < text.length) {
    if (text[index] === ";" || text[index] === " ") {
      index += 1;
      continue;
    }
    const equals = text.indexOf("=", index);
    if (equals === -1) throw new Error("key without '='");
    const key = text.slice(index, equals).trim().toLowerCase();
    index = equals + 1;
    while (text[index] === " ") index += 1;
    let value = "";
    if (text[index] === "{") {
      index += 1;
      for (;;) {
        if (index >= text.length) throw new Error("unclosed brace");
        if (text[index] === "}" && text[index + 1] === "}") {
          value += "}";
          index += 2;
        } else if (text[index] === "}") {
          index += 1;
          break;
        } else {
          value += text[index];
          index += 1;
        }
      }
    } else {
      const end = text.indexOf(";", index) === -1 ? text.length : text.indexOf(";", index);
      value = text.slice(index, end).trimEnd();
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value)) throw new Error("control character in an unbraced value");
      index = end;
    }
    if (!attributes.has(key)) attributes.set(key, value);
  }
  return attributes;
}

/** Amazon Redshift's documented reading: a braced value ends at `}` plus optional spaces plus `;`, with no `}}` escape. */
function readRedshift(text: string): Attributes {
  const attributes: Attributes = new Map();
  let index = 0;
  while (index < text.length) {
    if (text[index] === ";" || text[index] === " ") {
      index += 1;
      continue;
    }
    const equals = text.indexOf("=", index);
    if (equals === -1) throw new Error("key without '='");
    const key = text.slice(index, equals).trim().toLowerCase();
    index = equals + 1;
    let value: string;
    const closing = /\}\s*(;|$)/g;
    if (text[index] === "{") {
      closing.lastIndex = index;
      const match = closing.exec(text);
      if (!match) throw new Error("unclosed brace");
      value = text.slice(index + 1, match.index);
      index = match.index + match[0].length;
    } else {
      const end = text.indexOf(";", index) === -1 ? text.length : text.indexOf(";", index);
      value = text.slice(index, end).trim();
      index = end;
    }
    if (!attributes.has(key)) attributes.set(key, value);
  }
  return attributes;
}

const PARSER_MODELS = [
  ["split on ';'", readBySplitting],
  ["MS-ODBCSTR braces", readOdbcStr],
  ["Redshift '};'", readRedshift],
] as const;

/** Reads the fields the driver would use: Server, Port and the first CredString entry. */
function decodeWith(read: (text: string) => Attributes, text: string): CouchbaseCredentials {
  const attributes = read(text);
  const credentials = JSON.parse(attributes.get("credstring") ?? "") as { user: string; pass: string }[];
  const first = credentials[0];
  if (!first) throw new Error("empty CredString");
  return {
    server: attributes.get("server") ?? "",
    port: Number(attributes.get("port")),
    user: first.user,
    password: first.pass,
  };
}

/** Asserts that every parser model, and the module's own parser, decode `text` back to `expected`. */
function expectDecodedEverywhere(text: string, expected: CouchbaseCredentials): void {
  for (const [label, read] of PARSER_MODELS) {
    expect(decodeWith(read, text), label).toEqual(expected);
  }
  const warnings = expectParsed(text, expected);
  expect(warnings).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

describe("test vectors", () => {
  describe.each(vectors.build.map((vector, index) => ({ ...vector, label: `build vector ${index + 1} (${vector.basis})` })))(
    "$label",
    (vector) => {
      const credentials = { server: vector.server, port: vector.port, user: vector.user, password: vector.password };

      it("builds the exact string", () => {
        expect(buildConnectionString(credentials)).toBe(vector.connectionString);
      });

      it("parses back to the fields", () => {
        expect(expectParsed(vector.connectionString, credentials)).toEqual([]);
      });

      it("rebuilds identically", () => {
        const parsed = parseConnectionString(vector.connectionString);
        if (!parsed.ok) throw new Error(`expected a successful parse, got: ${parsed.error}`);
        expect(buildConnectionString(parsed.credentials)).toBe(vector.connectionString);
      });
    },
  );

  it.each(vectors.import.map((vector, index) => ({ ...vector, label: `import vector ${index + 1}: ${vector.note}` })))(
    "$label",
    (vector) => {
      expectParsed(vector.input, { server: vector.server, port: vector.port, user: vector.user, password: vector.password });
    },
  );
});

describe("buildConnectionString", () => {
  const hardCases: { label: string; user: string; password: string; expected: string }[] = [
    { label: "raw semicolons", user: "etl_reader", password: "a;b;", expected: canonical("etl_reader", "a\\u003bb\\u003b") },
    {
      label: "injection attempt in the password",
      user: "etl_reader",
      password: '"}];Server=x;',
      expected: canonical("etl_reader", '\\"}]\\u003bServer=x\\u003b'),
    },
    {
      label: "injection attempt in the user name",
      user: 'x", "pass":"y"}];AuthMech=2;',
      password: "pw",
      expected: canonical('x\\", \\"pass\\":\\"y\\"}]\\u003bAuthMech=2\\u003b', "pw"),
    },
    { label: "brackets and equals signs", user: "a=b", password: "[x]={y}==", expected: canonical("a=b", "[x]={y}==") },
    { label: "doubled braces", user: "u", password: "}}{{", expected: canonical("u", "}}{{") },
    { label: "non-ASCII text", user: "müller", password: "пароль密码", expected: canonical("müller", "пароль密码") },
    { label: "emoji", user: "🙂", password: "🔑🏳️‍🌈", expected: canonical("🙂", "🔑🏳️‍🌈") },
    { label: "backslash before a quote", user: "u", password: 'a\\"b', expected: canonical("u", 'a\\\\\\"b') },
    { label: "backslash at the end", user: "u", password: "abc\\", expected: canonical("u", "abc\\\\") },
    { label: "literal \\u003b typed", user: "u", password: "\\u003b", expected: canonical("u", "\\\\u003b") },
    { label: "line separators", user: "u", password: "a\u2028b\u2029", expected: canonical("u", "a\u2028b\u2029") },
    { label: "leading and trailing spaces", user: " u ", password: " ", expected: canonical(" u ", " ") },
  ];

  it.each(hardCases)("escapes $label", ({ user, password, expected }) => {
    const credentials = { ...BASE, user, password };
    expect(buildConnectionString(credentials)).toBe(expected);
    expectDecodedEverywhere(expected, credentials);
  });

  const controlCharacters = [
    ...Array.from({ length: 0x1f }, (_, offset) => offset + 1),
    ...Array.from({ length: 0x9f - 0x7f + 1 }, (_, offset) => offset + 0x7f),
  ];
  const SHORT_FORMS = new Map([
    [0x08, "\\b"],
    [0x09, "\\t"],
    [0x0a, "\\n"],
    [0x0c, "\\f"],
    [0x0d, "\\r"],
  ]);

  it.each(controlCharacters.map((code) => ({ code, label: `U+${code.toString(16).toUpperCase().padStart(4, "0")}` })))(
    "escapes control character $label",
    ({ code }) => {
      const character = String.fromCharCode(code);
      const escape = SHORT_FORMS.get(code) ?? `\\u${code.toString(16).padStart(4, "0")}`;
      const credentials = { ...BASE, user: `u${character}`, password: `a${character}b` };
      const built = buildConnectionString(credentials);
      expect(built).toBe(canonical(`u${escape}`, `a${escape}b`));
      expect(built).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expectDecodedEverywhere(built, credentials);
    },
  );

  const ipv6Servers: [string, string][] = [
    ["::1", "Server=::1;"],
    ["[::1]", "Server=[::1];"],
    ["2001:db8::5", "Server=2001:db8::5;"],
    ["[2001:db8::5]", "Server=[2001:db8::5];"],
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "Server=2001:0db8:0000:0000:0000:ff00:0042:8329;"],
    ["::ffff:192.0.2.1", "Server=::ffff:192.0.2.1;"],
  ];

  it.each(ipv6Servers)("accepts IPv6 server %s", (server, prefix) => {
    const credentials = { ...BASE, server };
    const built = buildConnectionString(credentials);
    expect(built.startsWith(prefix)).toBe(true);
    expectDecodedEverywhere(built, credentials);
  });

  it.each([1, 65535, 8093, 18093])("accepts port %i", (port) => {
    const credentials = { ...BASE, port };
    const built = buildConnectionString(credentials);
    expect(built).toBe(canonical("etl_reader", "pw", "cb.example.com", String(port)));
    expectDecodedEverywhere(built, credentials);
  });

  it.each([0, 65536, -1, 8093.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects port %s", (port) => {
    expectBuildError({ ...BASE, port }, "port");
  });

  it.each(["", " cb", "cb example", "cb;x", "{cb}", "a=b", 'a"b', "cb\u0001", "https://cb", "cb:8093", "cb1,cb2"])(
    "rejects server %j",
    (server) => {
      expectBuildError({ ...BASE, server }, "server");
    },
  );

  it("rejects an empty user name", () => {
    expectBuildError({ ...BASE, user: "" }, "user");
  });

  it("accepts an empty password", () => {
    expect(buildConnectionString({ ...BASE, password: "" })).toBe(canonical("etl_reader", ""));
  });

  it.each([
    ["user", "a\u0000b"],
    ["user", "\ud800"],
    ["user", "x\udc00"],
    ["password", "secret\u0000"],
    ["password", "secret\ud83d"],
    ["password", "\udfff secret"],
    ["password", "\udc00\ud800"],
  ] as const)("rejects %s %j", (field, value) => {
    const error = expectBuildError({ ...BASE, [field]: value }, field);
    expect(error.message).not.toContain("secret");
  });

  it("accepts a valid surrogate pair", () => {
    expect(buildConnectionString({ ...BASE, password: "\ud83d\udd11" })).toBe(canonical("etl_reader", "🔑"));
  });
});

describe("isValidServer", () => {
  const longLabel = "a".repeat(63);
  const longName = [longLabel, longLabel, longLabel, "a".repeat(61)].join(".");

  it.each([
    "cb",
    "localhost",
    "cb.example.com",
    "cb.example.com.",
    "CB-1.Example.COM",
    "xn--mller-kva.de",
    "10.0.0.5",
    "0.0.0.0",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "2001:db8::5",
    "1:2:3:4:5:6:7:8",
    "1::",
    "::ffff:192.0.2.1",
    "[64:ff9b::192.0.2.33]",
    `${longLabel}.com`,
    longName,
  ])("accepts %s", (server) => {
    expect(isValidServer(server)).toBe(true);
  });

  it.each([
    "",
    " ",
    " cb",
    "cb ",
    "cb\t",
    "cb example",
    "cb;x",
    "cb{x}",
    "a=b",
    'a"b',
    "cb\u0000",
    "cb\u007f",
    "cb\u0085",
    "https://cb.example.com",
    "cb.example.com:8093",
    "[::1]:8093",
    "cb1,cb2",
    "-cb",
    "cb-",
    "a..b",
    ".cb",
    "cb..",
    "cb_db",
    "müller.de",
    "10.0.0.256",
    "01.2.3.4",
    "1.2.3",
    "123",
    "example.123",
    "fe80::1%eth0",
    "[::1",
    "::1]",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1::2::3",
    "12345::",
    "1.2.3.4::",
    "::ffff:192.0.2.256",
    `${"a".repeat(64)}.com`,
    `${longName}a`,
  ])("rejects %j", (server) => {
    expect(isValidServer(server)).toBe(false);
  });

  it("accepts generated host names and addresses", () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6(), fc.ipV6().map((address) => `[${address}]`)), (server) => {
        expect(isValidServer(server)).toBe(true);
      }),
    );
  });
});

describe("buildMaskedConnectionString", () => {
  it("masks the password", () => {
    const masked = buildMaskedConnectionString({ server: "cb.example.com", port: 8093, user: "JSmith", password: "access123" });
    expect(masked).toBe(canonical("JSmith", MASKED_PASSWORD));
  });

  it("is the same for every non-empty password", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: "binary" }), fc.string({ minLength: 1, unit: "binary" }), (first, second) => {
        const credentials = { server: "cb.example.com", port: 8093, user: "u" };
        expect(buildMaskedConnectionString({ ...credentials, password: first })).toBe(
          buildMaskedConnectionString({ ...credentials, password: second }),
        );
      }),
    );
  });

  it("shows placeholders for missing parts", () => {
    expect(buildMaskedConnectionString({ server: "", port: 0, user: "" })).toBe(canonical("{USER}", "{PASS}", "{SERVER}", "{PORT}"));
    expect(buildMaskedConnectionString({ server: "", port: Number.NaN, user: "", password: "" })).toBe(
      canonical("{USER}", "{PASS}", "{SERVER}", "{PORT}"),
    );
    expect(buildMaskedConnectionString({ server: "cb", port: 65536, user: "u", password: "p" })).toBe(
      canonical("u", MASKED_PASSWORD, "cb", "{PORT}"),
    );
  });

  it("escapes the user name as the builder does", () => {
    const user = 'a;b"c\\d\n';
    const masked = buildMaskedConnectionString({ server: "cb.example.com", port: 8093, user, password: "p" });
    const built = buildConnectionString({ server: "cb.example.com", port: 8093, user, password: "p" });
    expect(masked).toBe(built.replace('"pass":"p"', `"pass":"${MASKED_PASSWORD}"`));
  });

  it("tolerates input the builder rejects", () => {
    expect(buildMaskedConnectionString({ server: "cb example", port: 8093, user: "a\u0000\ud800" })).toBe(
      canonical("a\\u0000\\ud800", "{PASS}", "cb example"),
    );
  });
});

describe("parseConnectionString", () => {
  const fields = { server: "cb.example.com", port: 8093, user: "u", password: "p" };

  it("reads other spacing, key order and letter case", () => {
    const input = '  cRedString = [ { "pass" : "p" , "user" : "u" } ] ;authmech=1 ; PORT= 8093 ;server = cb.example.com  ';
    expect(expectParsed(input, fields)).toEqual([]);
  });

  it("decodes JSON escapes such as \\/ and \\u0041", () => {
    const input = 'Server=cb.example.com; Port=8093;AuthMech=1;CredString=[{"user": "\\u0041\\/", "pass":"\\u003b\\ud83d\\udd11"}]';
    expectParsed(input, { ...fields, user: "A/", password: ";🔑" });
  });

  it("reads a braced CredString with doubled closing braces", () => {
    const input = 'Server=cb.example.com; Port=8093;AuthMech=1;CredString={[{"user": "u", "pass":"a;b}}c"}}]};';
    const warnings = expectParsed(input, { ...fields, password: "a;b}c" });
    expect(warnings).toEqual([]);
    expect(buildConnectionString({ ...fields, password: "a;b}c" })).toBe(canonical("u", "a\\u003bb}c"));
  });

  it("reads braced Server and Port values", () => {
    expectParsed('Server={cb.example.com};Port={8093};AuthMech={1};CredString=[{"user":"u","pass":"p"}]', fields);
  });

  it("reads a port with leading zeros", () => {
    expectParsed('Server=cb.example.com;Port=08093;AuthMech=1;CredString=[{"user":"u","pass":"p"}]', fields);
  });

  it("warns when AuthMech is missing", () => {
    const warnings = expectParsed('Server=cb.example.com;Port=8093;CredString=[{"user":"u","pass":"p"}]', fields);
    expect(warnings).toEqual(["The connection string has no AuthMech. Sourcedesk assumed AuthMech=1, credentials in CredString."]);
  });

  it("keeps the first of duplicate keys and warns", () => {
    const input = 'Server=cb.example.com;SERVER=evil.example.com;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}];credstring=[{"user":"x","pass":"y"}]';
    const warnings = expectParsed(input, fields);
    expect(warnings).toEqual([
      "The connection string sets some keys more than once. Sourcedesk used the first value of each, as ODBC drivers do: Server, CredString.",
    ]);
  });

  it("imports the first of several credentials and warns", () => {
    const input = 'Server=cb.example.com; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"p"}, {"user": "bucket2", "pass":"S3cond-Pa55"}];';
    const warnings = expectParsed(input, fields);
    expect(warnings).toEqual([
      "The CredString value lists 2 credentials (users or buckets). Sourcedesk imported the first and drops the others.",
    ]);
    expect(warnings.join(" ")).not.toMatch(/bucket2|S3cond/);
  });

  it("lists unknown keys in a warning", () => {
    const input = 'Driver={Simba Couchbase ODBC Driver};Server=cb.example.com;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}];SchemaMapOperation=0';
    const warnings = expectParsed(input, fields);
    expect(warnings).toEqual([
      "The connection string has keys that Sourcedesk does not use and leaves out of the string it sends: Driver, SchemaMapOperation.",
    ]);
  });

  it("counts unknown keys that do not look like keys", () => {
    const input = 'Server=cb.example.com;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}];"}]x={y}';
    const warnings = expectParsed(input, fields);
    expect(warnings).toEqual(["The connection string has keys that Sourcedesk does not use and leaves out of the string it sends: 1 key not shown here."]);
  });

  it("lists at most ten unknown keys", () => {
    const extra = Array.from({ length: 12 }, (_, index) => `Key${index}=v`).join(";");
    const warnings = expectParsed(`Server=cb.example.com;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}];${extra};"x=1`, fields);
    expect(warnings).toEqual([
      "The connection string has keys that Sourcedesk does not use and leaves out of the string it sends: Key0, Key1, Key2, Key3, Key4, Key5, Key6, Key7, Key8, Key9 and 3 more.",
    ]);
  });

  it("accepts a bare CredString object with a warning", () => {
    const warnings = expectParsed('Server=cb.example.com;Port=8093;AuthMech=1;CredString={"user":"u","pass":"p"}', fields);
    expect(warnings).toEqual(["The CredString value is a single JSON object, not an array. Sourcedesk writes it back as an array."]);
  });

  it("warns about extra CredString fields", () => {
    const warnings = expectParsed('Server=cb.example.com;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p","bucket":"b"}]', fields);
    expect(warnings).toEqual(['The first CredString entry has fields other than "user" and "pass", which Sourcedesk drops: bucket.']);
  });

  it("recovers a raw semicolon in the password", () => {
    const input = 'Server=cb.example.com; Port=8093;AuthMech=1;CredString=[{"user": "u", "pass":"S3cr3t;Pa55=word;x"}];';
    const warnings = expectParsed(input, { ...fields, password: "S3cr3t;Pa55=word;x" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/raw ";"/);
    expect(warnings[0]).not.toMatch(/S3cr3t|Pa55/);
    expect(buildConnectionString({ ...fields, password: "S3cr3t;Pa55=word;x" })).toBe(canonical("u", "S3cr3t\\u003bPa55=word\\u003bx"));
  });

  it("recovers a raw semicolon followed by more keys", () => {
    const input = 'Server=cb.example.com;Port=8093;CredString=[{"user":"u","pass":"a;b"}];AuthMech=1';
    const warnings = expectParsed(input, { ...fields, password: "a;b" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/raw ";"/);
  });

  it("reads Adobe's printed form with backslash-escaped quotes", () => {
    const input = 'Server=cb.example.com; Port=8093;AuthMech=1;CredString=[{\\"user\\": \\"u\\", \\"pass\\":\\"p\\"}];';
    expect(expectParsed(input, fields)).toEqual([
      'The connection string had backslashes before its quotes (\\"), as printed in a JSON request body. Sourcedesk removed them.',
    ]);
  });

  it("reads a JSON string literal of a canonical string", () => {
    const built = buildConnectionString({ ...fields, password: 'a"b\\c;d' });
    expect(expectParsed(JSON.stringify(built), { ...fields, password: 'a"b\\c;d' })).toEqual([]);
  });

  it("keeps a server that is not a host name, with a warning", () => {
    const warnings = expectParsed('Server=https://cb.example.com:8091;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}]', {
      ...fields,
      server: "https://cb.example.com:8091",
    });
    expect(warnings).toEqual(["The Server value is not a single host name or IP address. Check the Server field before you create the connection."]);
  });

  const SECRET = "S3cr3t-Pa55";
  const failures: [string, string, RegExp][] = [
    ["no Server", `Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /no Server/],
    ["empty Server", `Server=;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /no Server/],
    ["no Port", `Server=cb;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /no Port.*8093.*18093/],
    ["port 0", `Server=cb;Port=0;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /1 to 65535/],
    ["port 65536", `Server=cb;Port=65536;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /1 to 65535/],
    ["port with letters", `Server=cb;Port=80a;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}"}]`, /1 to 65535/],
    ["AuthMech=2", `Server=cb;Port=8093;AuthMech=2;CredFile=C:\\creds.json`, /AuthMech=2.*CredFile/],
    ["AuthMech=3", `Server=cb;Port=8093;AuthMech=3;CredString=[{"user":"u","pass":"${SECRET}"}]`, /AuthMech must be 1/],
    ["no CredString", "Server=cb;Port=8093;AuthMech=1", /no CredString/],
    ["CredFile only", "Server=cb;Port=8093;CredFile=/etc/creds.json", /CredFile/],
    ["invalid JSON", `Server=cb;Port=8093;AuthMech=1;CredString=[{user:"u",pass:"${SECRET}"}]`, /not valid JSON/],
    ["unrecoverable raw semicolon", `Server=cb;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET};oops`, /not a Key=value pair/],
    ["raw semicolon before a pair", `Server=cb;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET};x=y`, /not valid JSON/],
    ["empty array", "Server=cb;Port=8093;AuthMech=1;CredString=[]", /empty/],
    ["array of text", `Server=cb;Port=8093;AuthMech=1;CredString=["${SECRET}"]`, /first CredString entry/],
    ["CredString is a number", "Server=cb;Port=8093;AuthMech=1;CredString=42", /must be a JSON array/],
    ["missing pass", `Server=cb;Port=8093;AuthMech=1;CredString=[{"user":"${SECRET}"}]`, /"user" and "pass"/],
    ["NUL in the password", `Server=cb;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"${SECRET}\\u0000"}]`, /password.*U\+0000/],
    ["lone surrogate in the user", `Server=cb;Port=8093;AuthMech=1;CredString=[{"user":"\\ud800","pass":"${SECRET}"}]`, /user name.*surrogate/],
    ["unclosed brace", `Server=cb;Port=8093;AuthMech=1;CredString={[{"user":"u","pass":"${SECRET}"}}]`, /braced value of CredString has no closing/],
    ["text after a brace", `Server=cb;Port=8093;AuthMech=1;CredString={[{"user":"u","pass":"${SECRET}"}]} x;`, /after its closing/],
    ["text without a key", `Server=cb;Port=8093;AuthMech=1;${SECRET};CredString=[{"user":"u","pass":"p"}]`, /character 32 is not a Key=value pair/],
    ["a word that is no connection string", "garbage", /^This is not a Couchbase connection string/],
    ["an SDK address", "couchbase://cb.example.com", /Couchbase SDK address/],
    ["an SDK address over TLS", "COUCHBASES://cb.example.com:11207", /Couchbase SDK address/],
    ["value without a key", `Server=cb;=${SECRET}`, /no key/],
    ["quoted but invalid JSON", `"Server=cb;Port=8093;CredString=[{"user":"u","pass":"${SECRET}"}]"`, /wrapped in double quotes/],
  ];

  it.each(failures)("rejects %s", (_label, input, message) => {
    const error = expectParseError(input);
    expect(error).toMatch(message);
    expect(error).not.toContain(SECRET);
    expect(error).not.toContain(input.trim());
  });

  it("rejects empty input", () => {
    expect(expectParseError(" \n\t ")).toBe("The connection string is empty. Paste a Couchbase connection string, which starts with Server=.");
    expect(expectParseError('""')).toMatch(/empty/);
  });

  it("rejects a braced unknown key without echoing it", () => {
    const error = expectParseError(`Server=cb;Port=8093;${SECRET}={x} y;CredString=[{"user":"u","pass":"p"}]`);
    expect(error).toBe('The braced value of a key has text after its closing "}". A braced value must end at ";".');
  });
});

describe("properties", () => {
  // Full Unicode text without U+0000. Each `binary` unit is a whole code point, so no surrogate is unpaired.
  const text = fc.string({ unit: "binary", maxLength: 40 }).map((value) => value.replaceAll("\u0000", ""));
  const hostile = fc.string({
    unit: fc.constantFrom(";", '"', "\\", "{", "}", "[", "]", "=", " ", "\t", "\n", "\u007f", "\u0085", "\u2028", "u", "0", "3", "b", "/", "é", "🙂"),
    maxLength: 30,
  });
  const credentialText = fc.oneof(text, hostile);
  const server = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6(), fc.ipV6().map((address) => `[${address}]`));
  const credentials = fc.record({
    server,
    port: fc.integer({ min: 1, max: 65535 }),
    user: credentialText.filter((value) => value !== ""),
    password: credentialText,
  });

  it("build then parse returns the input", () => {
    fc.assert(
      fc.property(credentials, (input) => {
        const built = buildConnectionString(input);
        const parsed = parseConnectionString(built);
        expect(parsed).toEqual({ ok: true, credentials: input, warnings: [] });
        expect(buildConnectionString(input)).toBe(built);
      }),
      { numRuns: 500 },
    );
  });

  it("every parser model decodes the built string", () => {
    fc.assert(
      fc.property(credentials, (input) => {
        const built = buildConnectionString(input);
        expect(built).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(built.split(";")).toHaveLength(5);
        for (const [label, read] of PARSER_MODELS) {
          expect(decodeWith(read, built), label).toEqual(input);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("parse never throws", () => {
    const pieces = fc.constantFrom(
      "Server=",
      "Port=",
      "AuthMech=",
      "CredString=",
      "cb",
      "8093",
      "1",
      ";",
      "=",
      "{",
      "}",
      "}}",
      "[",
      "]",
      '"',
      '\\"',
      "\\",
      '{"user":"u","pass":"p"}',
      ",",
      " ",
      "\u0000",
      "\ud800",
    );
    const input = fc.oneof(fc.string({ unit: "binary" }), fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(input, (value) => {
        const parsed = parseConnectionString(value);
        if (parsed.ok) {
          expect(Array.isArray(parsed.warnings)).toBe(true);
        } else {
          expect(parsed.error).toMatch(/\.$/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parser models", () => {
  // These checks show that the models can fail, so their agreement above means something.
  it("split model breaks on a raw semicolon", () => {
    const raw = canonical("u", "a;b");
    expect(() => decodeWith(readBySplitting, raw)).toThrow();
  });

  it("Redshift model breaks on a braced CredString", () => {
    const braced = 'Server=cb; Port=8093;AuthMech=1;CredString={[{"user": "u", "pass":"a;b"}}]};';
    expect(decodeWith(readOdbcStr, braced)).toEqual({ server: "cb", port: 8093, user: "u", password: "a;b" });
    expect(() => decodeWith(readRedshift, braced)).toThrow();
  });

  it("MS-ODBCSTR model rejects a raw control character", () => {
    const raw = canonical("u", "a\u0001b");
    expect(() => decodeWith(readOdbcStr, raw)).toThrow(/control character/);
  });
});
