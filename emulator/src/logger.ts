import pino, { type DestinationStream, type LevelWithSilent, type Logger } from "pino";

/**
 * Paths that pino replaces with "[redacted]" wherever they appear in a log object, so a secret
 * handed to the logger by mistake never reaches the output.
 */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "*.headers.cookie",
  "client_secret",
  "*.client_secret",
  "clientSecret",
  "*.clientSecret",
  "code",
  "code_verifier",
  "token",
  "*.token",
  "access_token",
  "refresh_token",
  "id_token",
  "accessToken",
  "refreshToken",
  "idToken",
  "connectionString",
  "*.connectionString",
  "*.*.connectionString",
];

/** Creates the emulator's structured (JSON lines) logger. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    name: "emulator",
    level,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
