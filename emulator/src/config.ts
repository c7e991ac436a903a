import path from "node:path";
import type { DestinationStream, LevelWithSilent } from "pino";
import { z } from "zod";

/** Settings of one emulator process. `readConfig` builds them from EMULATOR_* variables. */
export interface EmulatorOptions {
  /** TCP port. 0 lets the operating system choose a free one. */
  port: number;
  host: string;
  /** Lifetime of IMS access tokens in seconds. Adobe's is 24 hours. */
  accessTokenTtlSeconds: number;
  /** The one registered OAuth client: the dashboard's client id, which is also its API key. */
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs. The first one is the client's default, as in Adobe's Developer Console. */
  redirectUris: string[];
  /** State file of the Platform part. IMS keeps its keys and tokens in files beside it. */
  dataFile?: string;
  logLevel: LevelWithSilent;
  /** Destination of the log lines, standard output when unset. Tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

export const DEFAULT_OPTIONS: EmulatorOptions = {
  port: 4010,
  host: "127.0.0.1",
  accessTokenTtlSeconds: 24 * 60 * 60,
  clientId: "sourcedesk-demo",
  clientSecret: "sourcedesk-demo-secret",
  redirectUris: [
    "http://localhost:3000/api/auth/callback/adobe",
    "http://127.0.0.1:3000/api/auth/callback/adobe",
  ],
  logLevel: "info",
};

/** An invalid setting. The message names the variable or option and states what it must be. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

// RFC 6749 appendix A.1 and A.2: client_id and client_secret are printable ASCII (VSCHAR).
const VISIBLE_ASCII = /^[\x20-\x7e]+$/;

function isRedirectUri(value: string): boolean {
  const url = URL.parse(value);
  // RFC 6749 section 3.1.2: an absolute URI without a fragment.
  return url !== null && (url.protocol === "http:" || url.protocol === "https:") && url.hash === "" && !value.includes("#");
}

const REDIRECT_URI_RULE =
  "must be a comma-separated list of absolute http(s) URLs without a fragment, " +
  "such as http://localhost:3000/api/auth/callback/adobe";

const environmentSchema = z.object({
  EMULATOR_PORT: z
    .string()
    .regex(/^\d{1,5}$/, "must be a whole number from 0 to 65535, such as 4010")
    .transform(Number)
    .refine((port) => port <= 65535, "must be a whole number from 0 to 65535, such as 4010")
    .optional(),
  EMULATOR_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]+$/, "must be a host name or IP address to listen on, such as 127.0.0.1")
    .optional(),
  EMULATOR_ACCESS_TOKEN_TTL: z
    .string()
    .regex(/^[1-9]\d*$/, "must be a whole number of seconds greater than 0, such as 86400")
    .transform(Number)
    .refine(Number.isSafeInteger, "must be a whole number of seconds greater than 0, such as 86400")
    .optional(),
  EMULATOR_CLIENT_ID: z
    .string()
    .regex(VISIBLE_ASCII, "must be a non-empty client id of printable ASCII characters, such as sourcedesk-demo")
    .optional(),
  EMULATOR_CLIENT_SECRET: z
    .string()
    .regex(VISIBLE_ASCII, "must be a non-empty secret of printable ASCII characters")
    .optional(),
  EMULATOR_REDIRECT_URIS: z
    .string()
    .transform((value) => value.split(",").map((uri) => uri.trim()))
    .refine((uris) => uris.every((uri) => uri !== "" && isRedirectUri(uri)), REDIRECT_URI_RULE)
    .optional(),
  EMULATOR_DATA_FILE: z.string().min(1, "must be a file path, such as .emulator/state.json").optional(),
  EMULATOR_LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`).optional(),
});

/**
 * Reads the EMULATOR_* variables, applies the defaults and validates the result.
 * Throws ConfigError naming the first invalid variable. The secret's value never appears in it.
 */
export function readConfig(environment: Record<string, string | undefined>): EmulatorOptions {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name.startsWith("EMULATOR_") && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "EMULATOR_*");
    throw new ConfigError(`${variable} ${issue?.message ?? "is invalid"}.`);
  }
  const variables = parsed.data;
  return resolveOptions({
    port: variables.EMULATOR_PORT,
    host: variables.EMULATOR_HOST,
    accessTokenTtlSeconds: variables.EMULATOR_ACCESS_TOKEN_TTL,
    clientId: variables.EMULATOR_CLIENT_ID,
    clientSecret: variables.EMULATOR_CLIENT_SECRET,
    redirectUris: variables.EMULATOR_REDIRECT_URIS,
    dataFile: variables.EMULATOR_DATA_FILE,
    logLevel: variables.EMULATOR_LOG_LEVEL,
  });
}

/**
 * Fills unset options with DEFAULT_OPTIONS (not with environment variables) and validates them.
 * Throws ConfigError naming the first invalid option.
 */
export function resolveOptions(options: Partial<EmulatorOptions>): EmulatorOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: EmulatorOptions = { ...DEFAULT_OPTIONS, ...defined };

  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new ConfigError("port must be a whole number from 0 to 65535, such as 4010.");
  }
  if (resolved.host.trim() === "") {
    throw new ConfigError("host must be a host name or IP address to listen on, such as 127.0.0.1.");
  }
  if (!Number.isSafeInteger(resolved.accessTokenTtlSeconds) || resolved.accessTokenTtlSeconds < 1) {
    throw new ConfigError("accessTokenTtlSeconds must be a whole number of seconds greater than 0, such as 86400.");
  }
  if (!VISIBLE_ASCII.test(resolved.clientId)) {
    throw new ConfigError("clientId must be a non-empty client id of printable ASCII characters.");
  }
  if (!VISIBLE_ASCII.test(resolved.clientSecret)) {
    throw new ConfigError("clientSecret must be a non-empty secret of printable ASCII characters.");
  }
  if (resolved.redirectUris.length === 0 || !resolved.redirectUris.every(isRedirectUri)) {
    throw new ConfigError(`redirectUris ${REDIRECT_URI_RULE}.`);
  }
  if (!(LOG_LEVELS as readonly string[]).includes(resolved.logLevel)) {
    throw new ConfigError(`logLevel must be one of ${LOG_LEVELS.join(", ")}.`);
  }
  if (resolved.dataFile !== undefined) {
    resolved.dataFile = path.resolve(resolved.dataFile);
  }
  return resolved;
}
