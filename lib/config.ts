import "server-only";
import { z } from "zod";

const DEFAULT_IMS_SCOPES =
  "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session,offline_access";

function httpUrl(example: string) {
  return z
    .string()
    .trim()
    .url({ message: `must be an absolute http(s) URL such as ${example}` })
    .refine((value) => /^https?:\/\//.test(value), {
      message: `must start with http:// or https://, such as ${example}`,
    })
    .transform((value) => value.replace(/\/+$/, ""));
}

function positiveInteger(defaultValue: number, example: string) {
  return z.coerce
    .number({ message: `must be a whole number such as ${example}` })
    .int({ message: `must be a whole number such as ${example}` })
    .positive({ message: `must be greater than 0, such as ${example}` })
    .default(defaultValue);
}

const configSchema = z.object({
  ADOBE_IMS_URL: httpUrl("https://ims-na1.adobelogin.com").default(
    "https://ims-na1.adobelogin.com",
  ),
  ADOBE_PLATFORM_URL: httpUrl("https://platform.adobe.io").default("https://platform.adobe.io"),
  ADOBE_CLIENT_ID: z
    .string({ message: "is required: the Client ID of your Developer Console OAuth Web App credential" })
    .trim()
    .min(1, { message: "is required: the Client ID of your Developer Console OAuth Web App credential" }),
  ADOBE_CLIENT_SECRET: z
    .string({ message: "is required: the Client Secret of the same credential" })
    .min(1, { message: "is required: the Client Secret of the same credential" }),
  ADOBE_IMS_ORG_ID: z
    .string({ message: "is required: your IMS organization ID, such as 0123456789ABCDEF01234567@AdobeOrg" })
    .trim()
    .regex(/^[A-Za-z0-9]+@AdobeOrg$/, {
      message: "must be an IMS organization ID ending in @AdobeOrg, such as 0123456789ABCDEF01234567@AdobeOrg",
    }),
  ADOBE_SANDBOX_NAME: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, {
      message: "must be a sandbox name in lowercase letters, digits and hyphens, such as prod",
    })
    .default("prod"),
  ADOBE_IMS_SCOPES: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:]+(,[A-Za-z0-9_.:]+)*$/, {
      message: "must be a comma-separated list of IMS scopes without spaces, such as openid,AdobeID,offline_access",
    })
    .refine((value) => value.split(",").includes("openid"), {
      message: "must include openid",
    })
    .default(DEFAULT_IMS_SCOPES),
  NEXTAUTH_SECRET: z
    .string({ message: "is required: a random string of at least 32 characters (openssl rand -base64 32)" })
    .min(32, { message: "must be at least 32 characters long (openssl rand -base64 32)" }),
  NEXTAUTH_URL: httpUrl("http://localhost:3000"),
  FLOW_SERVICE_TIMEOUT_MS: positiveInteger(30_000, "30000"),
  FLOW_SERVICE_MAX_RETRIES: z.coerce
    .number({ message: "must be a whole number from 0 to 10, such as 3" })
    .int({ message: "must be a whole number from 0 to 10, such as 3" })
    .min(0, { message: "must be a whole number from 0 to 10, such as 3" })
    .max(10, { message: "must be a whole number from 0 to 10, such as 3" })
    .default(3),
  CONNECTIONS_PAGE_SIZE: z.coerce
    .number({ message: "must be a whole number from 1 to 100, such as 25" })
    .int({ message: "must be a whole number from 1 to 100, such as 25" })
    .min(1, { message: "must be a whole number from 1 to 100, such as 25" })
    .max(100, { message: "must be a whole number from 1 to 100, such as 25" })
    .default(25),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the settings from an environment; empty strings count as unset so defaults apply. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(problems);
  }
  return result.data;
}

let cached: AppConfig | undefined;

/** Returns the validated configuration, read once from process.env. Throws ConfigError. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
