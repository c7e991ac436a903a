import { Writable } from "node:stream";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/server";

/**
 * Starts the whole emulator (IMS and Platform) on 127.0.0.1 with a free port and no log output.
 * Options override those test defaults. Everything else takes the emulator's defaults, never
 * EMULATOR_* variables. Call `close()` when done, such as in afterAll.
 */
export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, host: "127.0.0.1", logLevel: "silent", ...options });
}

/** A log destination that keeps the emulator's JSON log lines for assertions. */
export interface CapturedLogs {
  destination: Writable;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  text(): string;
}

/** Pass `destination` as the `logDestination` option (with a `logLevel` other than silent). */
export function captureLogs(): CapturedLogs {
  let text = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  return {
    destination,
    text: () => text,
    lines: () =>
      text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
