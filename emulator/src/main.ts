// Entry point of `npm run emulator`: reads EMULATOR_* settings, starts the emulator and stops it
// on SIGINT or SIGTERM.
import { ConfigError, readConfig, type EmulatorOptions } from "./config";
import { DEMO_ACCOUNT } from "./ims/pages";
import { startEmulator, type RunningEmulator } from "./server";

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Emulator not started: ${error.message}\n`);
    process.exit(1);
  }

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    process.stderr.write(`Emulator not started: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  process.stdout.write(
    [
      "",
      `Adobe emulator (IMS, Flow Service, Sandbox Management API) at ${emulator.url}`,
      `  IMS discovery: ${emulator.url}/ims/.well-known/openid-configuration`,
      `  Sign in as ${DEMO_ACCOUNT.email} with password ${DEMO_ACCOUNT.password}`,
      `  OAuth client: ${options.clientId}, redirect URIs: ${options.redirectUris.join(", ")}`,
      "  Press Ctrl+C to stop.",
      "",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C while closing: do not wait any longer.
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`Received ${signal}; stopping the emulator.\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Emulator did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Emulator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
