import "server-only";
import pino from "pino";

/**
 * Paths the logger replaces with "[redacted]" wherever they appear in a log object, so a secret
 * passed to the logger by mistake never reaches the output. Tests grep the server log for canary
 * secrets to prove this holds.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "connectionString",
  "*.connectionString",
  "*.*.connectionString",
  "params",
  "*.params",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "*.headers.cookie",
  "body",
  "*.body",
];

/** Creates the server logger; tests pass their own destination to read what it writes. */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    name: "sourcedesk",
    level: process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    base: undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();
