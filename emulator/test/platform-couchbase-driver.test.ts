import { describe, expect, test } from "vitest";
import {
  buildConnectionString,
  checkConnectivity,
  maskConnectionString,
  parseCouchbaseConnectionString,
  parseOdbcAttributes,
  type CouchbaseCluster,
} from "../src/platform/couchbase-driver";

// The emulator's model of the Couchbase ODBC driver: ODBC attribute rules, then strict JSON for
// CredString. These run the module directly; the HTTP tests cover it through /test and /explore.

const CLUSTER: CouchbaseCluster = {
  server: "cb.example.internal",
  port: 8093,
  users: [{ user: "reader", password: "p4ss" }],
  buckets: ["orders"],
};

function settings(text: string) {
  const parsed = parseCouchbaseConnectionString(text);
  if (!parsed.ok) throw new Error(`expected a parse, got: ${parsed.problem}`);
  return parsed.value;
}

function problem(text: string): string {
  const parsed = parseCouchbaseConnectionString(text);
  if (parsed.ok) throw new Error("expected a parse failure");
  return parsed.problem;
}

describe("ODBC attributes", () => {
  test("Adobe's layout parses", () => {
    const value = settings('Server=cb.example.internal; Port=8093;AuthMech=1;CredString=[{"user": "reader", "pass":"p4ss"}];');

    expect(value.server).toBe("cb.example.internal");
    expect(value.port).toBe(8093);
    expect(value.credentials).toEqual([{ user: "reader", pass: "p4ss" }]);
  });

  test("keywords ignore case and the trailing semicolon is optional", () => {
    const value = settings('server=cb.example.internal;PORT=8093;authmech=1;credstring=[{"user":"reader","pass":"p4ss"}]');

    expect(value.server).toBe("cb.example.internal");
    expect(value.credentials[0]?.pass).toBe("p4ss");
  });

  test("the first of duplicate keywords wins", () => {
    const value = settings('Server=first.internal;Server=second.internal;Port=8093;AuthMech=1;CredString=[{"user":"u","pass":"p"}];');

    expect(value.server).toBe("first.internal");
  });

  test("braced value unescapes doubled braces", () => {
    const attributes = parseOdbcAttributes("Pwd={a}}b;c} ;Server=x");
    const values = attributes.ok ? attributes.value : new Map();

    expect(attributes.ok).toBe(true);
    expect(values.get("pwd")?.value).toBe("a}b;c");
    expect(values.get("server")?.value).toBe("x");
  });

  test("unbraced value is trimmed at the end only", () => {
    const attributes = parseOdbcAttributes("Server= cb.internal  ;Port=1");
    const values = attributes.ok ? attributes.value : new Map();

    expect(attributes.ok).toBe(true);
    expect(values.get("server")?.value).toBe("cb.internal");
  });

  test.each([
    ["a part without =", "Server=x;lonely;Port=1", "part 2"],
    ["a value without keyword", "=x;Port=1", "no keyword"],
    ["an unterminated brace", "Server={x;Port=1", 'no closing "}"'],
    ["text after a braced value", "Server={x}y;Port=1", "unexpected text"],
    ["a control character", "Server=x\u0001y;Port=1", "control character"],
  ])("%s is rejected", (_case, text, expected) => {
    const attributes = parseOdbcAttributes(text);

    expect(attributes.ok).toBe(false);
    expect(attributes.ok ? "" : attributes.problem).toContain(expected);
  });
});

describe("Couchbase settings", () => {
  const valid = 'Server=cb.example.internal; Port=8093;AuthMech=1;CredString=[{"user": "reader", "pass":"p4ss"}];';

  test.each([
    ["missing Server", valid.replace("Server=cb.example.internal; ", ""), "Server is missing"],
    ["missing Port", valid.replace(" Port=8093;", ""), "Port is missing"],
    ["port 0", valid.replace("8093", "0"), "Port must be"],
    ["port 65536", valid.replace("8093", "65536"), "Port must be"],
    ["port with letters", valid.replace("8093", "80a"), "Port must be"],
    ["missing AuthMech", valid.replace("AuthMech=1;", ""), "AuthMech is missing"],
    ["AuthMech 2", valid.replace("AuthMech=1", "AuthMech=2"), "CredFile"],
    ["AuthMech 0", valid.replace("AuthMech=1", "AuthMech=0"), "AuthMech must be 1"],
    ["missing CredString", 'Server=cb; Port=8093;AuthMech=1;', "CredString is missing"],
    // A value that starts with "{" is an ODBC braced value, so the object loses its braces.
    ["CredString object", valid.replace('[{"user": "reader", "pass":"p4ss"}]', '{"user": "reader", "pass":"p4ss"}'), "not valid JSON"],
    ["CredString string", valid.replace('[{"user": "reader", "pass":"p4ss"}]', '"reader"'), "JSON array"],
    ["empty CredString array", valid.replace('[{"user": "reader", "pass":"p4ss"}]', "[]"), "at least one"],
    ["extra credential field", valid.replace('"pass":"p4ss"', '"pass":"p4ss", "bucket":"b"'), "other than"],
    ["numeric pass", valid.replace('"pass":"p4ss"', '"pass":42'), 'string "user" and "pass"'],
    ["NUL in pass", valid.replace('"pass":"p4ss"', '"pass":"a\\u0000b"'), "not valid UTF-8"],
    ["lone surrogate in pass", valid.replace('"pass":"p4ss"', '"pass":"\\ud800"'), "not valid UTF-8"],
  ])("%s is rejected", (_case, text, expected) => {
    expect(problem(text)).toContain(expected);
  });

  test("invalid CredString JSON never quotes the password", () => {
    const text = 'Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "reader", "pass":"sekr3t\'}];';

    expect(problem(text)).toBe("CredString is not valid JSON");
  });

  test("raw semicolon in the password ends CredString early", () => {
    expect(problem(valid.replace("p4ss", "p4;ss"))).toContain("not a key=value pair");
  });

  test("raw semicolon followed by = still fails as JSON", () => {
    expect(problem(valid.replace("p4ss", "p4;x=ss"))).toBe("CredString is not valid JSON");
  });

  test("JSON escapes decode", () => {
    const value = settings(valid.replace("p4ss", 'a\\u003bb\\"c\\\\d\\/e'));

    expect(value.credentials[0]?.pass).toBe('a;b"c\\d/e');
  });
});

describe("masking", () => {
  test("partial masking replaces only the pass literal", () => {
    const text = 'Server=cb; Port=8093;AuthMech=1;CredString=[{"pass":"x\\"y", "user": "reader"}];';

    expect(maskConnectionString(text, "partial")).toBe('Server=cb; Port=8093;AuthMech=1;CredString=[{"pass":"********", "user": "reader"}];');
  });

  test("a user named pass is not masked", () => {
    const text = 'Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "pass", "pass":"secret"}];';

    expect(maskConnectionString(text, "partial")).toBe('Server=cb; Port=8093;AuthMech=1;CredString=[{"user": "pass", "pass":"********"}];');
  });

  test("full masking hides everything", () => {
    expect(maskConnectionString(buildConnectionString("cb", 8093, "reader", "p4ss"), "full")).toBe("********");
  });

  test("unreadable string is masked whole", () => {
    expect(maskConnectionString("Server=cb;CredString=[{", "partial")).toBe("********");
  });
});

describe("connectivity", () => {
  const hostile = [
    'Q"uote\\back;semi{brace}]"}];Server=evil;',
    "",
    "  spaces  ",
    "trailing\\",
    "\\u003b",
    "tab\tnew\nline\u0001bell\u007f",
    "ünïcødé 密码 🔑",
    "=@!?*()[]{}',",
  ];

  test.each(hostile)("built string with password %j connects", (password) => {
    const cluster = { ...CLUSTER, users: [{ user: 're"ader;', password }] };
    const text = buildConnectionString(cluster.server, cluster.port, 're"ader;', password);

    expect(checkConnectivity(text, [cluster])).toEqual({ ok: true, cluster });
  });

  test("wrong password names the user, not the password", () => {
    const result = checkConnectivity(buildConnectionString(CLUSTER.server, 8093, "reader", "wrong-one"), [CLUSTER]);

    expect(result).toMatchObject({ ok: false, errorCode: "authentication-failed" });
    expect(JSON.stringify(result)).not.toContain("wrong-one");
  });

  test("every credential has to sign in", () => {
    const text =
      'Server=cb.example.internal; Port=8093;AuthMech=1;CredString=[{"user": "reader", "pass":"p4ss"}, {"user": "reader", "pass":"bad"}];';

    expect(checkConnectivity(text, [CLUSTER])).toMatchObject({ ok: false, errorCode: "authentication-failed" });
  });

  test("unknown host and closed port", () => {
    expect(checkConnectivity(buildConnectionString("nowhere.internal", 8093, "reader", "p4ss"), [CLUSTER])).toMatchObject({
      errorCode: "unknown-host",
    });
    expect(checkConnectivity(buildConnectionString(CLUSTER.server, 18093, "reader", "p4ss"), [CLUSTER])).toMatchObject({
      errorCode: "connection-refused",
    });
  });
});
