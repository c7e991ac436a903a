import { zodResolver } from "@hookform/resolvers/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  connectionEditSchema,
  connectionFormSchema,
  createConnectionEditSchema,
  NAME_COMMA_MESSAGE,
  type ConnectionFormField,
} from "./connection-schema";
import { buildConnectionString } from "./sources/couchbase";

const VALID = {
  name: "Orders cluster",
  description: "Production orders",
  server: "cb.example.com",
  port: "8093",
  user: "etl_reader",
  password: "pw",
};

const SERVER_REQUIRED = "Enter the Couchbase server's host name or IP address, such as cb.example.com.";
const PORT_INVALID =
  "Enter the port as a whole number from 1 to 65535: 8093 for the Couchbase query service, or 18093 with TLS.";

/** Returns the messages the create schema reports for `field` when `overrides` are applied to valid input. */
function createErrors(overrides: Record<string, unknown>, field: ConnectionFormField): string[] {
  const result = connectionFormSchema.safeParse({ ...VALID, ...overrides });
  if (result.success) return [];
  return result.error.issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
}

function editErrors(values: Record<string, unknown>): Partial<Record<string, string[]>> {
  const result = connectionEditSchema.safeParse({ name: "Orders", description: "", ...values });
  if (result.success) return {};
  const errors: Partial<Record<string, string[]>> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0]);
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}

describe("connectionFormSchema", () => {
  it("trims text fields and converts the port", () => {
    const result = connectionFormSchema.parse({
      name: "  Orders cluster ",
      description: "\tProduction orders\n",
      server: " cb.example.com ",
      port: " 18093 ",
      user: " etl_reader ",
      password: "  pw  ",
    });
    expect(result).toEqual({
      name: "Orders cluster",
      description: "Production orders",
      server: "cb.example.com",
      port: 18093,
      user: "etl_reader",
      password: "  pw  ",
    });
  });

  describe("name", () => {
    it("refuses a comma in a new name", () => {
      expect(createErrors({ name: "Orders, EU" }, "name")).toEqual([NAME_COMMA_MESSAGE]);
    });

    it.each(["\u202eevil", "Orders\u200b", "\u2066Orders\u2069", "Or\ufeffders", "a\u200fb", "a\u2063b", "so\u00adft", "a\u180eb", "a\u3164b", "a\u034fb"])(
      "refuses the invisible character in %j",
      (name) => {
        expect(createErrors({ name }, "name")).toEqual([
          "Remove invisible characters, such as zero-width spaces or text-direction marks, from the connection name. They can make one name look like another.",
        ]);
      },
    );

    it.each(["Travel\u00a0sample", "a\u3000b", "a\u2800b", "a\u2009b", "a\u202fb"])("refuses the special space in %j", (name) => {
      expect(createErrors({ name }, "name")).toEqual([
        "Use ordinary spaces in the connection name. Special spaces, such as no-break spaces, look the same but make a different name.",
      ]);
    });

    it("refuses several spaces in a row", () => {
      expect(createErrors({ name: "Travel  sample reader" }, "name")).toEqual([
        "Use single spaces between the words of the connection name. Several spaces in a row look like one on screen.",
      ]);
    });

    it.each(["a\u2028b", "a\u2029b"])("refuses the line separator in %j", (name) => {
      expect(createErrors({ name }, "name")).toEqual(["Remove line breaks and other control characters from the connection name."]);
    });

    it("keeps emoji joined by U+200D", () => {
      expect(createErrors({ name: "Team \u{1F469}\u200d\u{1F4BB} cluster" }, "name")).toEqual([]);
    });

    it.each([undefined, "", "   ", null, 42])("requires a name: %j", (name) => {
      expect(createErrors({ name }, "name")).toEqual(["Enter a connection name."]);
    });

    it("accepts 256 characters", () => {
      expect(createErrors({ name: "n".repeat(256) }, "name")).toEqual([]);
    });

    it("rejects 257 characters", () => {
      expect(createErrors({ name: "n".repeat(257) }, "name")).toEqual(["Shorten the connection name to 256 characters or fewer."]);
    });

    it.each(["a\nb", "a\u0000b", "a\u007fb", "a\u0085b"])("rejects control characters: %j", (name) => {
      expect(createErrors({ name }, "name")).toEqual(["Remove line breaks and other control characters from the connection name."]);
    });
  });

  describe("description", () => {
    it("is optional and becomes empty text", () => {
      const { description: _description, ...rest } = VALID;
      expect(connectionFormSchema.parse(rest).description).toBe("");
    });

    it("accepts 1024 characters after trimming", () => {
      expect(createErrors({ description: ` ${"d".repeat(1024)} ` }, "description")).toEqual([]);
    });

    it("rejects 1025 characters", () => {
      expect(createErrors({ description: "d".repeat(1025) }, "description")).toEqual([
        "Shorten the description to 1,024 characters or fewer.",
      ]);
    });

    it("rejects a value that is not text", () => {
      expect(createErrors({ description: 5 }, "description")).toEqual(["Enter the description as text."]);
    });
  });

  describe("server", () => {
    it.each([undefined, "", "  ", 7])("requires a server: %j", (server) => {
      expect(createErrors({ server }, "server")).toEqual([SERVER_REQUIRED]);
    });

    it.each(["cb", "10.0.0.5", "::1", "[2001:db8::5]", " cb.example.com. "])("accepts %j", (server) => {
      expect(createErrors({ server }, "server")).toEqual([]);
    });

    it.each([
      ["https://cb.example.com", "Enter the server without a scheme such as https://, for example cb.example.com."],
      ["cb.example.com:8093", "Enter only the host name or IP address in Server, such as cb.example.com, and the port in the Port field."],
      ["[::1]:8093", "Enter only the host name or IP address in Server, such as cb.example.com, and the port in the Port field."],
      ["cb1.example.com,cb2.example.com", "Enter one server in Server, without spaces or commas, such as cb.example.com."],
      ["cb example", "Enter one server in Server, without spaces or commas, such as cb.example.com."],
    ])("explains %j", (server, message) => {
      expect(createErrors({ server }, "server")).toEqual([message]);
    });

    it.each(["cb;x", "{cb}", "a=b", 'a"b', "cb_db", "bücher.example", "10.0.0.256", "cb\u0001"])("rejects %j", (server) => {
      expect(createErrors({ server }, "server")).toEqual([
        "Server must be a host name or IP address, such as cb.example.com, 10.0.0.5 or [2001:db8::5]. Host names use only the letters a to z, digits, hyphens and dots: no underscores, and an international name in its xn-- form.",
      ]);
    });

    it.each(["0.0.0.0", "::", "[::]", "::0", "0::", "[0::0]", "0000::", "::ffff:0.0.0.0", "::0.0.0.0", "0:0:0:0:0:0:0:0", "[0000:0:0:0:0:0:0:0]"])("rejects the unspecified address %j", (server) => {
      expect(createErrors({ server }, "server")).toEqual([
        "Enter the address of a Couchbase node. 0.0.0.0 and :: mean any address, so nothing can connect to them.",
      ]);
    });

    it.each(["xn--bcher-kva.example", "::1", "[2001:db8::5]", "0.0.0.1", "::ffff:192.0.2.1", "1::"])("accepts %j", (server) => {
      expect(createErrors({ server }, "server")).toEqual([]);
    });
  });

  describe("port", () => {
    it.each([
      ["8093", 8093],
      [" 18093 ", 18093],
      ["1", 1],
      ["65535", 65535],
      ["08093", 8093],
      [8093, 8093],
      [undefined, 8093],
    ])("reads %j as %i", (port, expected) => {
      expect(connectionFormSchema.parse({ ...VALID, port }).port).toBe(expected);
    });

    it.each(["", " ", "0", "65536", "-1", "+80", "1e3", "0x1F", "8093.0", "８０９３", "80 93", 0, 65536, 8093.5, Number.NaN, null])(
      "rejects %j",
      (port) => {
        expect(createErrors({ port }, "port")).toEqual([PORT_INVALID]);
      },
    );
  });

  describe("user", () => {
    it("trims surrounding whitespace", () => {
      expect(connectionFormSchema.parse({ ...VALID, user: " \tetl reader\n" }).user).toBe("etl reader");
    });

    it.each([undefined, "", "   "])("requires a user name: %j", (user) => {
      expect(createErrors({ user }, "user")).toEqual(["Enter the Couchbase user name."]);
    });

    it("rejects a NUL character", () => {
      expect(createErrors({ user: "a\u0000" }, "user")).toEqual([
        "User name contains a NUL character (U+0000), which the driver cannot read. Remove it.",
      ]);
    });

    it("rejects an unpaired surrogate", () => {
      expect(createErrors({ user: "a\ud800" }, "user")).toEqual([
        "User name contains an unpaired UTF-16 surrogate, which is not valid text. Retype it.",
      ]);
    });

    it("rejects more than 1024 characters", () => {
      expect(createErrors({ user: "u".repeat(1025) }, "user")).toEqual(["Shorten the user name to 1024 characters or fewer."]);
    });
  });

  describe("password", () => {
    it.each(["  pw  ", " ", "\tpw\n", 'a;b"c\\d{e}f=g', "🔑"])("keeps %j exactly", (password) => {
      expect(connectionFormSchema.parse({ ...VALID, password }).password).toBe(password);
    });

    it.each([undefined, ""])("requires a password: %j", (password) => {
      expect(createErrors({ password }, "password")).toEqual(["Enter the password of the Couchbase user."]);
    });

    it("rejects a NUL character", () => {
      expect(createErrors({ password: "secret\u0000" }, "password")).toEqual([
        "Password contains a NUL character (U+0000), which the driver cannot read. Remove it.",
      ]);
    });

    it("rejects an unpaired surrogate", () => {
      expect(createErrors({ password: "\udc00secret" }, "password")).toEqual([
        "Password contains an unpaired UTF-16 surrogate, which is not valid text. Retype it.",
      ]);
    });

    it("rejects more than 1024 characters", () => {
      expect(createErrors({ password: "p".repeat(1025) }, "password")).toEqual([
        "Shorten the password to 1024 characters or fewer.",
      ]);
    });
  });

  it("rejects input that is not an object", () => {
    for (const input of [null, "text", 42, [1, 2]]) {
      expect(connectionFormSchema.safeParse(input).success).toBe(false);
    }
  });

  it("accepts only values that build a connection string", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.string({ unit: fc.constantFrom(" ", ";", "\u0000", "\ud800", "\udc00", "a", ":", "/", ".", "[", "]", "1"), maxLength: 12 }),
    );
    const input = fc.record({
      name: fc.constant("Orders"),
      server: fc.oneof(text, fc.domain(), fc.ipV6()),
      port: fc.oneof(text, fc.integer({ min: -5, max: 70_000 }).map(String)),
      user: text,
      password: text,
    });
    fc.assert(
      fc.property(input, (values) => {
        const result = connectionFormSchema.safeParse(values);
        if (result.success) {
          expect(() => buildConnectionString(result.data)).not.toThrow();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("gives react-hook-form one message per field", async () => {
    const resolver = zodResolver(connectionFormSchema);
    const result = await resolver(
      { ...VALID, name: " ", server: "https://cb", port: "0", user: "", password: "" },
      undefined,
      { fields: {}, shouldUseNativeValidation: false },
    );
    expect(result.values).toEqual({});
    expect(Object.fromEntries(Object.entries(result.errors).map(([field, error]) => [field, error?.message]))).toEqual({
      name: "Enter a connection name.",
      server: "Enter the server without a scheme such as https://, for example cb.example.com.",
      port: PORT_INVALID,
      user: "Enter the Couchbase user name.",
      password: "Enter the password of the Couchbase user.",
    });
  });
});

describe("createConnectionEditSchema", () => {
  const stored = { name: "Orders, EU\u200b", server: "cb_node.example.com" };
  const unchanged = { name: stored.name, description: "New text", server: stored.server, port: "8093", user: "etl_reader", password: "" };

  function storedErrors(values: Record<string, unknown>): Partial<Record<string, string[]>> {
    const result = createConnectionEditSchema(stored).safeParse(values);
    if (result.success) return {};
    const errors: Partial<Record<string, string[]>> = {};
    for (const issue of result.error.issues) {
      const field = String(issue.path[0]);
      errors[field] = [...(errors[field] ?? []), issue.message];
    }
    return errors;
  }

  it("lets stored values that predate the rules stay", () => {
    expect(storedErrors(unchanged)).toEqual({});
  });

  it("checks a changed name with every rule", () => {
    expect(storedErrors({ ...unchanged, name: "Orders, US" })).toEqual({ name: [NAME_COMMA_MESSAGE] });
  });

  it("checks the stored server when a new password is given", () => {
    expect(storedErrors({ ...unchanged, password: "new" }).server).toHaveLength(1);
  });

  it("applies every rule without stored values", () => {
    expect(editErrors({ name: "Orders, EU", server: "", port: "", user: "", password: "" })).toEqual({ name: [NAME_COMMA_MESSAGE] });
  });
});

describe("connectionEditSchema", () => {

  it("allows all credential fields blank", () => {
    const result = connectionEditSchema.parse({ name: "Orders", description: "", server: " ", port: "", user: "", password: "" });
    expect(result).toEqual({ name: "Orders", description: "", server: "", port: "", user: "", password: "" });
  });

  it("allows a blank password with server, port and user name", () => {
    const result = connectionEditSchema.parse({ ...VALID, password: "" });
    expect(result.password).toBe("");
    expect(result.port).toBe("8093");
  });

  it("keeps the port as canonical text", () => {
    expect(connectionEditSchema.parse({ ...VALID, port: " 08093 " }).port).toBe("8093");
    expect(connectionEditSchema.parse({ ...VALID, port: 18093 }).port).toBe("18093");
  });

  it("requires server, port and user name with a password", () => {
    expect(editErrors({ server: "", port: "", user: "", password: "new" })).toEqual({
      server: [SERVER_REQUIRED],
      port: [PORT_INVALID],
      user: ["Enter the Couchbase user name."],
    });
  });

  it("requires the others once one is given", () => {
    expect(editErrors({ server: "cb.example.com", port: "", user: "", password: "" })).toEqual({
      port: [PORT_INVALID],
      user: ["Enter the Couchbase user name."],
    });
    expect(editErrors({ server: "", port: "8093", user: "", password: "" })).toEqual({
      server: [SERVER_REQUIRED],
      user: ["Enter the Couchbase user name."],
    });
  });

  it("validates each given field", () => {
    expect(editErrors({ server: "cb:8093", port: "99999", user: "u\u0000", password: "p\ud800" })).toEqual({
      server: ["Enter only the host name or IP address in Server, such as cb.example.com, and the port in the Port field."],
      port: [PORT_INVALID],
      user: ["User name contains a NUL character (U+0000), which the driver cannot read. Remove it."],
      password: ["Password contains an unpaired UTF-16 surrogate, which is not valid text. Retype it."],
    });
  });

  it("never trims the password", () => {
    expect(connectionEditSchema.parse({ ...VALID, password: " new " }).password).toBe(" new ");
  });

  it("shares the name and description rules", () => {
    expect(editErrors({ ...VALID, name: " " })).toEqual({ name: ["Enter a connection name."] });
    expect(editErrors({ ...VALID, description: "d".repeat(1025) })).toEqual({
      description: ["Shorten the description to 1,024 characters or fewer."],
    });
  });
});
