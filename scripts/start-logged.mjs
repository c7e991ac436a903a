// Runs a command with its stdout and stderr copied to a log file, so tests can search the
// server's log (for example, for secrets that must never appear there).
// Usage: node scripts/start-logged.mjs LOG_FILE COMMAND [ARGS...]
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const [logFile, command, ...args] = process.argv.slice(2);
if (!logFile || !command) {
  console.error("usage: node scripts/start-logged.mjs LOG_FILE COMMAND [ARGS...]");
  process.exit(2);
}
mkdirSync(dirname(logFile), { recursive: true });
const log = createWriteStream(logFile, { flags: "w" });
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
child.stdout.on("data", (chunk) => {
  log.write(chunk);
  process.stdout.write(chunk);
});
child.stderr.on("data", (chunk) => {
  log.write(chunk);
  process.stderr.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  log.end();
  process.exit(code ?? (signal ? 1 : 0));
});
