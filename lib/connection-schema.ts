import { z } from "zod";
import { findUnencodableCharacter, isValidPort, isValidServer } from "@/lib/sources/couchbase-build";

// One schema for the browser form (react-hook-form's zod resolver) and the server actions, so both
// reject the same input with the same words. Any input this schema accepts builds a connection
// string without a ConnectionStringError.
// The form's port input contains text, and a number is accepted too. connectionFormSchema outputs
// the port as a number.

// Zod 4 otherwise probes for eval (new Function) to speed up parsing; the Content Security Policy
// forbids eval, and the probe's violation would be reported on every form page.
z.config({ jitless: true });

export type ConnectionFormField = "name" | "description" | "server" | "port" | "user" | "password";

/** Port of the Couchbase query service without TLS. With TLS it is 18093. */
export const DEFAULT_COUCHBASE_PORT = 8093;

/**
 * Maximum length in UTF-16 code units of a user name or password.
 * NOTE: a sanity bound, not a documented Adobe limit. .NET documents 1,024 characters for a whole
 * ODBC connection string, and whether Experience Platform has a limit is not known.
 */
const MAX_CREDENTIAL_LENGTH = 1024;

const NAME_REQUIRED = "Enter a connection name.";
const SERVER_REQUIRED = "Enter the Couchbase server's host name or IP address, such as cb.example.com.";
const PORT_INVALID =
  "Enter the port as a whole number from 1 to 65535: 8093 for the Couchbase query service, or 18093 with TLS.";
const USER_REQUIRED = "Enter the Couchbase user name.";
const PASSWORD_REQUIRED = "Enter the password of the Couchbase user.";

/**
 * Bidirectional controls, zero-width and other invisible characters (soft hyphen, fillers,
 * invisible operators). A name holding them can look exactly like another connection's name, or
 * display its letters in a different order. U+200C and U+200D stay allowed, because Persian,
 * Indic scripts and emoji sequences need them.
 */
const INVISIBLE_CHARACTERS =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/;

const nameText = z
  .string({ error: NAME_REQUIRED })
  .trim()
  .min(1, { error: NAME_REQUIRED, abort: true })
  .max(256, { error: "Shorten the connection name to 256 characters or fewer." });

/** Reports control and invisible characters in a name. */
function checkNameCharacters(value: string, context: z.RefinementCtx): void {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    context.addIssue({ code: "custom", message: "Remove line breaks and other control characters from the connection name." });
  }
  if (/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u2800\u3000]/.test(value)) {
    context.addIssue({
      code: "custom",
      message: "Use ordinary spaces in the connection name. Special spaces, such as no-break spaces, look the same but make a different name.",
    });
  }
  if (value.includes("  ")) {
    context.addIssue({
      code: "custom",
      message: "Use single spaces between the words of the connection name. Several spaces in a row look like one on screen.",
    });
  }
  if (INVISIBLE_CHARACTERS.test(value)) {
    context.addIssue({
      code: "custom",
      message: "Remove invisible characters, such as zero-width spaces or text-direction marks, from the connection name. They can make one name look like another.",
    });
  }
}

/**
 * Message for a new name that contains a comma. Flow Service reads a comma in a `property`
 * filter as "or" and documents no escape. So a name with a comma cannot be looked up by name,
 * and both the duplicate check and the search would miss it.
 */
export const NAME_COMMA_MESSAGE =
  "Remove the comma from the connection name. Experience Platform cannot search for names with a comma, so Sourcedesk could not find this connection by name or stop a duplicate.";

/** Checks every rule for a name that is new or changed, the comma rule included. */
function checkNewName(value: string, context: z.RefinementCtx): void {
  checkNameCharacters(value, context);
  if (value.includes(",")) context.addIssue({ code: "custom", message: NAME_COMMA_MESSAGE });
}

const description = z
  .string({ error: "Enter the description as text." })
  .trim()
  .max(1024, { error: "Shorten the description to 1,024 characters or fewer." })
  .optional()
  .transform((value) => value ?? "");

/** Explains why `server` is not a host name or IP address, or returns undefined when it is one. */
function describeServerProblem(server: string): string | undefined {
  if (isUnspecifiedAddress(server)) {
    return "Enter the address of a Couchbase node. 0.0.0.0 and :: mean any address, so nothing can connect to them.";
  }
  if (isValidServer(server)) return undefined;
  if (server.includes("://")) {
    return "Enter the server without a scheme such as https://, for example cb.example.com.";
  }
  if (/^[^:\[\]]+:[0-9]*$/.test(server) || /^\[.*\]:[0-9]*$/.test(server)) {
    return "Enter only the host name or IP address in Server, such as cb.example.com, and the port in the Port field.";
  }
  if (/[\s,]/.test(server)) {
    return "Enter one server in Server, without spaces or commas, such as cb.example.com.";
  }
  return "Server must be a host name or IP address, such as cb.example.com, 10.0.0.5 or [2001:db8::5]. Host names use only the letters a to z, digits, hyphens and dots: no underscores, and an international name in its xn-- form.";
}

/**
 * Checks for the "any address" of IPv4 or IPv6 in any spelling (0.0.0.0, ::, ::0, [0::],
 * ::ffff:0.0.0.0), which a server listens on but no client can connect to.
 */
function isUnspecifiedAddress(server: string): boolean {
  const address = server.startsWith("[") && server.endsWith("]") ? server.slice(1, -1) : server;
  if (address === "0.0.0.0") return true;
  if (!address.includes(":") || !isValidServer(address)) return false;
  const mappedIPv4 = /^::ffff:(.*\..*)$/i.exec(address)?.[1];
  const parts = (mappedIPv4 ?? address).split(/[:.]/).filter((part) => part !== "");
  return parts.every((part) => /^0+$/.test(part));
}

/** Reports U+0000 or an unpaired surrogate in a user name or password, which the builder rejects. */
function checkEncodable(label: string) {
  return (value: string, context: z.RefinementCtx) => {
    const problem = findUnencodableCharacter(value);
    if (problem === "nul") {
      context.addIssue({ code: "custom", message: `${label} contains a NUL character (U+0000), which the driver cannot read. Remove it.` });
    } else if (problem === "unpaired-surrogate") {
      context.addIssue({ code: "custom", message: `${label} contains an unpaired UTF-16 surrogate, which is not valid text. Retype it.` });
    }
  };
}

/** Reads the port from text with optional surrounding spaces, or from a number. Returns undefined when invalid. */
function readPort(value: string | number): number | undefined {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (!/^[0-9]+$/.test(text)) return undefined;
  const port = Number(text);
  return isValidPort(port) ? port : undefined;
}

const portInput = z.union([z.string(), z.number()], { error: PORT_INVALID });

const serverField = z
  .string({ error: SERVER_REQUIRED })
  .trim()
  .min(1, { error: SERVER_REQUIRED, abort: true })
  .superRefine((value, context) => {
    const problem = describeServerProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

// Surrounding whitespace in a user name is a typing slip, so it is trimmed.
const userField = z
  .string({ error: USER_REQUIRED })
  .trim()
  .min(1, { error: USER_REQUIRED, abort: true })
  .max(MAX_CREDENTIAL_LENGTH, { error: `Shorten the user name to ${MAX_CREDENTIAL_LENGTH} characters or fewer.` })
  .superRefine(checkEncodable("User name"));

// A password is never trimmed, because spaces may be part of it.
const passwordField = z
  .string({ error: PASSWORD_REQUIRED })
  .max(MAX_CREDENTIAL_LENGTH, { error: `Shorten the password to ${MAX_CREDENTIAL_LENGTH} characters or fewer.` })
  .superRefine(checkEncodable("Password"));

/** Fields of the "New connection" form. The port defaults to 8093 when it is missing. */
export const connectionFormSchema = z.object({
  name: nameText.superRefine(checkNewName),
  description,
  server: serverField,
  port: portInput.optional().transform((value, context) => {
    if (value === undefined) return DEFAULT_COUCHBASE_PORT;
    const port = readPort(value);
    if (port === undefined) {
      context.addIssue({ code: "custom", message: PORT_INVALID });
      return z.NEVER;
    }
    return port;
  }),
  user: userField,
  password: passwordField.min(1, { error: PASSWORD_REQUIRED }),
});

export type ConnectionFormInput = z.input<typeof connectionFormSchema>;
export type ConnectionFormValues = z.output<typeof connectionFormSchema>;

/** The stored values an edit starts from, as far as the edit schema compares them. */
export interface StoredConnectionValues {
  name: string;
  server: string;
}

/**
 * Builds the schema of the edit form. A blank password keeps the stored one, and server, port and
 * user name may all be blank when Experience Platform did not return a readable connection
 * string. Once any of server, port, user name or password is filled in, server, port and user
 * name are required. The port stays text here, in canonical form ("8093") or blank, so the action
 * can compare it with the stored one. Whether a blank password is allowed for the values given is
 * the action's check, because only the action reads the stored server, port and user name.
 *
 * With `stored`, a name or server left as stored is not checked against rules it may predate, such
 * as a name made elsewhere with a comma, so that an operator can still change the description.
 * A server is checked whenever a new password is given, because the connection string is then
 * rebuilt from it.
 */
export function createConnectionEditSchema(stored?: StoredConnectionValues) {
  return z
    .object({
      name: nameText.superRefine((value, context) => {
        if (stored && value === stored.name) return;
        checkNewName(value, context);
      }),
      description,
      server: z
        .string({ error: SERVER_REQUIRED })
        .trim()
        .superRefine((value, context) => {
          if (value === "" || (stored && value === stored.server)) return;
          const problem = describeServerProblem(value);
          if (problem) context.addIssue({ code: "custom", message: problem });
        }),
      port: portInput.optional().transform((value, context) => {
        if (value === undefined || (typeof value === "string" && value.trim() === "")) return "";
        const port = readPort(value);
        if (port === undefined) {
          context.addIssue({ code: "custom", message: PORT_INVALID });
          return z.NEVER;
        }
        return String(port);
      }),
      user: z
        .string({ error: USER_REQUIRED })
        .trim()
        .max(MAX_CREDENTIAL_LENGTH, { error: `Shorten the user name to ${MAX_CREDENTIAL_LENGTH} characters or fewer.` })
        .superRefine(checkEncodable("User name")),
      password: passwordField,
    })
    .superRefine((values, context) => {
      // Zod runs this only once every field is valid, so the stored server, which the field check
      // skips, is checked here when a new password means the connection string is rebuilt from it.
      const rebuiltFromStored = stored !== undefined && values.server !== "" && values.server === stored.server && values.password !== "";
      const serverProblem = rebuiltFromStored ? describeServerProblem(values.server) : undefined;
      if (serverProblem) context.addIssue({ code: "custom", path: ["server"], message: serverProblem });

      const anyGiven = values.server !== "" || values.port !== "" || values.user !== "" || values.password !== "";
      if (!anyGiven) return;
      if (values.server === "") context.addIssue({ code: "custom", path: ["server"], message: SERVER_REQUIRED });
      if (values.port === "") context.addIssue({ code: "custom", path: ["port"], message: PORT_INVALID });
      if (values.user === "") context.addIssue({ code: "custom", path: ["user"], message: USER_REQUIRED });
    });
}

/** The edit schema with every rule applied to every field, as for values that are all new. */
export const connectionEditSchema = createConnectionEditSchema();

export type ConnectionEditInput = z.input<typeof connectionEditSchema>;
export type ConnectionEditValues = z.output<typeof connectionEditSchema>;

/** Collects the first message for each form field from zod issues, for a validation result. */
export function fieldErrorsFrom(issues: readonly z.core.$ZodIssue[]): Partial<Record<ConnectionFormField, string>> {
  const fieldErrors: Partial<Record<ConnectionFormField, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0] as ConnectionFormField | undefined;
    if (field && !fieldErrors[field]) fieldErrors[field] = issue.message;
  }
  return fieldErrors;
}
